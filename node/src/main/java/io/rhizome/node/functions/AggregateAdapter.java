/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.sql.SQLException;
import org.sqlite.Function;

/**
 * A {@link SqlFunction.Aggregate} as sqlite-jdbc calls it, on one connection.
 *
 * <p>sqlite-jdbc clones the registered object for every group of every query ({@link #clone()}), so
 * the registered instance is a template and each clone makes its own {@link
 * SqlFunction.Accumulator}. A failing step or result becomes {@code sqlite3_result_error}: the
 * statement fails, the connection and the session go on.
 */
final class AggregateAdapter extends Function.Aggregate implements FunctionValues.Context {
  private final SqlFunction.Aggregate function;
  private SqlFunction.Accumulator accumulator;

  /** A failure of an earlier step of this group, reported once the group ends. */
  private String failure;

  AggregateAdapter(SqlFunction.Aggregate function) {
    this.function = function;
  }

  /** A shallow copy keeps the connection sqlite-jdbc bound at registration; the state is new. */
  @Override
  public Object clone() throws CloneNotSupportedException {
    AggregateAdapter group = (AggregateAdapter) super.clone();
    group.accumulator = null;
    group.failure = null;
    return group;
  }

  @Override
  protected void xStep() throws SQLException {
    if (failure != null) {
      return;
    }
    Object[] args = FunctionValues.arguments(this);
    try {
      accumulator().step(args);
    } catch (Exception e) {
      failure = FunctionValues.failure(function.name(), e);
      error(failure);
    }
  }

  @Override
  protected void xFinal() throws SQLException {
    if (failure != null) {
      error(failure);
      return;
    }
    try {
      FunctionValues.result(this, accumulator().result());
    } catch (Exception e) {
      error(FunctionValues.failure(function.name(), e));
    }
  }

  private SqlFunction.Accumulator accumulator() {
    if (accumulator == null) {
      accumulator = function.accumulators().get();
      if (accumulator == null) {
        throw new IllegalStateException("its accumulator supplier returned null");
      }
    }
    return accumulator;
  }

  @Override
  public int count() throws SQLException {
    return args();
  }

  @Override
  public int type(int arg) throws SQLException {
    return value_type(arg);
  }

  @Override
  public long longValue(int arg) throws SQLException {
    return value_long(arg);
  }

  @Override
  public double doubleValue(int arg) throws SQLException {
    return value_double(arg);
  }

  @Override
  public String text(int arg) throws SQLException {
    return value_text(arg);
  }

  @Override
  public byte[] blob(int arg) throws SQLException {
    return value_blob(arg);
  }

  @Override
  public void resultNull() throws SQLException {
    result();
  }

  @Override
  public void resultLong(long value) throws SQLException {
    result(value);
  }

  @Override
  public void resultDouble(double value) throws SQLException {
    result(value);
  }

  @Override
  public void resultText(String value) throws SQLException {
    result(value);
  }

  @Override
  public void resultBlob(byte[] value) throws SQLException {
    result(value);
  }
}
