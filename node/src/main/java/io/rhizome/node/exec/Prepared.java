/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.catalog.ParameterTypes;
import io.rhizome.node.store.TenantLockdown;
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
  private final TenantLockdown.Verdict verdict;
  private final String text;
  private final CompiledStatements kept;
  private final String sqliteSql;
  private final int sqliteParameters;

  /** The types {@link ParameterTypes} inferred for the parameters, or null if none was asked. */
  private final int[] inferredTypes;

  private final List<Integer> parameterTypes;
  private final ResultColumns columns;
  private RowDescription description;
  private PreparedStatement idle;
  private boolean closed;

  private Prepared(
      Statement statement,
      TenantLockdown.Verdict verdict,
      String text,
      CompiledStatements kept,
      String sqliteSql,
      int sqliteParameters,
      int[] inferredTypes,
      List<Integer> parameterTypes,
      ResultColumns columns,
      PreparedStatement idle) {
    this.statement = statement;
    this.verdict = verdict;
    this.text = text;
    this.kept = kept;
    this.sqliteSql = sqliteSql;
    this.sqliteParameters = sqliteParameters;
    this.inferredTypes = inferredTypes;
    this.parameterTypes = parameterTypes;
    this.columns = columns;
    this.idle = idle;
  }

  /**
   * Compiles {@code statement}, or takes the statement {@code kept} has for its text.
   *
   * @param text the client's text, as the Parse message had it (what {@code kept} is keyed by)
   * @param reused what {@code kept} gave for the text, or null: this statement owns it from now on
   * @param kept where the statement goes when this one is closed
   * @param clientTypes the parameter type OIDs the client gave (0 = unspecified)
   * @throws SQLException when SQLite cannot compile it (syntax, unknown table, ...)
   */
  static Prepared prepare(
      SQLiteConnection connection,
      String text,
      Statement statement,
      TenantLockdown.Verdict verdict,
      CompiledStatements.Compiled reused,
      CompiledStatements kept,
      List<Integer> clientTypes)
      throws SQLException {
    if (statement.kind() == StatementKind.EMPTY) {
      return new Prepared(
          statement,
          verdict,
          text,
          kept,
          "",
          0,
          null,
          types(clientTypes, 0, null),
          ResultColumns.NONE,
          null);
    }
    String sql = reused != null ? reused.sqliteSql() : Placeholders.rewrite(statement.sql());
    PreparedStatement compiled =
        reused != null ? reused.sqlite() : connection.prepareStatement(sql);
    try {
      int parameters =
          reused != null
              ? reused.parameters()
              : compiled.getParameterMetaData().getParameterCount();
      int[] inferred = reused != null ? reused.inferredTypes() : null;
      if (inferred == null && untyped(clientTypes, parameters)) {
        inferred = ParameterTypes.infer(connection, sql, parameters);
      }
      return new Prepared(
          statement,
          verdict,
          text,
          kept,
          sql,
          parameters,
          inferred,
          types(clientTypes, parameters, inferred),
          ResultColumns.of(compiled),
          compiled);
    } catch (SQLException | RuntimeException e) {
      compiled.close();
      throw e;
    }
  }

  /**
   * The parameter types: the client's where it gave one; else the type inferred from the column the
   * parameter meets ({@link ParameterTypes}: clients that bind by the described types, as asyncpg
   * does, need it); else text (what Postgres infers for an untyped parameter it cannot place, and
   * what every client can send). A client may type more parameters than the text uses; Postgres
   * then expects values for all of them.
   *
   * @param inferred the inferred types of the used parameters (0 for unknown), or null
   */
  private static List<Integer> types(List<Integer> clientTypes, int used, int[] inferred) {
    int count = Math.max(clientTypes.size(), used);
    List<Integer> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int given = i < clientTypes.size() ? clientTypes.get(i) : 0;
      if (given == 0 && inferred != null && i < inferred.length) {
        given = inferred[i];
      }
      types.add(given != 0 ? given : PgType.TEXT_VALUE);
    }
    return List.copyOf(types);
  }

  /** Whether the client left a parameter the text uses untyped. */
  private static boolean untyped(List<Integer> clientTypes, int used) {
    for (int i = 0; i < used; i++) {
      if (i >= clientTypes.size() || clientTypes.get(i) == 0) {
        return true;
      }
    }
    return false;
  }

  Statement statement() {
    return statement;
  }

  /** What the lockdown said of its text at Parse (applied again before every execution). */
  TenantLockdown.Verdict verdict() {
    return verdict;
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
      used.clearParameters();
      if (!closed && idle == null) {
        idle = used;
      } else {
        keep(used);
      }
    } catch (SQLException e) {
      LOG.warn("releasing a statement failed: {}", e.getClass().getSimpleName());
    }
  }

  /** Closes the statement; its idle SQLite statement is kept for the next Parse of its text. */
  @Override
  public void close() {
    closed = true;
    if (idle != null) {
      keep(idle);
      idle = null;
    }
  }

  private void keep(PreparedStatement sqlite) {
    kept.give(
        text,
        new CompiledStatements.Compiled(
            statement, verdict, sqliteSql, sqliteParameters, inferredTypes, sqlite));
  }
}
