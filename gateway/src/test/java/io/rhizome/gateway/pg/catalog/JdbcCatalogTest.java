/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.Function;

/**
 * pgjdbc 42.7's own {@code DatabaseMetaData} queries (captured from a PostgreSQL 15 server's
 * statement log, in src/test/resources/pgjdbc) rewritten and run on a real SQLite database with the
 * driver's arguments bound, the way the node runs them.
 */
class JdbcCatalogTest {
  private Connection db;

  @BeforeEach
  void schema() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("CREATE INDEX items_name ON items(name)");
      s.execute("CREATE TABLE pairs (a TEXT, b INT, PRIMARY KEY (b, a))");
      s.execute("CREATE TABLE item_x (v)");
      s.execute("CREATE VIEW names AS SELECT name FROM items");
    }
    // A stand-in for the node's function (its real table is tested on the node): declared type
    // INTEGER/INT is int8, anything else text.
    Function.create(
        db,
        "rhizome_pg_type",
        new Function() {
          @Override
          protected void xFunc() throws SQLException {
            String declared = value_text(0);
            result(declared != null && declared.toUpperCase().startsWith("INT") ? 20 : 25);
          }
        });
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void getTablesOfEveryTypeAndOfRequestedTypes() throws Exception {
    assertEquals(
        List.of(
            "acme main items_name INDEX",
            "acme main item_x TABLE",
            "acme main items TABLE",
            "acme main pairs TABLE",
            "acme main names VIEW"),
        run("get-tables-all", 4, "%"));
    assertEquals(
        List.of("acme main item_x TABLE", "acme main items TABLE"),
        run("get-tables-typed", 4, "main", "it%"));
    assertEquals(List.of(), run("get-tables-typed", 4, "public", "%"));
    assertEquals(
        List.of("acme main items TABLE"), run("get-tables-typed", 4, "%", "items"), "exact name");
    assertEquals(
        List.of("acme main item_x TABLE"),
        run("get-tables-typed", 4, "%", "item\\_x"),
        "the driver escapes _ with a backslash");
  }

  @Test
  void getPrimaryKeysInKeyOrderWithTheRowidAliasToo() throws Exception {
    assertEquals(
        List.of("acme main items id 1 items_pkey"), run("get-primary-keys", 6, "main", "items"));
    assertEquals(
        List.of("acme main pairs b 1 pairs_pkey", "acme main pairs a 2 pairs_pkey"),
        run("get-primary-keys", 6, "main", "pairs"));
    assertEquals(List.of(), run("get-primary-keys", 6, "main", "item_x"));
  }

  @Test
  void getColumnsWithTheNodesTypesNullabilityAndDefaults() throws Exception {
    assertEquals(
        List.of("main items id 20 t 1", "main items name 25 t 2"),
        run("get-columns", 10, "items", "%").stream().map(JdbcCatalogTest::columnSummary).toList());
    assertEquals(
        List.of("main pairs b 20 f 2"),
        run("get-columns-in-schema", 10, "main", "pairs", "b").stream()
            .map(JdbcCatalogTest::columnSummary)
            .toList());
    assertEquals(List.of(), run("get-columns-in-schema", 10, "public", "%", "%"));
  }

  /** schema, table, column, type OID, not null, position of a getColumns row. */
  private static String columnSummary(String row) {
    String[] v = row.split(" ");
    return String.join(" ", v[1], v[2], v[3], v[4], v[5], v[9]);
  }

  @Test
  void getSchemasAndCatalogs() throws Exception {
    assertEquals(List.of("main acme"), run("get-schemas", 2));
    assertEquals(List.of("acme"), run("get-catalogs", 1));
  }

  @Test
  void inlinedArgumentsOfSimpleQueryModeAreKept() throws Exception {
    String query = pgjdbc("get-tables-typed").replace("$1", "('main')").replace("$2", "('pairs')");
    assertEquals(List.of("acme main pairs TABLE"), rows(rewrite(query), 4));
  }

  private List<String> run(String name, int columns, String... arguments) throws Exception {
    return rows(rewrite(pgjdbc(name)), columns, arguments);
  }

  private static String rewrite(String query) {
    return CatalogQueries.rewrite(query, "app", "acme")
        .orElseThrow(() -> new AssertionError("not rewritten: " + query));
  }

  private static String pgjdbc(String name) throws IOException {
    try (InputStream in = JdbcCatalogTest.class.getResourceAsStream("/pgjdbc/" + name + ".sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Each row's first {@code columns} values, space-separated. */
  private List<String> rows(String sql, int columns, String... arguments) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        s.setString(i + 1, arguments[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          rows.add(String.join(" ", row));
        }
      }
    }
    return rows;
  }
}
