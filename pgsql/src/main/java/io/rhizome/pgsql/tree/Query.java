/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import java.util.List;

/** A query: a SELECT, a VALUES list, a set operation of them, or one in parentheses. */
public sealed interface Query extends Node {

  /**
   * {@code SELECT}.
   *
   * @param with the WITH clause, or null
   * @param distinctOn the DISTINCT ON expressions, empty when absent
   * @param fromEnd where the FROM list's text ends (-1 without a FROM), so items can be added
   * @param tail ORDER BY, LIMIT and OFFSET of this select (null when part of a set operation)
   */
  record Select(
      With with,
      boolean distinct,
      List<Expr> distinctOn,
      List<Target> targets,
      List<FromItem> from,
      int fromEnd,
      Expr where,
      List<Expr> groupBy,
      Expr having,
      Tail tail,
      int start,
      int end)
      implements Query {
    public Select {
      distinctOn = List.copyOf(distinctOn);
      targets = List.copyOf(targets);
      from = List.copyOf(from);
      groupBy = List.copyOf(groupBy);
    }

    @Override
    public List<Node> children() {
      return Expr.nodes(with, distinctOn, targets, from, where, groupBy, having, tail);
    }
  }

  /** {@code VALUES (...), (...)}. */
  record Values(With with, List<Expr.Row> rows, Tail tail, int start, int end) implements Query {
    public Values {
      rows = List.copyOf(rows);
    }

    @Override
    public List<Node> children() {
      return Expr.nodes(with, rows, tail);
    }
  }

  /** {@code left UNION|INTERSECT|EXCEPT [ALL] right}, with the ORDER BY / LIMIT of the whole. */
  record SetOperation(
      With with, Query left, String op, boolean all, Query right, Tail tail, int start, int end)
      implements Query {
    @Override
    public List<Node> children() {
      return Expr.nodes(with, left, right, tail);
    }
  }

  /** {@code (query)} where a query may stand (an operand of a set operation). */
  record Parenthesized(Query inner, int start, int end) implements Query {
    @Override
    public List<Node> children() {
      return List.of(inner);
    }
  }

  /** {@code WITH [RECURSIVE] name [(cols)] AS (query), ...}. */
  record With(boolean recursive, List<Cte> ctes, int start, int end) implements Node {
    @Override
    public List<Node> children() {
      return Expr.nodes(ctes);
    }
  }

  record Cte(String name, List<String> columns, Query query, int start, int end) implements Node {
    @Override
    public List<Node> children() {
      return List.of(query);
    }
  }

  /**
   * An output column.
   *
   * @param alias the name given with or without AS, folded, or null
   * @param aliasStart where the alias's text starts (-1 without one), which ends the expression's
   */
  record Target(Expr expr, String alias, int aliasStart, int start, int end) implements Node {
    @Override
    public List<Node> children() {
      return List.of(expr);
    }
  }

  /** An ORDER BY item; {@code using} is the operator of {@code USING op}, or null. */
  record SortItem(Expr expr, String using, int start, int end) implements Node {
    @Override
    public List<Node> children() {
      return List.of(expr);
    }
  }

  /**
   * ORDER BY, LIMIT/OFFSET and FETCH FIRST of a query.
   *
   * @param limitAll whether it says LIMIT ALL
   * @param fetchStart where a FETCH FIRST clause starts (-1 if none); its count is {@code limit}
   * @param limitStart where the LIMIT/OFFSET/FETCH part's text starts (-1 when there is none)
   */
  record Tail(
      List<SortItem> orderBy,
      Expr limit,
      boolean limitAll,
      Expr offset,
      int limitStart,
      int fetchStart,
      int start,
      int end)
      implements Node {
    public Tail {
      orderBy = List.copyOf(orderBy);
    }

    @Override
    public List<Node> children() {
      return Expr.nodes(orderBy, limit, offset);
    }

    public boolean isEmpty() {
      return orderBy.isEmpty() && limit == null && offset == null && !limitAll;
    }
  }
}
