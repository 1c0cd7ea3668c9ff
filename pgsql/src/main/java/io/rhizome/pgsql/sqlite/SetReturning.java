/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.FromItem;
import io.rhizome.pgsql.tree.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Set-returning functions ({@code unnest}, {@code generate_series}, {@code generate_subscripts},
 * {@code information_schema._pg_expandarray}, {@code pg_get_keywords}, {@code
 * pg_partition_ancestors}). The node computes each as a JSON array and SQLite's {@code json_each}
 * turns it into rows. In FROM, a function of constants becomes a subquery with the function's
 * column names; one whose arguments refer to other FROM items stays a {@code json_each} (SQLite
 * allows that for table-valued functions, not for subqueries) and references to its columns are
 * rewritten. In a select list, the calls over one array are zipped, as in Postgres, into one {@code
 * json_each} added to the FROM list.
 */
final class SetReturning {
  private SetReturning() {}

  private static final String[] KEYWORD_COLUMNS = {
    "word", "catcode", "barelabel", "catdesc", "baredesc"
  };

  /** The function's name, checked to be one this class translates. */
  private static String name(Expr.FuncCall call) {
    String schema = call.name().qualifier();
    String fn = call.function();
    if (fn.equals("_pg_expandarray")) {
      if (schema == null || schema.equals("information_schema")) {
        return fn;
      }
    } else if (schema == null || schema.equals("pg_catalog")) {
      switch (fn) {
        case "unnest",
            "generate_series",
            "generate_subscripts",
            "pg_get_keywords",
            "pg_partition_ancestors" -> {
          return fn;
        }
        default -> {}
      }
    }
    throw SqlException.unsupported("the function " + fn + "() in FROM");
  }

  static boolean isCorrelated(FromItem.Function f) {
    for (Expr a : f.call().args()) {
      if (a != null && Expressions.refersToColumns(a)) {
        return true;
      }
    }
    return false;
  }

  /** The name the function's rows go by: its alias, or the function's name. */
  static String alias(FromItem.Function f) {
    return f.alias() != null ? f.alias().name() : f.call().function();
  }

  /** Column name → SQL over json_each's columns of the alias, for a correlated function. */
  static Map<String, String> columns(FromItem.Function f) {
    return columnExpressions(f, alias(f), null);
  }

  private static Map<String, String> columnExpressions(
      FromItem.Function f, String j, String lower) {
    String fn = name(f.call());
    List<String> given = f.alias() == null ? List.of() : f.alias().columns();
    Map<String, String> out = new LinkedHashMap<>();
    List<String> defaults = new ArrayList<>();
    List<String> values = new ArrayList<>();
    switch (fn) {
      case "_pg_expandarray" -> {
        defaults.add("x");
        values.add(j + ".value");
        defaults.add("n");
        values.add("(" + j + ".key + 1)");
      }
      case "pg_get_keywords" -> {
        for (String k : KEYWORD_COLUMNS) {
          defaults.add(k);
          values.add("json_extract(" + j + ".value, " + Strings.literal("$." + k) + ")");
        }
      }
      case "generate_subscripts" -> {
        defaults.add(f.alias() != null ? f.alias().name() : fn);
        values.add("(" + j + ".key + " + (lower == null ? "1" : lower) + ")");
      }
      case "pg_partition_ancestors" -> {
        defaults.add("relid");
        values.add(j + ".value");
      }
      default -> {
        defaults.add(f.alias() != null ? f.alias().name() : fn);
        values.add(j + ".value");
      }
    }
    if (f.ordinality()) {
      defaults.add("ordinality");
      values.add("(" + j + ".key + 1)");
    }
    for (int i = 0; i < values.size(); i++) {
      String name = i < given.size() ? given.get(i) : defaults.get(i);
      out.put(name, values.get(i));
    }
    return out;
  }

