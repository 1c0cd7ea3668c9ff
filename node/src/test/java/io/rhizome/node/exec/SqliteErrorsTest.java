/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.proto.SqlState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Every mapping is checked against the error real SQLite raises. */
class SqliteErrorsTest {
  private static final String SCHEMA =
      "create table p (id integer primary key);"
          + "create table t (id integer primary key, name text not null unique,"
          + " n integer check (n > 0), pid integer references p (id));";

  @TempDir Path dir;
  private Connection connection;
  private final SqliteErrors errors = new SqliteErrors("/no/such/dir");

  @BeforeEach
  void open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    connection = config.createConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = connection.createStatement()) {
      s.executeUpdate(SCHEMA);
      s.executeUpdate("insert into t (id, name, n) values (1, 'a', 1)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("select * from nope", SqlState.UNDEFINED_TABLE, "no such table: nope"),
        Arguments.of("select nope from t", SqlState.UNDEFINED_COLUMN, "no such column: nope"),
        Arguments.of("selec 1", SqlState.SYNTAX_ERROR, "near \"selec\": syntax error"),
        Arguments.of("select 1 +", SqlState.SYNTAX_ERROR, "incomplete input"),
        Arguments.of("select 'abc", SqlState.SYNTAX_ERROR, "unrecognized token: \"'abc\""),
        Arguments.of("create table t (a)", SqlState.DUPLICATE_TABLE, "table t already exists"),
        Arguments.of("select nofn(1)", SqlState.UNDEFINED_FUNCTION, "no such function: nofn"),
        Arguments.of(
            "insert into t (name, n) values ('a', 1)",
            SqlState.UNIQUE_VIOLATION,
            "UNIQUE constraint failed: t.name"),
        Arguments.of(
            "insert into t (id, name, n) values (1, 'b', 1)",
            SqlState.UNIQUE_VIOLATION,
            "UNIQUE constraint failed: t.id"),
        Arguments.of(
            "insert into t (name, n) values (null, 1)",
            SqlState.NOT_NULL_VIOLATION,
            "NOT NULL constraint failed: t.name"),
        Arguments.of(
            "insert into t (name, n, pid) values ('b', 1, 42)",
            SqlState.FOREIGN_KEY_VIOLATION,
            "FOREIGN KEY constraint failed"),
        Arguments.of(
            "insert into t (name, n) values ('b', 0)",
            SqlState.CHECK_VIOLATION,
            "CHECK constraint failed: n > 0"),
        Arguments.of(
            "create table x (a, a)",
            SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION,
            "duplicate column name: a"),
        Arguments.of(
            "commit",
            SqlState.NO_ACTIVE_SQL_TRANSACTION,
            "cannot commit - no transaction is active"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("failures")
  void mapsSqliteFailuresToSqlStates(String sql, SqlState state, String message) {
    io.rhizome.proto.Error error = errors.map(failure(connection, sql));
    assertEquals(state.code(), error.getSqlstate());
    assertEquals(message, error.getMessage());
  }

  @Test
  void mapsBusyToLockNotAvailable() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(1);
    try (Connection other = config.createConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement lock = connection.createStatement()) {
      lock.execute("begin immediate");
      io.rhizome.proto.Error error = errors.map(failure(other, "delete from t"));
      assertEquals(SqlState.LOCK_NOT_AVAILABLE.code(), error.getSqlstate());
      lock.execute("rollback");
    }
  }

  @Test
  void mapsFullToDiskFull() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("pragma max_page_count = " + pageCount(s));
    }
    io.rhizome.proto.Error error =
        errors.map(failure(connection, "insert into t (name, n) select hex(randomblob(20000)), 1"));
    assertEquals(SqlState.DISK_FULL.code(), error.getSqlstate());
    assertEquals("database or disk is full", error.getMessage());
  }

  @Test
  void mapsInterruptToQueryCanceled() throws SQLException {
    ProgressHandler.setHandler(
        connection,
        1,
        new ProgressHandler() {
          @Override
          protected int progress() {
            return 1;
          }
        });
    io.rhizome.proto.Error error = errors.map(failure(connection, "select count(*) from t"));
    assertEquals(SqlState.QUERY_CANCELED.code(), error.getSqlstate());
  }

  @Test
  void mapsReadOnlyToReadOnlyTransaction() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection readOnly = config.createConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
      io.rhizome.proto.Error error = errors.map(failure(readOnly, "delete from t"));
      assertEquals(SqlState.READ_ONLY_SQL_TRANSACTION.code(), error.getSqlstate());
    }
  }

  @Test
  void neverShowsTheDataDirectory() {
    SQLiteException e =
        new SQLiteException(
            "[SQLITE_CANTOPEN] Unable to open the database file (cannot open"
                + " /no/such/dir/shards/1/a.db)",
            SQLiteErrorCode.SQLITE_CANTOPEN);
    io.rhizome.proto.Error error = errors.map(e);
    assertEquals(SqlState.IO_ERROR.code(), error.getSqlstate());
    assertEquals("cannot open <data>/shards/1/a.db", error.getMessage());
  }

  @Test
  void treatsDriverFailuresAsInternal() {
    io.rhizome.proto.Error error = errors.map(new SQLException("statement is not executing"));
    assertEquals(SqlState.INTERNAL_ERROR.code(), error.getSqlstate());
  }

  @Test
  void messagePrefixesDecideOnlyForPlainSqliteError() {
    // A constraint failure whose text looks like a missing table is still a constraint failure.
    assertEquals(
        SqlState.INTEGRITY_CONSTRAINT_VIOLATION,
        SqliteErrors.state(SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER, 19, "no such table: x"));
  }

  private static long pageCount(Statement s) throws SQLException {
    try (var rs = s.executeQuery("pragma page_count")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static SQLException failure(Connection connection, String sql) {
    return assertThrows(
        SQLException.class,
        () -> {
          try (Statement s = connection.createStatement()) {
            s.execute(sql);
          }
        });
  }
}
