/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Node;
import io.rhizome.pgsql.tree.Query;
import java.util.List;
import java.util.Set;

/** What the rules need to know about an expression without evaluating it. */
final class Expressions {
  private Expressions() {}

  private static final Set<String> COMPARISONS =
      Set.of(
          "=",
          "<>",
          "!=",
          "<",
          ">",
          "<=",
          ">=",
          "AND",
          "OR",
          "IS DISTINCT FROM",
          "IS NOT DISTINCT FROM",
          "~",
          "~*",
          "!~",
          "!~*",
          "~~",
          "!~~",
          "~~*",
          "!~~*");

  /** Functions whose value is a boolean. */
  private static final Set<String> BOOLEAN_FUNCTIONS =
      Set.of(
          "pg_table_is_visible",
          "pg_type_is_visible",
          "pg_function_is_visible",
          "pg_collation_is_visible",
          "pg_is_in_recovery",
          "pg_has_role",
          "pg_relation_is_publishable",
          "regexp_like",
          "bool_and",
          "bool_or",
          "every");

  /** Aggregates: an expression holding one must not move into a subquery. */
  static final Set<String> AGGREGATES =
      Set.of(
          "count",
          "sum",
          "min",
          "max",
          "avg",
          "array_agg",
          "string_agg",
          "group_concat",
          "bool_and",
          "bool_or",
          "every",
          "json_agg",
          "jsonb_agg",
          "json_object_agg",
          "total",
          "json_group_array",
          "json_group_object");

  /** Set-returning functions that may stand in a select list. */
  static final Set<String> SET_RETURNING =
      Set.of(
          "unnest",
          "generate_subscripts",
          "_pg_expandarray",
          "generate_series",
          "pg_partition_ancestors");

  /** Whether the expression's value is a boolean (a comparison, a test, a logical operator...). */
  static boolean isBoolean(Expr e) {
    if (e instanceof Expr.Binary b) {
      return COMPARISONS.contains(b.op());
    }
    if (e instanceof Expr.Unary u) {
      return u.op().equals("NOT");
    }
    if (e instanceof Expr.Literal l) {
      return l.kind() == Expr.Literal.Kind.TRUE || l.kind() == Expr.Literal.Kind.FALSE;
    }
    if (e instanceof Expr.Paren p) {
      return isBoolean(p.inner());
    }
    if (e instanceof Expr.FuncCall f) {
      return BOOLEAN_FUNCTIONS.contains(f.function()) || f.function().startsWith("has_");
    }
    if (e instanceof Expr.Cast c) {
      return c.type().canonical().equals("bool") && !c.type().isArray();
    }
    return e instanceof Expr.IsTest
        || e instanceof Expr.Between
        || e instanceof Expr.InList
        || e instanceof Expr.InQuery
        || e instanceof Expr.Quantified
        || e instanceof Expr.Exists
        || e instanceof Expr.Like;
  }

  /** Whether an aggregate is called in the expression (outside subqueries). */
  static boolean hasAggregate(Node n) {
    if (n instanceof Query) {
      return false;
    }
    if (n instanceof Expr.FuncCall f && f.over() == null && AGGREGATES.contains(f.function())) {
      return true;
    }
    for (Node c : n.children()) {
      if (c != null && hasAggregate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the expression is an array written as one (ARRAY[...], ARRAY(...), x::t[]). */
  static boolean isArray(Expr e) {
    if (e instanceof Expr.ArrayLiteral || e instanceof Expr.ArrayQuery) {
      return true;
    }
    if (e instanceof Expr.Cast c) {
      return c.type().isArray();
    }
    if (e instanceof Expr.FuncCall f) {
      return f.function().equals("array_agg");
    }
    return e instanceof Expr.Paren p && isArray(p.inner());
  }

  /**
   * Collects the set-returning calls of a select-list expression (not inside subqueries) and the
   * field selections made directly of them ({@code (f(x)).n}).
   */
  static void collectSetReturning(Node n, List<Expr.FuncCall> calls, List<Expr.Field> fields) {
    if (n instanceof Query) {
      return;
    }
    if (n instanceof Expr.Field f && setReturningCall(f.base()) != null) {
      fields.add(f);
    }
    if (n instanceof Expr.FuncCall f && SET_RETURNING.contains(f.function()) && f.over() == null) {
      calls.add(f);
      return;
    }
    for (Node c : n.children()) {
      if (c != null) {
        collectSetReturning(c, calls, fields);
      }
    }
  }

  /** The set-returning call an expression is (through parentheses), or null. */
  static Expr.FuncCall setReturningCall(Expr e) {
    if (e instanceof Expr.Paren p) {
      return setReturningCall(p.inner());
    }
    if (e instanceof Expr.FuncCall f && SET_RETURNING.contains(f.function())) {
      return f;
    }
    return null;
  }

  /** Whether the expression refers to a column (so a function of it depends on the row). */
  static boolean refersToColumns(Node n) {
    if (n instanceof Expr.ColumnRef) {
      return true;
    }
    for (Node c : n.children()) {
      if (c != null && refersToColumns(c)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a written expression needs parentheses to stay one operand. */
  static boolean isPrimary(Expr e) {
    return e instanceof Expr.ColumnRef
        || e instanceof Expr.Literal
        || e instanceof Expr.Param
        || e instanceof Expr.FuncCall
        || e instanceof Expr.Paren
        || e instanceof Expr.Subquery
        || e instanceof Expr.Cast c && c.syntax() == Expr.CastSyntax.CAST;
  }
}
