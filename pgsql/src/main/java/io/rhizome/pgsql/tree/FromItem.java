/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import java.util.List;

/** An item of a FROM list. */
public sealed interface FromItem extends Node {

  /** {@code [AS] name [(col, ...)]} after a FROM item. */
  record Alias(String name, List<String> columns, int start, int end) implements Node {
    public Alias {
      columns = List.copyOf(columns);
    }

    @Override
    public List<Node> children() {
      return List.of();
    }
  }

  /** A table or view, {@code [ONLY] name [*] [alias]}. */
  record Table(Name name, Alias alias, int start, int end) implements FromItem {
    @Override
    public List<Node> children() {
      return Expr.nodes(name, alias);
    }
  }

  /** {@code [LATERAL] (query) alias}. */
  record Subquery(Query query, boolean lateral, Alias alias, int start, int end)
      implements FromItem {
    @Override
    public List<Node> children() {
      return Expr.nodes(query, alias);
    }
  }

  /** {@code [LATERAL] f(args) [WITH ORDINALITY] [alias [(cols)]]}. */
  record Function(
      Expr.FuncCall call, boolean ordinality, boolean lateral, Alias alias, int start, int end)
      implements FromItem {
    @Override
    public List<Node> children() {
      return Expr.nodes(call, alias);
    }
  }

  /**
   * {@code left [NATURAL] type JOIN right [ON cond | USING (cols)]}; {@code type} is INNER, LEFT,
   * RIGHT, FULL or CROSS.
   */
  record Join(
      FromItem left,
      String type,
      boolean natural,
      FromItem right,
      Expr on,
      List<String> using,
      int start,
      int end)
      implements FromItem {
    public Join {
      using = using == null ? List.of() : List.copyOf(using);
    }

    @Override
    public List<Node> children() {
      return Expr.nodes(left, right, on);
    }
  }

  /** {@code (join) [alias]}. */
  record Parenthesized(FromItem inner, Alias alias, int start, int end) implements FromItem {
    @Override
    public List<Node> children() {
      return Expr.nodes(inner, alias);
    }
  }
}