  /** The JSON array a set-returning call's rows come from. */
  private static String json(Writer w, Expr.FuncCall call) {
    String fn = name(call);
    List<Expr> args = call.args();
    return switch (fn) {
      case "unnest", "_pg_expandarray", "generate_subscripts" -> {
        if (args.isEmpty() || (fn.equals("unnest") && args.size() != 1)) {
          throw SqlException.unsupported(fn + "() of several arrays");
        }
        yield NodeCatalog.ARRAY_JSON + "(" + w.writeChild(args.get(0)) + ")";
      }
      case "generate_series" -> {
        StringBuilder sb = new StringBuilder(NodeCatalog.SERIES).append('(');
        for (int i = 0; i < args.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(w.writeChild(args.get(i)));
        }
        yield sb.append(')').toString();
      }
      case "pg_get_keywords" -> NodeCatalog.KEYWORDS + "()";
      case "pg_partition_ancestors" -> "'[]'";
      default -> throw SqlException.unsupported("the function " + fn + "() in FROM");
    };
  }

  private static String lowerBound(Writer w, Expr.FuncCall call) {
    if (call.function().equals("generate_subscripts") && !call.args().isEmpty()) {
      return NodeCatalog.ARRAY_LOWER + "(" + w.writeChild(call.args().get(0)) + ")";
    }
    return null;
  }

  /** A set-returning function in FROM. */
  static String fromItem(Writer w, FromItem.Function f) {
    String json = json(w, f.call());
    String alias = alias(f);
    if (isCorrelated(f)) {
      return "json_each(" + json + ") AS " + Strings.identifier(alias);
    }
    Map<String, String> columns = columnExpressions(f, "rhz_j", lowerBound(w, f.call()));
    StringBuilder sb = new StringBuilder("(SELECT ");
    int i = 0;
    for (Map.Entry<String, String> c : columns.entrySet()) {
      sb.append(i++ == 0 ? "" : ", ")
          .append(c.getValue())
          .append(" AS ")
          .append(Strings.identifier(c.getKey()));
    }
    return sb.append(" FROM json_each(")
        .append(json)
        .append(") AS rhz_j) AS ")
        .append(Strings.identifier(alias))
        .toString();
  }

  /**
   * Lifts the set-returning calls of a select list into one json_each: registers the replacement of
   * each call and of each field selection of one, and returns the FROM items to add.
   */
  static List<String> lift(
      Writer w,
      List<Expr.FuncCall> calls,
      List<Expr.Field> fields,
      Map<Node, String> replaced,
      String alias) {
    String key = null;
    String json = null;
    for (Expr.FuncCall call : calls) {
      String fn = call.function();
      String k =
          fn.equals("generate_series") || fn.equals("pg_partition_ancestors")
              ? json(w, call)
              : call.args().isEmpty() ? "" : w.writeChild(call.args().get(0));
      if (key == null) {
        key = k;
        json = json(w, call);
      } else if (!key.equals(k)) {
        throw SqlException.unsupported(
            "set-returning functions of different arrays in one select list");
      }
    }
    for (Expr.FuncCall call : calls) {
      String value =
          switch (call.function()) {
            case "unnest", "generate_series", "pg_partition_ancestors" -> alias + ".value";
            case "generate_subscripts" -> "(" + alias + ".key + " + lowerBound(w, call) + ")";
            case "_pg_expandarray" ->
                "json_object('x', " + alias + ".value, 'n', " + alias + ".key + 1)";
            default -> throw SqlException.unsupported(call.function() + "() in a select list");
          };
      replaced.put(call, value);
    }
    for (Expr.Field f : fields) {
      switch (f.field()) {
        case "x" -> replaced.put(f, alias + ".value");
        case "n" -> replaced.put(f, "(" + alias + ".key + 1)");
        default ->
            throw SqlException.unsupported("the field " + f.field() + " of " + "_pg_expandarray()");
      }
    }
    return List.of("json_each(" + json + ") AS " + alias);
  }
}
