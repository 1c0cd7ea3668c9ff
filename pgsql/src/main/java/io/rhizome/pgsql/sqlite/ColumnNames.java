/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Query;
import java.util.Locale;

/**
 * The name Postgres gives an output column written without an alias (its FigureColname): a column's
 * own name, a function's name, a cast's operand's name or else its type's, {@code ?column?} for the
 * rest. SQLite names such a column by its text, which clients that read columns by name would not
 * find.
 */
final class ColumnNames {
  private ColumnNames() {}

  /** The name, or null for a column reference or {@code *} (SQLite names those the same way). */
  static String of(Expr e) {
    if (e instanceof Expr.ColumnRef) {
      return null;
    }
    String name = figure(e);
    return name == null ? "?column?" : name;
  }

  private static String figure(Expr e) {
    if (e instanceof Expr.ColumnRef c) {
      return c.star() || c.name() == null ? null : c.name().last();
    }
    if (e instanceof Expr.FuncCall f) {
      return switch (f.syntax()) {
        case TRIM -> "btrim".equals(f.function()) ? "btrim" : trimName(f);
        default -> f.function();
      };
    }
    if (e instanceof Expr.Cast c) {
      String inner = figure(c.operand());
      if (inner != null) {
        return inner;
      }
      return c.type().canonical().equals("bpchar") ? "bpchar" : c.type().canonical();
    }
    if (e instanceof Expr.Case) {
      return "case";
    }
    if (e instanceof Expr.ArrayLiteral || e instanceof Expr.ArrayQuery) {
      return "array";
    }
    if (e instanceof Expr.Exists) {
      return "exists";
    }
    if (e instanceof Expr.Row r && r.explicit()) {
      return "row";
    }
    if (e instanceof Expr.SqlValue v) {
      return v.word().toLowerCase(Locale.ROOT);
    }
    if (e instanceof Expr.Subscript s) {
      return figure(s.base());
    }
    if (e instanceof Expr.Field f) {
      return f.field();
    }
    if (e instanceof Expr.Collate c) {
      return figure(c.operand());
    }
    if (e instanceof Expr.Subquery s
        && s.query() instanceof Query.Select sel
        && sel.targets().size() == 1) {
      Query.Target t = sel.targets().get(0);
      return t.alias() != null ? t.alias() : figure(t.expr());
    }
    return null;
  }

  private static String trimName(Expr.FuncCall f) {
    return switch (f.trimSide()) {
      case "LEADING" -> "ltrim";
      case "TRAILING" -> "rtrim";
      default -> "btrim";
    };
  }
}
