/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import io.rhizome.pgsql.tree.Query.SortItem;
import java.util.ArrayList;
import java.util.List;

/** A value expression. */
public sealed interface Expr extends Node {

  /** The children of a node from its parts, nulls left out, in the order given. */
  static List<Node> nodes(Object... parts) {
    List<Node> out = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Node n) {
        out.add(n);
      } else if (p instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Node n) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  /** A constant: a string (any of Postgres' forms), a number, NULL, TRUE or FALSE. */
  record Literal(Kind kind, String text, String value, int start, int end) implements Expr {
    public enum Kind {
      STRING,
      NUMBER,
      NULL,
      TRUE,
      FALSE
    }

    /** Whether the source text is a plain '…' constant (not E'…', $$…$$, ...). */
    public boolean isPlainString() {
      return kind == Kind.STRING && text.charAt(0) == '\'';
    }

    @Override
    public List<Node> children() {
      return List.of();
    }
  }

  /** {@code $n}. */
  record Param(int number, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of();
    }
  }

  /** A column reference ({@code a}, {@code t.a}, {@code s.t.a}), or {@code *} / {@code t.*}. */
  record ColumnRef(Name name, boolean star, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return name == null ? List.of() : List.of(name);
    }
  }

  /** How a function call was written. */
  enum CallSyntax {
    NORMAL,
    /** {@code substring(x FROM a FOR b)}: args x, a (or null), b (or null). */
    SUBSTRING_FROM,
    /** {@code trim([BOTH|LEADING|TRAILING] [chars] FROM x)}: args x, chars (or null). */
    TRIM,
    /** {@code position(a IN b)}: args a, b. */
    POSITION,
    /** {@code extract(field FROM x)}: args field (a string literal), x. */
    EXTRACT,
    /** {@code overlay(a PLACING b FROM c [FOR d])}. */
    OVERLAY
  }

  /**
   * A function call with what may follow it.
   *
   * @param trimSide BOTH, LEADING or TRAILING for {@link CallSyntax#TRIM}, else null
   * @param orderBy ORDER BY inside the parentheses (aggregates), empty when absent
   * @param within WITHIN GROUP (ORDER BY ...), empty when absent
   * @param filter FILTER (WHERE ...), or null
   * @param over the window, or null
   */
  record FuncCall(
      Name name,
      CallSyntax syntax,
      List<Expr> args,
      boolean distinct,
      boolean star,
      String trimSide,
      List<SortItem> orderBy,
      List<SortItem> within,
      Expr filter,
      Window over,
      int start,
      int end)
      implements Expr {
    public FuncCall {
      args = Collections.nonNull(args);
      orderBy = Collections.nonNull(orderBy);
      within = Collections.nonNull(within);
    }

    @Override
    public List<Node> children() {
      return Expr.nodes(name, args, orderBy, within, filter, over);
    }

    /** The function's own name, lower case unless quoted. */
    public String function() {
      return name.last();
    }
  }

  /** {@code OVER (PARTITION BY ... ORDER BY ... frame)}; a frame clause stays as written. */
  record Window(List<Expr> partitionBy, List<SortItem> orderBy, int start, int end)
      implements Node {
    @Override
    public List<Node> children() {
      return Expr.nodes(partitionBy, orderBy);
    }
  }

  /** How a cast was written. */
  enum CastSyntax {
    /** {@code x::type} */
    COLONS,
    /** {@code CAST(x AS type)} */
    CAST,
    /** {@code type 'literal'}, e.g. {@code interval '1 day'} */
    TYPE_LITERAL
  }

  record Cast(Expr operand, TypeName type, CastSyntax syntax, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return syntax == CastSyntax.TYPE_LITERAL
          ? Expr.nodes(type, operand)
          : Expr.nodes(operand, type);
    }
  }

  /** A prefix operator: NOT, -, +, ~ (bitwise not), and Postgres' |/ @ etc. */
  record Unary(String op, Expr operand, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand);
    }
  }

  /**
   * A binary operator. {@code op} is upper case for words (AND, OR, IS DISTINCT FROM, IS NOT
   * DISTINCT FROM) and the symbol otherwise; {@code OPERATOR(pg_catalog.~)} is {@code ~} with
   * {@code explicit} set.
   *
   * @param opStart where the operator's text starts
   * @param opEnd where it ends
   */
  record Binary(
      String op,
      Expr left,
      Expr right,
      boolean explicit,
      int opStart,
      int opEnd,
      int start,
      int end)
      implements Expr {
    @Override
    public List<Node> children() {
      return List.of(left, right);
    }
  }

  /** {@code x [NOT] LIKE|ILIKE|SIMILAR TO p [ESCAPE e]}; {@code op} upper case, NOT left out. */
  record Like(Expr operand, boolean not, String op, Expr pattern, Expr escape, int start, int end)
      implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(operand, pattern, escape);
    }
  }

  /** {@code x IS [NOT] NULL|TRUE|FALSE|UNKNOWN}, and {@code x ISNULL} / {@code x NOTNULL}. */
  record IsTest(Expr operand, boolean not, String what, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand);
    }
  }

  record Between(
      Expr operand, boolean not, boolean symmetric, Expr low, Expr high, int start, int end)
      implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand, low, high);
    }
  }

  record InList(Expr operand, boolean not, List<Expr> items, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(operand, items);
    }
  }

  record InQuery(Expr operand, boolean not, Query query, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand, query);
    }
  }

  /**
   * {@code x op ANY|SOME|ALL (array)} or {@code (subquery)}: exactly one of {@code array} and
   * {@code query} is set.
   */
  record Quantified(
      Expr left, String op, String quantifier, Expr array, Query query, int start, int end)
      implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(left, array, query);
    }
  }

  record Case(Expr operand, List<When> whens, Expr otherwise, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(operand, whens, otherwise);
    }
  }

  record When(Expr condition, Expr result, int start, int end) implements Node {
    @Override
    public List<Node> children() {
      return List.of(condition, result);
    }
  }

  /** {@code (SELECT ...)} as a value. */
  record Subquery(Query query, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(query);
    }
  }

  record Exists(Query query, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(query);
    }
  }

  /** {@code ARRAY(SELECT ...)}. */
  record ArrayQuery(Query query, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(query);
    }
  }

  /** {@code ARRAY[a, b, ...]}. */
  record ArrayLiteral(List<Expr> items, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(items);
    }
  }

  /** {@code x[i]} or the slice {@code x[i:j]} ({@code upper} set, either bound may be null). */
  record Subscript(Expr base, Expr index, Expr upper, boolean slice, int start, int end)
      implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(base, index, upper);
    }
  }

  /** {@code (x).field} or {@code (x).*}. */
  record Field(Expr base, String field, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(base);
    }
  }

  record Collate(Expr operand, Name collation, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand, collation);
    }
  }

  record Paren(Expr inner, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(inner);
    }
  }

  /** {@code ROW(a, b)} or {@code (a, b)}. */
  record Row(List<Expr> items, boolean explicit, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return Expr.nodes(items);
    }
  }

  record AtTimeZone(Expr operand, Expr zone, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of(operand, zone);
    }
  }

  /**
   * A SQL-standard value written without parentheses: CURRENT_DATE, CURRENT_TIME[STAMP],
   * LOCALTIME[STAMP], CURRENT_USER, SESSION_USER, USER, CURRENT_ROLE, CURRENT_SCHEMA,
   * CURRENT_CATALOG. {@code word} is upper case.
   */
  record SqlValue(String word, int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of();
    }
  }

  /** {@code DEFAULT} (in VALUES lists). */
  record Default(int start, int end) implements Expr {
    @Override
    public List<Node> children() {
      return List.of();
    }
  }

  /** Null-safe list helpers. */
  final class Collections {
    private Collections() {}

    /** A copy of the list (nulls kept: the absent parts of a special call), never null. */
    static <T> List<T> nonNull(List<T> list) {
      return list == null
          ? List.of()
          : java.util.Collections.unmodifiableList(new ArrayList<>(list));
    }
  }
}
