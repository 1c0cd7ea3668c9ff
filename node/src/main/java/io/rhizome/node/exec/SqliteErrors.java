/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.schema.SchemaChangeException;
import io.rhizome.proto.SqlState;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one mapping from SQLite failures to Postgres SQLSTATEs and client messages.
 *
 * <p>SQLite reports most failures with an extended result code (SQLITE_CONSTRAINT_UNIQUE,
 * SQLITE_BUSY_SNAPSHOT, ...), and those codes decide the SQLSTATE. Plain SQLITE_ERROR is the
 * exception: SQLite uses it for every compile-time failure (unknown table, unknown column, syntax,
 * duplicate table, unknown function) and offers no finer code. For that code only, and only there,
 * the SQLSTATE comes from the start of SQLite's message: those messages have been stable across
 * SQLite releases for many years and are what SQLite's own test suite asserts on. Anything else is
 * {@link SqlState#SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION}, the Postgres class of all of them.
 *
 * <p>The client sees SQLite's own message without sqlite-jdbc's "[SQLITE_...] description (...)"
 * wrapper, and never a path of the node's file system.
 */
public final class SqliteErrors {
  private static final int SQLITE_ERROR = 1;
  private static final int SQLITE_BUSY = 5;

  /** Extended result codes with a SQLSTATE of their own. */
  private static final Map<SQLiteErrorCode, SqlState> BY_EXTENDED_CODE =
      Map.of(
          SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, SqlState.UNIQUE_VIOLATION,
          SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, SqlState.UNIQUE_VIOLATION,
          SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL, SqlState.NOT_NULL_VIOLATION,
          SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY, SqlState.FOREIGN_KEY_VIOLATION,
          SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK, SqlState.CHECK_VIOLATION,
          SQLiteErrorCode.SQLITE_CONSTRAINT_DATATYPE, SqlState.DATATYPE_MISMATCH,
          // A transaction that read an older snapshot cannot write: waiting cannot help, a retry
          // of the whole transaction can.
          SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, SqlState.SERIALIZATION_FAILURE);

  /** Primary result codes (the low byte of the extended code). */
  private static final Map<Integer, SqlState> BY_PRIMARY_CODE =
      Map.ofEntries(
          Map.entry(3, SqlState.INSUFFICIENT_PRIVILEGE), // SQLITE_PERM
          Map.entry(4, SqlState.QUERY_CANCELED), // SQLITE_ABORT
          Map.entry(5, SqlState.LOCK_NOT_AVAILABLE), // SQLITE_BUSY
          Map.entry(6, SqlState.LOCK_NOT_AVAILABLE), // SQLITE_LOCKED
          Map.entry(7, SqlState.OUT_OF_MEMORY), // SQLITE_NOMEM
          Map.entry(8, SqlState.READ_ONLY_SQL_TRANSACTION), // SQLITE_READONLY
          Map.entry(9, SqlState.QUERY_CANCELED), // SQLITE_INTERRUPT
          Map.entry(10, SqlState.IO_ERROR), // SQLITE_IOERR
          Map.entry(11, SqlState.DATA_CORRUPTED), // SQLITE_CORRUPT
          Map.entry(13, SqlState.DISK_FULL), // SQLITE_FULL
          Map.entry(14, SqlState.IO_ERROR), // SQLITE_CANTOPEN
          Map.entry(18, SqlState.PROGRAM_LIMIT_EXCEEDED), // SQLITE_TOOBIG
          Map.entry(19, SqlState.INTEGRITY_CONSTRAINT_VIOLATION), // SQLITE_CONSTRAINT
          Map.entry(20, SqlState.DATATYPE_MISMATCH), // SQLITE_MISMATCH
          Map.entry(23, SqlState.INSUFFICIENT_PRIVILEGE), // SQLITE_AUTH
          Map.entry(25, SqlState.INVALID_PARAMETER_VALUE), // SQLITE_RANGE
          Map.entry(26, SqlState.DATA_CORRUPTED)); // SQLITE_NOTADB

  private record Prefix(Pattern pattern, SqlState state) {}

  /** SQLITE_ERROR messages by their stable beginnings. */
  private static final List<Prefix> SQLITE_ERROR_MESSAGES =
      List.of(
          new Prefix(Pattern.compile("^no such (table|view): "), SqlState.UNDEFINED_TABLE),
          new Prefix(Pattern.compile("^no such column: "), SqlState.UNDEFINED_COLUMN),
          new Prefix(Pattern.compile("^near \".*\": syntax error"), SqlState.SYNTAX_ERROR),
          new Prefix(Pattern.compile("^incomplete input"), SqlState.SYNTAX_ERROR),
          new Prefix(Pattern.compile("^unrecognized token: "), SqlState.SYNTAX_ERROR),
          new Prefix(
              Pattern.compile("^(table|index|view) .* already exists"), SqlState.DUPLICATE_TABLE),
          new Prefix(Pattern.compile("^trigger .* already exists"), SqlState.DUPLICATE_OBJECT),
          new Prefix(Pattern.compile("^no such function: "), SqlState.UNDEFINED_FUNCTION),
          new Prefix(Pattern.compile("^integer overflow"), SqlState.NUMERIC_VALUE_OUT_OF_RANGE),
          // A custom SQL function that threw (io.rhizome.node.functions.FunctionValues#failure).
          new Prefix(Pattern.compile("^function \\w+ failed: "), SqlState.DATA_EXCEPTION),
          // load_extension() with extension loading off; ATTACH past the node's limit of 0.
          new Prefix(Pattern.compile("^not authorized"), SqlState.INSUFFICIENT_PRIVILEGE),
          new Prefix(
              Pattern.compile("^too many attached databases"), SqlState.INSUFFICIENT_PRIVILEGE),
          new Prefix(
              Pattern.compile("^wrong number of arguments to function "),
              SqlState.UNDEFINED_FUNCTION),
          new Prefix(
              Pattern.compile("^no such (index|trigger|savepoint): "), SqlState.UNDEFINED_OBJECT),
          new Prefix(
              Pattern.compile("^cannot start a transaction within a transaction"),
              SqlState.ACTIVE_SQL_TRANSACTION),
          new Prefix(
              Pattern.compile("^cannot (commit|rollback) - no transaction is active"),
              SqlState.NO_ACTIVE_SQL_TRANSACTION),
          // Postgres' own messages, raised by the node's functions (io.rhizome.node.catalog
          // .Sequences) and by translated sequence DDL.
          new Prefix(
              Pattern.compile("^(relation|sequence) \".*\" does not exist"),
              SqlState.UNDEFINED_TABLE),
          new Prefix(Pattern.compile("^relation \".*\" already exists"), SqlState.DUPLICATE_TABLE),
          new Prefix(
              Pattern.compile("^(currval of sequence \".*\"|lastval) is not yet defined"),
              SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE),
          new Prefix(
              Pattern.compile("^nextval: reached (maximum|minimum) value of sequence"),
              SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED),
          new Prefix(
              Pattern.compile("^setval: value .* is out of bounds for sequence"),
              SqlState.NUMERIC_VALUE_OUT_OF_RANGE));

  static final String SNAPSHOT_MESSAGE =
      "could not serialize access due to a concurrent write; retry the transaction";

  private final String hiddenPath;
  private final String busyMessage;

  /**
   * @param hiddenPath a path prefix that must never reach a client (the node's data directory); any
   *     occurrence in a message is replaced
   */
  public SqliteErrors(String hiddenPath) {
    this(hiddenPath, null);
  }

  /**
   * @param busyTimeout how long a statement waits for another session's write lock, named in the
   *     message of 55P03 when it gives up; null when unknown
   */
  public SqliteErrors(String hiddenPath, java.time.Duration busyTimeout) {
    this.hiddenPath = hiddenPath;
    this.busyMessage =
        "could not obtain the database's write lock: another session holds it"
            + (busyTimeout == null
                ? ""
                : " (gave up after the busy timeout of " + busyTimeout.toMillis() + " ms)");
  }

  /** The SQLSTATE and client message for a failure of sqlite-jdbc. */
  public io.rhizome.proto.Error map(SQLException e) {
    if (e instanceof SchemaChangeException change) {
      return Errors.error(change.state(), change.getMessage());
    }
    if (e instanceof ResultRowLimit.Exceeded) {
      return Errors.error(SqlState.PROGRAM_LIMIT_EXCEEDED, e.getMessage());
    }
    if (!(e instanceof SQLiteException sqlite)) {
      // sqlite-jdbc's own checks (closed statement, ...): a node bug, not the client's.
      return Errors.error(SqlState.INTERNAL_ERROR, redact(String.valueOf(e.getMessage())));
    }
    SQLiteErrorCode code = sqlite.getResultCode();
    String message = redact(sqliteMessage(sqlite.getMessage(), code));
    SqlState state = state(code, e.getErrorCode(), message);
    if (code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT) {
      message = SNAPSHOT_MESSAGE;
    } else if (e.getErrorCode() == SQLITE_BUSY) {
      // SQLite's "database is locked" does not say who holds it or that the node waited.
      message = busyMessage;
    }
    return Errors.error(state, message);
  }

  static SqlState state(SQLiteErrorCode extended, int primary, String message) {
    SqlState byExtended = BY_EXTENDED_CODE.get(extended);
    if (byExtended != null) {
      return byExtended;
    }
    if (primary == SQLITE_ERROR && extended.code == SQLITE_ERROR) {
      for (Prefix prefix : SQLITE_ERROR_MESSAGES) {
        if (prefix.pattern().matcher(message).find()) {
          return prefix.state();
        }
      }
      return SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION;
    }
    return BY_PRIMARY_CODE.getOrDefault(primary, SqlState.INTERNAL_ERROR);
  }

  /** SQLite's message inside sqlite-jdbc's "[CODE] description (message)" wrapper. */
  static String sqliteMessage(String jdbcMessage, SQLiteErrorCode code) {
    if (jdbcMessage == null) {
      return code.message;
    }
    String prefix = code + " (";
    if (jdbcMessage.startsWith(prefix) && jdbcMessage.endsWith(")")) {
      return jdbcMessage.substring(prefix.length(), jdbcMessage.length() - 1);
    }
    String bare = "[" + code.name() + "] ";
    return jdbcMessage.startsWith(bare) ? jdbcMessage.substring(bare.length()) : jdbcMessage;
  }

  private String redact(String message) {
    return hiddenPath.isEmpty() ? message : message.replace(hiddenPath, "<data>");
  }
}
