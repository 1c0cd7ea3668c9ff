/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Postgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog queries real clients sent to PostgreSQL 15 (recorded, {@code
 * src/test/resources/catalog-queries}), replayed on a real PostgreSQL 15 and on Rhizome with the
 * same schema, and compared: column names, the kind of each column's type (number, string, boolean,
 * array, date), row counts, and the values that do not name server-specific objects (OIDs differ;
 * names, definitions, flags and positions must not). A query whose answer differs on purpose says
 * so in its fixture, with the reason: {@code -- compare: columns} (only the column names are
 * compared), {@code rows} (names, types and the number of rows), {@code types} (all but the column
 * types) or {@code unordered} (all, the rows in any order: the query orders them partly). The test
 * writes a report of the comparison ({@code target/catalog-queries.md}).
 */
class CatalogQueriesIT {
  private static final String SCHEMA =
      """
      CREATE TABLE authors (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE);
      CREATE TABLE books (id BIGINT PRIMARY KEY, author_id BIGINT NOT NULL REFERENCES authors(id),
        title TEXT NOT NULL, price NUMERIC(10,2) DEFAULT 0, published BOOLEAN DEFAULT false);
      CREATE INDEX books_title ON books (title);
      CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
      CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
      """;

  private static final List<String> CLIENTS =
      List.of(
          "psql15",
          "pgjdbc42",
          "sqlalchemy14",
          "psycopg3",
          "asyncpg",
          "npgsql",
          "pgadmin4",
          "dbeaver",
          "metabase");

  private static final Pattern OID = Pattern.compile("\\$\\{oid:([a-z_]+)}");

