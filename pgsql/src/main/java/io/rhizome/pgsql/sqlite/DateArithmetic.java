/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.tree.Expr;
import java.util.Locale;

/**
 * {@code +} and {@code -} of dates, timestamps and intervals. SQLite would add the numbers it reads
 * at the start of the texts ({@code '2024-01-31' + 7} is 2031), so an operand that is an interval
 * or a date by its cast ({@code interval '1 day'}, {@code x::date}) makes the operation the node's
 * date arithmetic: {@code ts ± interval} is {@link NodeCatalog#INTERVAL_ADD}, {@code date ±
 * integer} SQLite's {@code date()} with a day modifier, {@code date - date} the days between. Other
 * arithmetic on an interval (multiplication, an interval minus a timestamp) is refused.
 */
final class DateArithmetic {
  private DateArithmetic() {}

  /** The SQLite for {@code b}, or null when no operand is an interval or date by its cast. */
  static String write(Writer w, Expr.Binary b) {
    String op = b.op();
    boolean leftInterval = isCastTo(b.left(), "interval");
    boolean rightInterval = isCastTo(b.right(), "interval");
    if (!leftInterval && !rightInterval) {
      if (isCastTo(b.left(), "date") && (op.equals("+") || op.equals("-"))) {
        if (isCastTo(b.right(), "date") && op.equals("-")) {
          return "CAST(julianday("
              + w.writeChild(b.left())
              + ") - julianday("
              + w.writeChild(b.right())
              + ") AS INTEGER)";
        }
        if (isCastTo(b.right(), "date")) {
          throw SqlException.unsupported("date + date");
        }
        return "date("
            + w.writeChild(b.left())
            + ", printf('%+d days', "
            + (op.equals("-") ? "-" : "")
            + "("
            + w.writeChild(b.right())
            + ")))";
      }
      return null;
    }
    if (op.equals("+") || op.equals("-")) {
      if (rightInterval && !leftInterval) {
        return call(w, b.left(), b.right(), op.equals("+") ? 1 : -1);
      }
      if (leftInterval && !rightInterval && op.equals("+")) {
        return call(w, b.right(), b.left(), 1);
      }
    }
    throw SqlException.unsupported("the operator " + op + " on an interval");
  }

  private static String call(Writer w, Expr stamp, Expr interval, int sign) {
    return NodeCatalog.INTERVAL_ADD
        + "("
        + w.writeChild(stamp)
        + ", "
        + w.writeChild(interval)
        + ", "
        + sign
        + ")";
  }

  private static boolean isCastTo(Expr e, String type) {
    return e instanceof Expr.Cast c
        && !c.type().isArray()
        && c.type().canonical().toLowerCase(Locale.ROOT).equals(type);
  }
}
