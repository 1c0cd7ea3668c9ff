/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * Postgres sequences of a tenant: {@code nextval}, {@code currval}, {@code setval} and {@code
 * lastval} over a table in the tenant's own file, {@value #TABLE}, so sequences move, back up and
 * restore with the tenant. The gateway's translation of {@code CREATE/ALTER/DROP SEQUENCE} writes
 * that table (io.rhizome.pgsql.sqlite.Sequences); these functions read and advance it.
 *
 * <p>The functions are registered on every tenant connection when it opens (a handful of {@code
 * sqlite3_create_function} calls; nothing per statement), so a column's {@code DEFAULT
 * nextval('s')} works in an INSERT that names no sequence function. Each call runs its own small
 * statements on the connection it is called on, inside the caller's statement and transaction.
 *
 * <p><b>Differences from Postgres</b> (docs/compatibility.md): a value is taken inside the caller's
 * transaction, so a rolled-back transaction gives its values back (Postgres never does), and two
 * writers of one tenant serialize on SQLite's write lock as for any write. {@code currval} and
 * {@code lastval} are remembered per connection, which the node reuses for later sessions of the
 * same tenant only. {@code CACHE} is accepted and has no effect.
 *
 * <p><b>Isolation.</b> The table is the tenant's own: a tenant that writes it directly can only
 * change its own counters, which {@code setval} lets it do anyway. The catalog views leave it out.
 */
public final class Sequences {
  /** The table that holds every sequence of the tenant, one row per sequence. */
  public static final String TABLE = "rhizome_sequences";

  /** The table's definition; created when a statement first names the table (see ensureTable). */
  static final String TABLE_DDL =
      "CREATE TABLE IF NOT EXISTS main."
          + TABLE
          + " (name TEXT PRIMARY KEY NOT NULL, last_value INTEGER NOT NULL,"
          + " start_value INTEGER NOT NULL, increment_by INTEGER NOT NULL,"
          + " min_value INTEGER NOT NULL, max_value INTEGER NOT NULL, cycle INTEGER NOT NULL,"
          + " is_called INTEGER NOT NULL)";

  /** The functions' names, lower case. */
  static final Set<String> NAMES =
      Set.of(
          "nextval",
          "currval",
          "setval",
          "lastval",
          "rhizome_sequence_absent",
          "rhizome_sequence_present",
          "rhizome_sequences_json",
          "rhizome_restart_identity");

  /*
   * Every statement a function runs returns a row. sqlite-jdbc ends a statement that returns none
   * with a COMMIT when the connection is in auto-commit mode, and that COMMIT fails inside the
   * caller's INSERT (a column's DEFAULT nextval(...)): "cannot commit transaction - SQL statements
   * in progress". A statement stopped at its first row ends without it; an UPDATE with RETURNING
   * has made its change by then.
   */
  private static final String READ =
      "SELECT r.last_value, r.increment_by, r.min_value, r.max_value, r.cycle, r.is_called"
          + " FROM (SELECT 1) LEFT JOIN "
          + TABLE
          + " r ON r.name = ?";

  private static final String WRITE =
      "UPDATE " + TABLE + " SET last_value = ?, is_called = ? WHERE name = ? RETURNING 1";

  private Sequences() {}

  /** Registers the sequence functions on a tenant's connection. */
  static void register(SQLiteConnection connection) throws SQLException {
    Session session = new Session();
    Function.create(connection, "nextval", new NextVal(connection, session), 1);
    Function.create(connection, "currval", new CurrVal(connection, session), 1);
    Function.create(connection, "lastval", new LastVal(session), 0);
    Function.create(connection, "setval", new SetVal(connection, session), 2);
    Function.create(connection, "setval", new SetVal(connection, session), 3);
    Function.create(connection, "rhizome_sequence_absent", new Absent(connection), 1);
    Function.create(connection, "rhizome_sequence_present", new Present(connection), 2);
    Function.create(connection, "rhizome_sequences_json", new Listed(connection), 0);
    Function.create(connection, "rhizome_restart_identity", new RestartIdentity(connection), 1);
  }

  /**
   * Creates the tenant's sequence table unless it has one: called when a statement that names the
   * table is admitted, before it is prepared (the translated sequence DDL is one statement on the
   * table, so that it runs in the extended protocol too). Inside the client's transaction, if one
   * is open: a rollback takes the table away with the sequence.
   */
  static void ensureTable(SQLiteConnection connection) throws SQLException {
    if (!hasTable(connection)) {
      try (java.sql.Statement s = connection.createStatement()) {
        s.execute(TABLE_DDL);
      }
    }
  }

