/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import static io.rhizome.node.schema.SchemaTokens.quote;

import io.rhizome.node.schema.AlterTable.Action;
import io.rhizome.proto.SqlState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteConnection;

/**
 * One {@code ALTER TABLE} SQLite has no form for, run on the tenant's connection: see the package
 * documentation for how and why. All of its actions or none: it runs under a savepoint, inside the
 * client's transaction when one is open (a rollback of that transaction undoes it too), as its own
 * transaction otherwise.
 */
public final class TableChange {
  /** The command tag of every ALTER TABLE. */
  public static final String TAG = "ALTER TABLE";

  /** The command tag of DROP TABLE. */
  public static final String DROP_TAG = "DROP TABLE";

  private static final String SAVEPOINT = "rhizome_alter_table";

  private final AlterTable alter;
  private final DropTables drop;

  private TableChange(AlterTable alter, DropTables drop) {
    this.alter = alter;
    this.drop = drop;
  }

  /** Whether a statement with this command tag may be one of these changes (a cheap test). */
  public static boolean mayHandle(String tag) {
    return tag.equals(TAG) || tag.equals(DROP_TAG);
  }

  /**
   * The change {@code sql} asks for, or empty when SQLite runs it as it is (it is not an ALTER
   * TABLE or a DROP TABLE ... CASCADE, or one SQLite has). Call it only for statements whose tag
   * {@link #mayHandle}.
   *
   * @throws SchemaChangeException 42601 when it is one of these forms but malformed
   */
  public static Optional<TableChange> of(String sql) throws SchemaChangeException {
    try {
      Optional<AlterTable> alter = AlterTable.parse(sql);
      if (alter.isPresent()) {
        return Optional.of(new TableChange(alter.get(), null));
      }
      return DropTables.parse(sql).map(d -> new TableChange(null, d));
    } catch (AlterTable.SyntaxException e) {
      throw new SchemaChangeException(SqlState.SYNTAX_ERROR, e.getMessage());
    } catch (IndexOutOfBoundsException e) {
      throw new SchemaChangeException(SqlState.SYNTAX_ERROR, "syntax error at end of input");
    }
  }

  /**
   * Makes the change.
   *
   * @return the command tag
   * @throws SQLException SQLite's failure, or a {@link SchemaChangeException} with Postgres'
   *     SQLSTATE; nothing of the change is left then
   */
  public String run(SQLiteConnection connection) throws SQLException {
    try {
      return drop != null ? drop(connection) : alter(connection);
    } catch (TableDefinition.UnreadableException e) {
      throw new SchemaChangeException(
          SqlState.FEATURE_NOT_SUPPORTED, "the table's new definition could not be read back");
    } catch (RuntimeException e) {
      // A case this package does not handle: the change was undone; the session goes on.
      throw new SchemaChangeException(
          SqlState.INTERNAL_ERROR, "ALTER TABLE failed: " + e.getClass().getSimpleName());
    }
  }

  private String alter(SQLiteConnection connection) throws SQLException {
    String table = storedName(connection, alter.table());
    if (table == null) {
      if (alter.ifExists()) {
        return TAG;
      }
      throw new SchemaChangeException(
          SqlState.UNDEFINED_TABLE, "relation \"" + alter.table() + "\" does not exist");
    }
    if (table.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
      throw new SchemaChangeException(
          SqlState.INSUFFICIENT_PRIVILEGE, "table " + table + " may not be altered");
    }
    TableEditor editor = new TableEditor(connection, table);
    execute(connection, "SAVEPOINT " + SAVEPOINT);
    boolean done = false;
    try {
      for (Action action : alter.actions()) {
        editor.apply(action);
      }
      execute(connection, "RELEASE " + SAVEPOINT);
      done = true;
    } finally {
      if (!done) {
        undo(connection);
      }
    }
    return TAG;
  }

  /**
   * Drops the tables after removing, from every other table, the foreign keys that reference them:
   * what Postgres' CASCADE drops. The dropped tables' own rows go with them (their implicit DELETE
   * can no longer reach another table).
   */
  private String drop(SQLiteConnection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    for (String name : drop.tables()) {
      String stored = storedName(connection, name);
      if (stored == null) {
        if (drop.ifExists()) {
          continue;
        }
        throw new SchemaChangeException(
            SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
      }
      if (stored.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
        throw new SchemaChangeException(
            SqlState.INSUFFICIENT_PRIVILEGE, "table " + stored + " may not be dropped");
      }
      tables.add(stored);
    }
    if (tables.isEmpty()) {
      return DROP_TAG;
    }
    execute(connection, "SAVEPOINT " + SAVEPOINT);
    boolean done = false;
    try {
      if (tables.size() > 1) {
        // Postgres drops them at once: references among them are no reason to fail midway.
        execute(connection, "PRAGMA defer_foreign_keys = ON");
      }
      for (String table : tables) {
        for (String child : children(connection, table)) {
          if (tables.stream().noneMatch(child::equalsIgnoreCase)) {
            new TableEditor(connection, child).dropForeignKeysTo(table);
          }
        }
      }
      for (String table : tables) {
        execute(connection, "DROP TABLE main." + quote(table));
      }
      execute(connection, "RELEASE " + SAVEPOINT);
      done = true;
    } finally {
      if (!done) {
        undo(connection);
      }
    }
    return DROP_TAG;
  }

  /** The tables with a foreign key that references {@code table}. */
  private static List<String> children(SQLiteConnection connection, String table)
      throws SQLException {
    List<String> children = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DISTINCT m.name FROM main.sqlite_schema m,"
                + " pragma_foreign_key_list(m.name, 'main') f"
                + " WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          children.add(rs.getString(1));
        }
      }
    }
    return children;
  }

  private static void undo(SQLiteConnection connection) {
    try {
      execute(connection, "ROLLBACK TO " + SAVEPOINT);
      execute(connection, "RELEASE " + SAVEPOINT);
    } catch (SQLException e) {
      // SQLite rolled the whole transaction back by itself (SQLITE_FULL, IOERR): nothing to undo.
    }
  }

  /** The table's name as stored, or null when {@code main} has no such table. */
  static String storedName(SQLiteConnection connection, String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static void execute(SQLiteConnection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
