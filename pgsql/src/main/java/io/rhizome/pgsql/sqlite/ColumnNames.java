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
    Named name = figure(e);
    return name == null ? "?column?" : name.name();
  }

  /** A name and whether it is strong: a cast's type name is weak, and CASE ignores weak names. */
  private record Named(String name, boolean strong) {}

  private static Named strong(String name) {
    return name == null ? null : new Named(name, true);
  }

  private static Named figure(Expr e) {
    if (e instanceof Expr.ColumnRef c) {
      return c.star() || c.name() == null ? null : strong(c.name().last());
    }
    if (e instanceof Expr.FuncCall f) {
      return strong(
          switch (f.syntax()) {
            case TRIM -> "btrim".equals(f.function()) ? "btrim" : trimName(f);
            default -> f.function();
          });
    }
    if (e instanceof Expr.Cast c) {
      Named inner = figure(c.operand());
      if (inner != null && inner.strong()) {
        return inner;
      }
      String type = c.type().canonical();
      return new Named(type, false);
    }
    if (e instanceof Expr.Case c) {
      Named otherwise = c.otherwise() == null ? null : figure(c.otherwise());
      return otherwise != null && otherwise.strong() ? otherwise : new Named("case", false);
    }
    if (e instanceof Expr.ArrayLiteral || e instanceof Expr.ArrayQuery) {
      return strong("array");
    }
    if (e instanceof Expr.Exists) {
      return strong("exists");
    }
    if (e instanceof Expr.Row r && r.explicit()) {
      return strong("row");
    }
    if (e instanceof Expr.SqlValue v) {
      return strong(v.word().toLowerCase(Locale.ROOT));
    }
    if (e instanceof Expr.Subscript s) {
      return figure(s.base());
    }
    if (e instanceof Expr.Field f) {
      return strong(f.field());
    }
    if (e instanceof Expr.Collate c) {
      return figure(c.operand());
    }
    if (e instanceof Expr.Paren p) {
      return figure(p.inner());
    }
    if (e instanceof Expr.Subquery s
        && s.query() instanceof Query.Select sel
        && sel.targets().size() == 1) {
      Query.Target t = sel.targets().get(0);
      if (t.alias() != null) {
        return strong(t.alias());
      }
      Named inner = figure(t.expr());
      return strong(inner == null ? "?column?" : inner.name());
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
