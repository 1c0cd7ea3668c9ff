/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * psql 15's own catalog queries (captured from a PostgreSQL 15 server's statement log, in
 * src/test/resources/psql15) rewritten and run on a real SQLite database, the way the node runs
 * them.
 */
class PsqlCatalogTest {
  private Connection db;

  @BeforeEach
  void schema() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)");
      s.execute("CREATE INDEX items_name ON items(name)");
      s.execute("CREATE TABLE u (a TEXT UNIQUE, b VARCHAR(20) DEFAULT 'x', PRIMARY KEY (a, b))");
      s.execute("CREATE VIEW cheap AS SELECT name FROM items WHERE price < 2");
      s.execute("CREATE TABLE other (v)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "d",
        "dt",
        "dt-plus",
        "dt-pattern",
        "di",
        "dv",
        "d-items",
        "d-plus-items",
        "d-cheap",
        "d-plus-cheap"
      })
  void everyQueryPsqlSendsIsRewrittenIntoSqlThatSqliteRuns(String command) throws Exception {
    for (String query : psql(command)) {
      String rewritten =
          CatalogQueries.rewrite(query, "app", "acme").orElseThrow(() -> unknown(query));
      rows(rewritten); // runs without error
    }
  }

  @Test
  void listsRelationsWithPsqlsColumns() throws Exception {
    assertEquals(
        List.of(
            List.of("Schema", "Name", "Type", "Owner"),
            List.of("main", "cheap", "view", "app"),
            List.of("main", "items", "table", "app"),
            List.of("main", "other", "table", "app"),
            List.of("main", "u", "table", "app")),
        rows(rewrite("d", 0)));
    assertEquals(
        List.of(
            List.of("Schema", "Name", "Type", "Owner"), List.of("main", "items", "table", "app")),
        rows(rewrite("dt-pattern", 0)));
    assertEquals(
        List.of(
            List.of("Schema", "Name", "Type", "Owner", "Table"),
            List.of("main", "items_name", "index", "app", "items")),
        rows(rewrite("di", 0)));
    assertEquals(
        List.of(
            "Schema",
            "Name",
            "Type",
            "Owner",
            "Persistence",
            "Access method",
            "Size",
            "Description"),
        rows(rewrite("dt-plus", 0)).get(0));
  }

  @Test
  void describesATableColumnsAndIndexes() throws Exception {
    List<List<String>> lookup = rows(rewrite("d-items", 0));
    assertEquals(2, lookup.size());
    String oid = lookup.get(1).get(0);
    assertEquals(List.of("main", "items"), lookup.get(1).subList(1, 3));

    List<List<String>> info = rows(withOid(rewrite("d-items", 1), oid));
    assertEquals(List.of("0", "r", "t", "f", "f"), info.get(1).subList(0, 5));

    assertEquals(
        List.of(
            List.of("attname", "format_type", "attdef", "attnotnull"),
            Arrays.asList("id", "integer", null, "t"),
            Arrays.asList("name", "text", null, "t"),
            Arrays.asList("price", "real", null, "f")),
        rows(withOid(rewrite("d-items", 2), oid)).stream().map(r -> r.subList(0, 4)).toList());

    assertEquals(
        List.of(
            "[relname, indisprimary, indisunique] indexdef",
            "[items_pkey, t, t] CREATE INDEX items_pkey ON items USING btree (id)",
            "[items_name, f, f] CREATE INDEX items_name ON items USING btree (name)"),
        rows(withOid(rewrite("d-items", 3), oid)).stream()
            .map(r -> r.subList(0, 3) + " " + r.get(5))
            .toList());
  }

  @Test
  void describesCompositeKeysUniqueConstraintsAndDefaults() throws Exception {
    String oid = oidOf("u");
    assertEquals(
        List.of("b", "varchar(20)", "'x'"),
        rows(withOid(rewrite("d-items", 2), oid)).get(2).subList(0, 3));
    assertEquals(
        List.of(
            "[indisprimary, indisunique] indexdef contype",
            "[t, t] CREATE INDEX sqlite_autoindex_u_2 ON u USING btree (a, b) p",
            "[f, t] CREATE INDEX sqlite_autoindex_u_1 ON u USING btree (a) u"),
        rows(withOid(rewrite("d-items", 3), oid)).stream()
            .map(r -> r.subList(1, 3) + " " + r.get(5) + " " + r.get(7))
            .toList());
  }

  @Test
  void footersSqliteHasNoSuchThingForAreEmpty() throws Exception {
    List<String> queries = psql("d-items");
    for (String footer : queries.subList(4, queries.size())) {
      assertEquals(
          1, rows(CatalogQueries.rewrite(footer, "app", "acme").orElseThrow()).size(), footer);
    }
  }

  @Test
  void viewDefinition() throws Exception {
    String oid = oidOf("cheap");
    assertEquals(
        List.of("SELECT name FROM items WHERE price < 2"),
        rows(withOid(rewrite("d-plus-cheap", 3), oid)).get(1));
  }

  @Test
  void psqlPatternsBecomeGlobs() {
    assertEquals(Optional.of("items"), PsqlPattern.toGlob("^(items)$"));
    assertEquals(Optional.of("it*"), PsqlPattern.toGlob("^(it.*)$"));
    assertEquals(Optional.of("i?ems"), PsqlPattern.toGlob("^(i.ems)$"));
    assertEquals(Optional.of("a$b"), PsqlPattern.toGlob("^(a\\$b)$"));
    assertEquals(Optional.of("items"), PsqlPattern.toGlob("^(Items)$"));
    assertEquals(Optional.of("a[*]b"), PsqlPattern.toGlob("^(a\\*b)$"));
    assertTrue(PsqlPattern.toGlob("^(a|b)$").isEmpty());
    assertTrue(PsqlPattern.toGlob("items").isEmpty());
  }

  @Test
  void otherStatementsAreLeftAlone() {
    assertTrue(CatalogQueries.rewrite("SELECT * FROM items", "app", "acme").isEmpty());
    assertTrue(
        CatalogQueries.rewrite("SELECT 'pg_catalog.' || name FROM items", "app", "acme").isEmpty());
  }

  @Test
  void whitespaceInsideLiteralsIsKept() {
    assertEquals(
        "SELECT '\n a  b' FROM t",
        CatalogQueries.collapseWhitespace("SELECT  '\n a  b'\n\tFROM   t"));
  }

  private String oidOf(String table) throws Exception {
    return rows(rewrite("d-items", 0).replace("GLOB 'items'", "GLOB '" + table + "'"))
        .get(1)
        .get(0);
  }

  private static String rewrite(String command, int index) throws IOException {
    String query = psql(command).get(index);
    return CatalogQueries.rewrite(query, "app", "acme").orElseThrow(() -> unknown(query));
  }

  /** Points a detail query, rewritten for psql's captured OID, at the relation {@code oid}. */
  private static String withOid(String rewritten, String oid) {
    long rowid = Long.parseLong(oid) - PsqlCatalog.OID_BASE;
    return rewritten.replaceAll("rowid = -?\\d+", "rowid = " + rowid);
  }

  private static List<String> psql(String command) throws IOException {
    try (InputStream in =
        PsqlCatalogTest.class.getResourceAsStream("/psql15/" + command + ".sql")) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n-- next\n"));
    }
  }

  private static AssertionError unknown(String query) {
    return new AssertionError("not rewritten: " + query);
  }

  /** The header, then each row, as text. */
  private List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int width = rs.getMetaData().getColumnCount();
      List<String> header = new ArrayList<>();
      for (int i = 1; i <= width; i++) {
        header.add(rs.getMetaData().getColumnLabel(i));
      }
      rows.add(header);
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
