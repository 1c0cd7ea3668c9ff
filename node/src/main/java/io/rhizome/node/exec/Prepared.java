/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.catalog.ParameterTypes;
import io.rhizome.proto.Column;
import io.rhizome.proto.PgType;
import io.rhizome.proto.RowDescription;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A statement prepared by a Parse message: its SQL with positional parameters made SQLite's, its
 * parameter types, and its result types once they are known.
 *
 * <p>Result types are decided once per statement and then kept ("pinned"): a client that was told a
 * column is int8 asks for that column in binary from then on, so every later execution must report,
 * and be encoded as, int8 too. They come from the declared types, and for expression columns from
 * the first row of the first execution; a Describe before any execution, or a statement that
 * writes, types an expression column as text.
 *
 * <p>One idle SQLite statement is kept for the next Bind, so a statement executed again and again
 * is compiled once. A portal takes it, or compiles its own while another portal holds it.
 */
final class Prepared implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prepared.class);

  private final Statement statement;
  private final String sqliteSql;
  private final int sqliteParameters;
  private final List<Integer> parameterTypes;
  private final ResultColumns columns;
  private RowDescription description;
  private PreparedStatement idle;
  private boolean closed;

  private Prepared(
      Statement statement,
      String sqliteSql,
      int sqliteParameters,
      List<Integer> parameterTypes,
      ResultColumns columns,
      PreparedStatement idle) {
    this.statement = statement;
    this.sqliteSql = sqliteSql;
    this.sqliteParameters = sqliteParameters;
    this.parameterTypes = parameterTypes;
    this.columns = columns;
    this.idle = idle;
  }

  /**
   * Compiles {@code statement}.
   *
   * @param clientTypes the parameter type OIDs the client gave (0 = unspecified)
   * @throws SQLException when SQLite cannot compile it (syntax, unknown table, ...)
   */
  static Prepared prepare(
      SQLiteConnection connection, Statement statement, List<Integer> clientTypes)
      throws SQLException {
    if (statement.kind() == StatementKind.EMPTY) {
      return new Prepared(statement, "", 0, types(clientTypes, 0), ResultColumns.NONE, null);
    }
    String sql = Placeholders.rewrite(statement.sql());
    PreparedStatement compiled = connection.prepareStatement(sql);
    try {
      int parameters = compiled.getParameterMetaData().getParameterCount();
      return new Prepared(
          statement,
          sql,
          parameters,
          inferredTypes(connection, sql, clientTypes, parameters),
          ResultColumns.of(compiled),
          compiled);
    } catch (SQLException | RuntimeException e) {
      compiled.close();
      throw e;
    }
  }

  /**
   * As {@link #types}, with the types of parameters the client left unspecified inferred from the
   * columns they meet where possible ({@link ParameterTypes}): clients that bind by the described
   * types (asyncpg) need them.
   */
  private static List<Integer> inferredTypes(
      SQLiteConnection connection, String sql, List<Integer> clientTypes, int used) {
    List<Integer> types = types(clientTypes, used);
    int[] inferred = null;
    List<Integer> out = null;
    for (int i = 0; i < used; i++) {
      if (i < clientTypes.size() && clientTypes.get(i) != 0) {
        continue;
      }
      if (inferred == null) {
        inferred = ParameterTypes.infer(connection, sql, used);
        out = new ArrayList<>(types);
      }
      if (inferred[i] != 0) {
        out.set(i, inferred[i]);
      }
    }
    return out == null ? types : List.copyOf(out);
  }

  /**
   * The parameter types: the client's where it gave one, text otherwise (what Postgres infers for
   * an untyped parameter it cannot place, and what every client can send). A client may type more
   * parameters than the text uses; Postgres then expects values for all of them.
   */
  private static List<Integer> types(List<Integer> clientTypes, int used) {
    int count = Math.max(clientTypes.size(), used);
    List<Integer> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int given = i < clientTypes.size() ? clientTypes.get(i) : 0;
      types.add(given != 0 ? given : PgType.TEXT_VALUE);
    }
    return List.copyOf(types);
  }

  Statement statement() {
    return statement;
  }

  List<Integer> parameterTypes() {
    return parameterTypes;
  }

  /** Parameters SQLite itself binds (typed-but-unused trailing ones are not bound). */
  int sqliteParameters() {
    return sqliteParameters;
  }

  ResultColumns columns() {
    return columns;
  }

  /** The pinned result types, or null while none were reported. */
  RowDescription description() {
    return description;
  }

  /** Pins the result types (the first report wins). */
  RowDescription pin(RowDescription types) {
    if (description == null) {
      description = types;
    }
    return description;
  }

  /** Pins the types that follow from the declarations, text for the other columns. */
  RowDescription pinDeclared() {
    if (description != null) {
      return description;
    }
    RowDescription.Builder types = RowDescription.newBuilder();
    for (int i = 0; i < columns.count(); i++) {
      types.addColumns(
          Column.newBuilder()
              .setName(columns.name(i))
              .setType(PgTypes.of(columns.declaredType(i), List.of())));
    }
    return pin(types.build());
  }

  /** A SQLite statement for a new portal: the idle one, or a fresh compilation. */
  PreparedStatement acquire(SQLiteConnection connection) throws SQLException {
    if (idle != null) {
      PreparedStatement taken = idle;
      idle = null;
      return taken;
    }
    return connection.prepareStatement(sqliteSql);
  }

  /** Takes a portal's SQLite statement back for reuse, or closes it. */
  void release(PreparedStatement used) {
    try {
      if (used.isClosed()) {
        return; // sqlite-jdbc closes a statement whose execution failed
      }
      if (!closed && idle == null) {
        used.clearParameters();
        idle = used;
      } else {
        used.close();
      }
    } catch (SQLException e) {
      LOG.warn("releasing a statement failed: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    closed = true;
    if (idle != null) {
      try {
        idle.close();
      } catch (SQLException e) {
        LOG.warn("closing a statement failed: {}", e.getClass().getSimpleName());
      }
      idle = null;
    }
  }
}
