/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.sql.SQLException;
import org.sqlite.Function;

/**
 * A {@link SqlFunction.Scalar} as sqlite-jdbc calls it, on one connection. A failing body becomes
 * {@code sqlite3_result_error}: the statement fails, the connection and the session go on.
 */
final class ScalarAdapter extends Function implements FunctionValues.Context {
  private final SqlFunction.Scalar function;

  ScalarAdapter(SqlFunction.Scalar function) {
    this.function = function;
  }

  @Override
  protected void xFunc() throws SQLException {
    Object[] args = FunctionValues.arguments(this);
    try {
      FunctionValues.result(this, function.body().apply(args));
    } catch (Exception e) {
      error(FunctionValues.failure(function.name(), e));
    }
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