  /**
   * A sequence's name as Postgres reads a regclass text: unquoted parts fold to lower case, a
   * {@code public.} or {@code pg_catalog.} qualifier is dropped.
   */
  static String name(String text) {
    String t = text.strip();
    StringBuilder part = new StringBuilder();
    String last = null;
    int i = 0;
    while (i <= t.length()) {
      if (i == t.length() || t.charAt(i) == '.') {
        last = part.toString();
        part.setLength(0);
        i++;
        continue;
      }
      char c = t.charAt(i);
      if (c == '"') {
        int j = i + 1;
        while (j < t.length()) {
          if (t.charAt(j) == '"') {
            if (j + 1 < t.length() && t.charAt(j + 1) == '"') {
              part.append('"');
              j += 2;
              continue;
            }
            break;
          }
          part.append(t.charAt(j++));
        }
        i = j + 1;
      } else {
        part.append(Character.toLowerCase(c));
        i++;
      }
    }
    return last;
  }

  /** The current values of one connection's calls ({@code currval}, {@code lastval}). */
  private static final class Session {
    final Map<String, Long> current = new HashMap<>();
    Long last;
  }

  /** One sequence's row. */
  private record Row(
      long lastValue, long increment, long min, long max, boolean cycle, boolean called) {}

  private static Row read(SQLiteConnection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(READ)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || rs.getObject(1) == null) {
          return null;
        }
        return new Row(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5) != 0,
            rs.getLong(6) != 0);
      }
    }
  }

  private static void write(SQLiteConnection connection, String name, long value, boolean called)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(WRITE)) {
      s.setLong(1, value);
      s.setLong(2, called ? 1 : 0);
      s.setString(3, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
      }
    }
  }

  /** Whether the tenant has the sequences table (no sequence was ever created otherwise). */
  private static boolean hasTable(SQLiteConnection connection) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name = '"
                + TABLE
                + "'")) {
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private static Row existing(SQLiteConnection connection, String name)
      throws SQLException, SequenceException {
    Row row = hasTable(connection) ? read(connection, name) : null;
    if (row == null) {
      throw new SequenceException("relation \"" + name + "\" does not exist");
    }
    return row;
  }

  /** A failure with a Postgres message the node's error mapping knows the SQLSTATE of. */
  private static final class SequenceException extends Exception {
    SequenceException(String message) {
      super(message, null, false, false);
    }
  }

  /** A function whose failures reach the client with their own message. */
  private abstract static class SequenceFunction extends Function {
    @Override
    protected final void xFunc() throws SQLException {
      try {
        call();
      } catch (SequenceException e) {
        error(e.getMessage());
      }
    }

    abstract void call() throws SQLException, SequenceException;

    String sequence() throws SQLException, SequenceException {
      String text = value_text(0);
      if (text == null) {
        return null;
      }
      String name = name(text);
      if (name == null || name.isEmpty()) {
        throw new SequenceException("relation \"" + text + "\" does not exist");
      }
      return name;
    }
  }

  private static final class NextVal extends SequenceFunction {
    private final SQLiteConnection connection;
    private final Session session;

    NextVal(SQLiteConnection connection, Session session) {
      this.connection = connection;
      this.session = session;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String name = sequence();
      if (name == null) {
        result();
        return;
      }
      Row row = existing(connection, name);
      long next = row.lastValue();
      if (row.called()) {
        long stepped = row.lastValue() + row.increment();
        boolean overflow =
            ((row.lastValue() ^ stepped) & (row.increment() ^ stepped)) < 0; // Math.addExact
        if (row.increment() > 0 && (overflow || stepped > row.max())) {
          if (!row.cycle()) {
            throw new SequenceException(
                "nextval: reached maximum value of sequence \"" + name + "\" (" + row.max() + ")");
          }
          stepped = row.min();
        } else if (row.increment() < 0 && (overflow || stepped < row.min())) {
          if (!row.cycle()) {
            throw new SequenceException(
                "nextval: reached minimum value of sequence \"" + name + "\" (" + row.min() + ")");
          }
          stepped = row.max();
        }
        next = stepped;
      }
      write(connection, name, next, true);
      session.current.put(name, next);
      session.last = next;
      result(next);
    }
  }

  private static final class CurrVal extends SequenceFunction {
    private final SQLiteConnection connection;
    private final Session session;

    CurrVal(SQLiteConnection connection, Session session) {
      this.connection = connection;
      this.session = session;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String name = sequence();
      if (name == null) {
        result();
        return;
      }
      existing(connection, name); // Postgres reads the name as a relation first
      Long value = session.current.get(name);
      if (value == null) {
        throw new SequenceException(
            "currval of sequence \"" + name + "\" is not yet defined in this session");
      }
      result(value);
    }
  }

  private static final class LastVal extends SequenceFunction {
    private final Session session;

    LastVal(Session session) {
      this.session = session;
    }

    @Override
    void call() throws SequenceException, SQLException {
      if (session.last == null) {
        throw new SequenceException("lastval is not yet defined in this session");
      }
      result(session.last);
    }
  }

  private static final class SetVal extends SequenceFunction {
    private final SQLiteConnection connection;
    private final Session session;

    SetVal(SQLiteConnection connection, Session session) {
      this.connection = connection;
      this.session = session;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String name = sequence();
      if (name == null || value_type(1) == SQLITE_NULL) {
        result();
        return;
      }
      long value = value_long(1);
      boolean called = args() < 3 || value_int(2) != 0;
      Row row = existing(connection, name);
      if (value < row.min() || value > row.max()) {
        throw new SequenceException(
            String.format(
                Locale.ROOT,
                "setval: value %d is out of bounds for sequence \"%s\" (%d..%d)",
                value,
                name,
                row.min(),
                row.max()));
      }
      write(connection, name, value, called);
      if (called) {
        session.current.put(name, value); // as Postgres: lastval() is not set by setval()
      }
      result(value);
    }
  }

  private static final java.util.regex.Pattern NEXTVAL =
      java.util.regex.Pattern.compile("nextval\\s*\\(\\s*'((?:[^']|'')+)'");

  /**
   * {@code rhizome_restart_identity(table)}: what {@code TRUNCATE t RESTART IDENTITY} does besides
   * emptying the table: the table's AUTOINCREMENT counter (its row of SQLite's {@code
   * sqlite_sequence}, where a SERIAL key counts) and the sequences its columns' defaults draw from
   * ({@code DEFAULT (nextval('t_c_seq'))}, read from the table's definition) start over. Answers 1.
   */
  private static final class RestartIdentity extends SequenceFunction {
    private final SQLiteConnection connection;

    RestartIdentity(SQLiteConnection connection) {
      this.connection = connection;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String table = value_text(0);
      String definition = null;
      boolean counters = false;
      try (PreparedStatement s =
          connection.prepareStatement(
              "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table'"
                  + " AND (name = 'sqlite_sequence' OR lower(name) = lower(?))")) {
        s.setString(1, table);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            if (rs.getString(1).equals("sqlite_sequence")) {
              counters = true;
            } else {
              definition = rs.getString(2);
            }
          }
        }
      }
      if (definition == null) {
        throw new SequenceException("relation \"" + table + "\" does not exist");
      }
      if (counters) {
        // A statement run to its end here would COMMIT in auto-commit mode (see READ): one row,
        // RETURNING, read once.
        try (PreparedStatement s =
            connection.prepareStatement(
                "DELETE FROM main.sqlite_sequence WHERE lower(name) = lower(?) RETURNING 1")) {
          s.setString(1, table);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
          }
        }
      }
      java.util.regex.Matcher m = NEXTVAL.matcher(definition);
      while (m.find()) {
        String sequence = name(m.group(1).replace("''", "'"));
        if (hasTable(connection) && read(connection, sequence) != null) {
          try (PreparedStatement s =
              connection.prepareStatement(
                  "UPDATE "
                      + TABLE
                      + " SET last_value = start_value, is_called = 0 WHERE name = ? RETURNING 1")) {
            s.setString(1, sequence);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
            }
          }
        }
      }
      result(1L);
    }
  }

  /**
   * {@code rhizome_sequence_absent(name)}: 1 when no sequence or relation has the name, else fails
   * as Postgres' CREATE SEQUENCE does (the translated DDL creates the table first).
   */
  private static final class Absent extends SequenceFunction {
    private final SQLiteConnection connection;

    Absent(SQLiteConnection connection) {
      this.connection = connection;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String name = value_text(0);
      boolean taken = read(connection, name) != null;
      if (!taken) {
        try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT count(*) FROM main.sqlite_schema WHERE lower(name) = lower(?)"
                    + " AND type IN ('table', 'view', 'index')")) {
          s.setString(1, name);
          try (ResultSet rs = s.executeQuery()) {
            taken = rs.next() && rs.getLong(1) > 0;
          }
        }
      }
      if (taken) {
        throw new SequenceException("relation \"" + name + "\" already exists");
      }
      result(1);
    }
  }

  /**
   * {@code rhizome_sequence_present(name, noun)}: 1 when the sequence exists, else fails with
   * Postgres' "{noun} "name" does not exist" (DROP says sequence, ALTER relation).
   */
  private static final class Present extends SequenceFunction {
    private final SQLiteConnection connection;

    Present(SQLiteConnection connection) {
      this.connection = connection;
    }

    @Override
    void call() throws SQLException, SequenceException {
      String name = value_text(0);
      if (read(connection, name) == null) {
        String noun = "sequence".equals(value_text(1)) ? "sequence" : "relation";
        throw new SequenceException(noun + " \"" + name + "\" does not exist");
      }
      result(1);
    }
  }

  /**
   * {@code rhizome_sequences_json()}: the tenant's sequences as a JSON object of name to rowid (the
   * catalog lists them in pg_class; a view cannot name a table that may not exist).
   */
  private static final class Listed extends SequenceFunction {
    private final SQLiteConnection connection;

    Listed(SQLiteConnection connection) {
      this.connection = connection;
    }

    @Override
    void call() throws SQLException {
      if (!hasTable(connection)) {
        result("{}");
        return;
      }
      try (PreparedStatement s =
              connection.prepareStatement("SELECT json_group_object(name, rowid) FROM " + TABLE);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        result(rs.getString(1));
      }
    }
  }

  private static final int SQLITE_NULL = 5;
}
