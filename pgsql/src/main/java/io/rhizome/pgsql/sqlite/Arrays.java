/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Query;
import java.util.Set;

/**
 * Arrays, which SQLite has no type for: values are Postgres' text form ({@code {a,b}}), built by
 * the node's helpers ({@link NodeCatalog}); {@code ANY}/{@code ALL} and subscripts read them
 * through {@code json_each}.
 */
final class Arrays {
  private Arrays() {}

  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

  /** {@code ARRAY[a, b]}. */
  static String literal(Writer w, Expr.ArrayLiteral a) {
    if (a.items().isEmpty()) {
      return "'{}'";
    }
    StringBuilder sb = new StringBuilder(NodeCatalog.ARRAY).append('(');
    for (int i = 0; i < a.items().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(w.writeChild(a.items().get(i)));
    }
    return sb.append(')').toString();
  }

  /** {@code ARRAY(SELECT x ...)}: the subquery's one column aggregated, in the subquery's order. */
  static String query(Writer w, Expr.ArrayQuery a) {
    if (!(a.query() instanceof Query.Select s) || s.targets().size() != 1) {
      throw SqlException.unsupported("ARRAY() of a query that is not a one-column SELECT");
    }
    // The one column is named so the aggregate can read it, whatever the subquery called it.
    String inner = w.selectNamingFirstColumn(s, "rhz_element");
    // ARRAY() of no rows is the empty array, where array_agg of none is NULL.
    return "(SELECT coalesce(array_agg(rhz_element), '{}') FROM (" + inner + "))";
  }

  /** {@code x op ANY (array)}, {@code x op ALL (array)}, and the same with a subquery. */
  static String quantified(Writer w, Expr.Quantified q) {
    String op = q.op();
    if (!COMPARISONS.contains(op)) {
      throw SqlException.unsupported(op + " " + q.quantifier() + "(...)");
    }
    boolean all = q.quantifier().equals("ALL");
    String left = w.writeChild(q.left());
    if (q.query() != null) {
      if (op.equals("=") && !all) {
        return left + " IN (" + w.query(q.query(), false) + ")";
      }
      if ((op.equals("<>") || op.equals("!=")) && all) {
        return left + " NOT IN (" + w.query(q.query(), false) + ")";
      }
      throw SqlException.unsupported(op + " " + q.quantifier() + " (subquery)");
    }
    Expr array = q.array();
    if (array instanceof Expr.ArrayLiteral lit && !lit.items().isEmpty()) {
      String items = itemList(w, lit);
      if (op.equals("=") && !all) {
        return left + " IN (" + items + ")";
      }
      if ((op.equals("<>") || op.equals("!=")) && all) {
        return left + " NOT IN (" + items + ")";
      }
    }
    String elements =
        "SELECT value FROM json_each(" + NodeCatalog.ARRAY_JSON + "(" + w.writeChild(array) + "))";
    if (op.equals("=") && !all) {
      return left + " IN (" + elements + ")";
    }
    if ((op.equals("<>") || op.equals("!=")) && all) {
      return left + " NOT IN (" + elements + ")";
    }
    String test = "(" + left + ") " + op + " value";
    return all
        ? "NOT EXISTS (" + elements + " WHERE NOT (" + test + "))"
        : "EXISTS (" + elements + " WHERE " + test + ")";
  }

  private static String itemList(Writer w, Expr.ArrayLiteral lit) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lit.items().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(w.writeChild(lit.items().get(i)));
    }
    return sb.toString();
  }

  /** {@code a[i]}; slices are not translated. */
  static String subscript(Writer w, Expr.Subscript s) {
    if (s.slice()) {
      throw SqlException.unsupported("array slices");
    }
    return NodeCatalog.ARRAY_GET
        + "("
        + w.writeChild(s.base())
        + ", "
        + w.writeChild(s.index())
        + ")";
  }
}