  private static Postgres postgres;
  private static StandaloneServer rhizome;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres.start();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE app LOGIN PASSWORD 'pw'");
      s.execute("CREATE DATABASE books OWNER app");
    }
    rhizome = StandaloneServer.start("catalog-queries");
    Result created = RhizomeProcess.createTenant(rhizome.port(), "books", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
    for (int port : new int[] {postgres.port(), rhizome.port()}) {
      Result r = Psql.script(port, "books", "app", "pw", SCHEMA);
      assertEquals(0, r.exitCode(), r::toString);
    }
  }

  @AfterAll
  static void stop() {
    if (rhizome != null) {
      rhizome.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** One recorded query. */
  record Query(String client, String sql, List<String> params, String compare, String reason) {}

  /** The answer of one server. */
  record Answer(List<String> columns, List<String> kinds, List<List<String>> rows, String error) {}

  @Test
  void clientsCatalogQueriesAnswerAsInPostgres() throws Exception {
    List<String> failures = new ArrayList<>();
    StringBuilder report =
        new StringBuilder(
            "| client | queries | same answer | same shape | differ |\n|---|---|---|---|---|\n");
    List<String> differences = new ArrayList<>();
    List<String> untyped = new ArrayList<>();
    try (Connection pg = connect(postgres.jdbcUrl("books"));
        Connection rz = connect("jdbc:postgresql://127.0.0.1:" + rhizome.port() + "/books")) {
      for (String client : CLIENTS) {
        int total = 0;
        int same = 0;
        int shape = 0;
        int differ = 0;
        for (Query q : queries(client)) {
          total++;
          Answer a = run(pg, q);
          Answer b = run(rz, q);
          String label = client + ": " + firstLine(q.sql());
          if (a.error() != null) {
            failures.add(label + "\n  PostgreSQL failed: " + a.error());
            continue;
          }
          if (b.error() != null) {
            failures.add(label + "\n  Rhizome failed: " + b.error());
            continue;
          }
          if (!a.columns().equals(b.columns())) {
            failures.add(label + "\n  columns " + a.columns() + "\n       vs " + b.columns());
            continue;
          }
          if (q.compare().equals("columns")) {
            differ++;
            differences.add("- " + client + ": `" + firstLine(q.sql()) + "`: " + q.reason());
            continue;
          }
          List<String> nullTyped = new ArrayList<>();
          if (q.compare().equals("types")) {
            differences.add("- " + client + ": `" + firstLine(q.sql()) + "`: " + q.reason());
          } else if (!sameKinds(a, b, nullTyped)) {
            failures.add(label + "\n  column kinds " + a.kinds() + "\n            vs " + b.kinds());
            continue;
          }
          if (!nullTyped.isEmpty()) {
            untyped.add("- " + client + ": `" + firstLine(q.sql()) + "`: " + nullTyped);
          }
          if (a.rows().size() != b.rows().size()) {
            failures.add(
                label
                    + "\n  rows "
                    + a.rows().size()
                    + " vs "
                    + b.rows().size()
                    + "\n  pg: "
                    + a.rows()
                    + "\n  rz: "
                    + b.rows());
            continue;
          }
          if (q.compare().equals("rows")) {
            shape++;
            continue;
          }
          List<List<String>> va = comparable(a);
          List<List<String>> vb = comparable(b);
          if (q.compare().equals("unordered")) {
            va.sort(Comparator.comparing(Object::toString));
            vb.sort(Comparator.comparing(Object::toString));
          }
          if (!va.equals(vb)) {
            failures.add(label + "\n  values " + va + "\n      vs " + vb);
            continue;
          }
          same++;
        }
        report
            .append("| ")
            .append(client)
            .append(" | ")
            .append(total)
            .append(" | ")
            .append(same)
            .append(" | ")
            .append(shape)
            .append(" | ")
            .append(differ)
            .append(" |\n");
      }
    }
    report
        .append("\nDifferences, on purpose:\n\n")
        .append(String.join("\n", differences))
        .append('\n')
        .append("\nColumns NULL in every row, typed text by Rhizome (the node types a computed")
        .append(" column by its values):\n\n")
        .append(untyped.isEmpty() ? "(none)" : String.join("\n", untyped))
        .append('\n');
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "catalog-queries.md"), report.toString());
    assertTrue(
        failures.isEmpty(),
        failures.size() + " queries answer differently:\n\n" + String.join("\n\n", failures));
  }

  private static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("stringtype", "unspecified"); // parameters untyped, as the clients sent them
    return DriverManager.getConnection(url, p);
  }

  private static Answer run(Connection c, Query q) {
    try {
      List<Integer> order = new ArrayList<>();
      String sql = jdbcPlaceholders(resolve(c, q.sql()), order);
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (int i = 0; i < order.size(); i++) {
          p.setString(i + 1, q.params().get(order.get(i) - 1));
        }
        try (ResultSet rs = p.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          List<String> kinds = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
            kinds.add(kind(md.getColumnTypeName(i)));
          }
          List<List<String>> rows = new ArrayList<>();
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
              row.add(rs.getString(i));
            }
            rows.add(row);
          }
          return new Answer(columns, kinds, rows, null);
        }
      }
    } catch (SQLException e) {
      return new Answer(List.of(), List.of(), List.of(), e.getSQLState() + " " + e.getMessage());
    }
  }

  /**
   * The query with its {@code $n} placeholders as JDBC's {@code ?} (outside literals, quoted names
   * and comments), and in {@code order} the parameter number of each.
   */
  static String jdbcPlaceholders(String sql, List<Integer> order) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = sql.indexOf(ch, i + 1);
        while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == ch) {
          end = sql.indexOf(ch, end + 2);
        }
        end = end < 0 ? sql.length() : end + 1;
        out.append(sql, i, end);
        i = end;
      } else if (ch == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
        i = end;
      } else if (ch == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        order.add(Integer.parseInt(sql.substring(i + 1, end)));
        out.append('?');
        i = end;
      } else if (ch == '?') {
        out.append("??"); // an operator, not a placeholder
        i++;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  /** The query with each {@code ${oid:name}} replaced by that relation's OID on this server. */
  private static String resolve(Connection c, String sql) throws SQLException {
    Matcher m = OID.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      try (PreparedStatement p =
          c.prepareStatement("SELECT oid FROM pg_catalog.pg_class WHERE relname = ?")) {
        p.setString(1, m.group(1));
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("no relation " + m.group(1));
          }
          m.appendReplacement(out, rs.getString(1));
        }
      }
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Whether the columns' kinds are the same, but for columns that are NULL in every row of both
   * answers and text on Rhizome (named in {@code nullTyped}): the node types a computed column by
   * its values, and a column of NULLs has none.
   */
  private static boolean sameKinds(Answer a, Answer b, List<String> nullTyped) {
    for (int i = 0; i < a.kinds().size(); i++) {
      if (a.kinds().get(i).equals(b.kinds().get(i))) {
        continue;
      }
      if (!b.kinds().get(i).equals("string") || !allNull(a, i) || !allNull(b, i)) {
        return false;
      }
      nullTyped.add(a.columns().get(i));
    }
    return true;
  }

  private static boolean allNull(Answer a, int column) {
    for (List<String> row : a.rows()) {
      if (row.get(column) != null) {
        return false;
      }
    }
    return true;
  }

  /** A type's kind: what a client reading the value would treat it as. */
  private static String kind(String type) {
    return switch (type) {
      case "int2", "int4", "int8", "oid", "xid", "float4", "float8", "numeric" -> "number";
      case "bool" -> "bool";
      case "date", "timestamp", "timestamptz" -> "time";
      case "int2vector", "oidvector" -> "array";
      default -> type.startsWith("_") ? "array" : "string";
    };
  }

  /**
   * The values to compare: all but numbers that are OIDs (at or above Postgres' first user OID).
   */
  private static List<List<String>> comparable(Answer a) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> row : a.rows()) {
      List<String> r = new ArrayList<>();
      for (String v : row) {
        r.add(isOid(v) ? "<oid>" : v);
      }
      out.add(r);
    }
    return out;
  }

  private static boolean isOid(String v) {
    if (v == null || v.isEmpty() || v.length() > 10) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (!Character.isDigit(v.charAt(i))) {
        return false;
      }
    }
    return Long.parseLong(v) >= 10_000;
  }

  private static String firstLine(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() > 90 ? s.substring(0, 90) + "..." : s;
  }

  private static final Set<String> DIRECTIVES = Set.of("params", "compare");

  /** The queries of a client's fixture: entries separated by a line "--". */
  static List<Query> queries(String client) throws IOException {
    String text;
    try (InputStream in =
        CatalogQueriesIT.class.getResourceAsStream("/catalog-queries/" + client + ".sql")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Query> out = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int i = 0;
    while (i < lines.size() && !lines.get(i).equals("--")) {
      i++; // the header
    }
    while (i < lines.size()) {
      i++; // the separator
      List<String> params = List.of();
      String compare = "values";
      String reason = "";
      StringBuilder sql = new StringBuilder();
      while (i < lines.size() && !lines.get(i).equals("--")) {
        String line = lines.get(i);
        Matcher d = Pattern.compile("^-- (\\w+): (.*)$").matcher(line);
        if (sql.length() == 0 && d.matches() && DIRECTIVES.contains(d.group(1))) {
          if (d.group(1).equals("params")) {
            params = parseParams(d.group(2));
          } else {
            String[] parts = d.group(2).split(" ", 2);
            compare = parts[0];
            reason = parts.length > 1 ? parts[1] : "";
          }
        } else {
          sql.append(line).append('\n');
        }
        i++;
      }
      if (!sql.toString().isBlank()) {
        out.add(new Query(client, sql.toString(), params, compare, reason));
      }
    }
    return out;
  }

  /** A JSON array of strings, as the recorder writes it. */
  private static List<String> parseParams(String json) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    while (m.find()) {
      out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return out;
  }
}
