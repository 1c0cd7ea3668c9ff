/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import io.rhizome.node.functions.SqlFunctions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The Postgres catalog of a tenant's connection: {@code pg_catalog} and {@code information_schema}
 * as temporary views over the tenant's own schema, and the functions they and translated statements
 * use. Nothing of it is ever written into the tenant's file: the views live in the connection's
 * temporary schema, the functions in the connection.
 *
 * <p><b>Created on first use, per relation.</b> A connection gets the catalog's functions, and the
 * views a statement names (with the views those read), the first time a statement names them: the
 * lockdown's scan of every statement's names ({@link #isCatalogName}) finds them before the
 * statement is prepared. Creating a view costs about 100 µs, all ~80 of them several ms; a session
 * that never asks pays nothing, and a psql {@code \d} pays for the dozen it reads, once per
 * connection (connections outlive sessions in the node's handle cache). Whether a view exists is
 * read from the temporary schema each time, not remembered: a view created inside a transaction the
 * client rolls back is gone, and is created again when next named.
 *
 * <p><b>Isolation.</b> The views read {@code main}'s schema through allow-listed pragmas, on the
 * tenant's own connection, which can reach no other file; the lockdown holds for them as for any
 * statement. A connection returns to the handle cache only if its temporary schema holds nothing
 * but the catalog's objects exactly as created ({@link #onlyCatalogObjects}), so no session's
 * temporary state reaches the next.
 */
public final class TenantCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(TenantCatalog.class);

  /** Every name a statement may use the catalog by, ASCII upper case (the lockdown's spelling). */
  private static final Set<String> NAMES;

  /** Shortest and longest name per first letter, a cheap filter before the set lookup. */
  private static final int[] MIN_LENGTH = new int[26];

  private static final int[] MAX_LENGTH = new int[26];

  /** The SQL SQLite stores for each object the catalog creates, by name (lower case). */
  private static final Map<String, String> STORED_SQL = new HashMap<>();

  private static final String BOOL_TABLE_DDL =
      "CREATE TEMP TABLE "
          + Relations.BOOL_TABLE
          + " ("
          + Relations.BOOL_COLUMN
          + " BOOLEAN PRIMARY KEY) WITHOUT ROWID";

  static {
    Set<String> names = new HashSet<>();
    for (String view : Relations.names()) {
      names.add(view.toUpperCase(Locale.ROOT));
    }
    for (String f : CatalogFunctions.names()) {
      names.add(f.toUpperCase(Locale.ROOT));
    }
    names.add(Relations.TYPES_TABLE.toUpperCase(Locale.ROOT));
    names.add(Relations.BOOL_TABLE.toUpperCase(Locale.ROOT));
    NAMES = Set.copyOf(names);
    java.util.Arrays.fill(MIN_LENGTH, Integer.MAX_VALUE);
    for (String n : NAMES) {
      int c = n.charAt(0) - 'A';
      if (c >= 0 && c < 26) {
        MIN_LENGTH[c] = Math.min(MIN_LENGTH[c], n.length());
        MAX_LENGTH[c] = Math.max(MAX_LENGTH[c], n.length());
      }
    }
    STORED_SQL.put(Relations.TYPES_TABLE, stored(Relations.typesTableDdl()));
    STORED_SQL.put(Relations.BOOL_TABLE, stored(BOOL_TABLE_DDL));
    for (String view : Relations.names()) {
      STORED_SQL.put(
          view, "CREATE VIEW " + view + " AS " + Relations.viewSql(Relations.spec(view)));
    }
  }

  /** What the catalog knows of a connection. */
  private static final class State {
    final String database;
    boolean functions;

    State(String database) {
      this.database = database;
    }
  }

  private final Map<SQLiteConnection, State> states =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Remembers which tenant's database a new connection opens (its name is current_database()). */
  public void attach(SQLiteConnection connection, String database) {
    states.put(connection, new State(database));
  }

  /**
   * Whether a name, in ASCII upper case as the lockdown reads names, is one of the catalog's
   * relations or functions. Called for every name of every statement: a length test per first
   * letter rules out almost every word before the set is consulted.
   */
  public static boolean isCatalogName(String upperName) {
    int len = upperName.length();
    if (len < 3) {
      return false;
    }
    int c = upperName.charAt(0) - 'A';
    if (c < 0 || c >= 26 || len < MIN_LENGTH[c] || len > MAX_LENGTH[c]) {
      return false;
    }
    return NAMES.contains(upperName);
  }

  /**
   * Makes sure the connection has what these names need: the catalog's functions, and the named
   * relations with those they read. A failure is logged and left to the statement, which then fails
   * on the missing relation as it would without a catalog.
   *
   * @param upperNames names {@link #isCatalogName} accepted, as the lockdown read them
   */
  public void ensure(SQLiteConnection connection, Collection<String> upperNames) {
    try {
      State state = states.computeIfAbsent(connection, c -> new State(""));
      if (!state.functions) {
        SqlFunctions.registerOn(connection, CatalogFunctions.functions(connection, state.database));
        state.functions = true;
      }
      Set<String> needed = new LinkedHashSet<>();
      for (String upper : upperNames) {
        String name = upper.toLowerCase(Locale.ROOT);
        if (Relations.spec(name) != null) {
          addWithDependencies(name, needed);
        } else if (name.equals(Relations.BOOL_TABLE) || name.equals(Relations.TYPES_TABLE)) {
          needed.add(name);
        }
      }
      if (needed.isEmpty()) {
        return;
      }
      Set<String> existing = temporaryObjects(connection);
      List<String> ddl = new ArrayList<>();
      if (!existing.contains(Relations.TYPES_TABLE)) {
        ddl.add(Relations.typesTableDdl());
      }
      if (needed.contains(Relations.BOOL_TABLE) && !existing.contains(Relations.BOOL_TABLE)) {
        ddl.add(BOOL_TABLE_DDL);
        ddl.add("INSERT INTO temp." + Relations.BOOL_TABLE + " VALUES (0), (1)");
      }
      for (String name : needed) {
        Relations.Spec spec = Relations.spec(name);
        if (spec != null && !existing.contains(name)) {
          ddl.add("CREATE TEMP VIEW " + name + " AS " + Relations.viewSql(spec));
        }
      }
      if (ddl.isEmpty()) {
        return;
      }
      try (Statement s = connection.createStatement()) {
        for (String sql : ddl) {
          s.execute(sql);
        }
      }
    } catch (SQLException e) {
      LOG.debug("creating catalog objects failed: {}", e.getMessage());
    }
  }

  private static void addWithDependencies(String name, Set<String> out) {
    Relations.Spec spec = Relations.spec(name);
    for (String dep : spec.deps()) {
      addWithDependencies(dep, out);
    }
    out.add(name);
  }

  private static Set<String> temporaryObjects(SQLiteConnection connection) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM temp.sqlite_master")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * Whether the connection's temporary schema holds the catalog's objects only, each exactly as the
   * catalog created it (and the boolean table's two rows, the types table empty). A connection with
   * anything else there (a client's temporary table, a catalog view replaced) is not handed to
   * another session.
   */
  public static boolean onlyCatalogObjects(SQLiteConnection connection) throws SQLException {
    Set<String> present = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, sql FROM temp.sqlite_master")) {
      while (rs.next()) {
        String name = rs.getString(1);
        String expected = STORED_SQL.get(name);
        if (expected == null || !expected.equals(rs.getString(2))) {
          return false;
        }
        present.add(name);
      }
    }
    if (present.isEmpty()) {
      return true;
    }
    if (!present.contains(Relations.TYPES_TABLE)) {
      return false; // views without the table their types come from: not as created
    }
    String check = "SELECT NOT EXISTS (SELECT 1 FROM temp." + Relations.TYPES_TABLE + ")";
    if (present.contains(Relations.BOOL_TABLE)) {
      check +=
          " AND (SELECT group_concat("
              + Relations.BOOL_COLUMN
              + ", ',' ORDER BY "
              + Relations.BOOL_COLUMN
              + ") FROM temp."
              + Relations.BOOL_TABLE
              + ") = '0,1'";
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(check)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** The catalog's functions' names, lower case: custom functions may not take them. */
  public static Set<String> functionNames() {
    return CatalogFunctions.names();
  }

  private static String stored(String ddl) {
    return ddl.replaceFirst("^CREATE TEMP ", "CREATE ");
  }
}
