/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import io.rhizome.cli.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;

/** A signed-in admin console session over pgjdbc. */
final class ConsoleClient implements AutoCloseable {
  private final Connection connection;

  private ConsoleClient(Connection connection) {
    this.connection = connection;
  }

  static ConsoleClient connect(
      HostPort server, String database, String user, String password, int timeoutSeconds)
      throws CtlException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    // The console speaks the simple query protocol; it needs no prepared statements.
    props.setProperty("preferQueryMode", "simple");
    props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    props.setProperty("socketTimeout", Integer.toString(Math.max(60, timeoutSeconds)));
    props.setProperty("ApplicationName", "rhizome-ctl");
    String url = "jdbc:postgresql://" + server + "/" + database;
    try {
      return new ConsoleClient(DriverManager.getConnection(url, props));
    } catch (SQLException e) {
      throw failure("cannot sign in to " + server, e);
    }
  }

  /** Runs one console statement. */
  ResultTable execute(String statement) throws CtlException {
    try (Statement st = connection.createStatement()) {
      if (!st.execute(statement)) {
        return new ResultTable(List.of(), List.of(), List.of());
      }
      try (ResultSet rs = st.getResultSet()) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i));
          numeric.add(isNumeric(md.getColumnType(i)));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return new ResultTable(columns, numeric, rows);
      }
    } catch (SQLException e) {
      throw failure("the server refused it", e);
    }
  }

  /** Runs a console statement that copies to the client (binary), writing the bytes to out. */
  long copyOut(String statement, OutputStream out) throws CtlException, IOException {
    try {
      return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(statement, out);
    } catch (SQLException e) {
      throw failure("the server refused it", e);
    }
  }

  /** Runs a console statement that copies from the client, sending the bytes of in. */
  long copyIn(String statement, InputStream in) throws CtlException, IOException {
    try {
      return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement, in);
    } catch (SQLException e) {
      throw failure("the server refused it", e);
    }
  }

  private static boolean isNumeric(int sqlType) {
    return switch (sqlType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.DOUBLE, Types.REAL, Types.NUMERIC ->
          true;
      default -> false;
    };
  }

  private static CtlException failure(String context, SQLException e) {
    String state = e.getSQLState();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // pgjdbc says only "The connection attempt failed." for a reset, a timeout or an early close:
    // the I/O error under it is what tells the operator (and a failed test) which one it was.
    if (e.getCause() instanceof IOException io) {
      message += " (" + io + ")";
    }
    return new CtlException(
        context + ": " + message + (state == null ? "" : " (SQLSTATE " + state + ")"), e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing a console session we are done with: nothing left to report to the operator.
    }
  }
}
