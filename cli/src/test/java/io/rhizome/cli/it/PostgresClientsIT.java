/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Postgres clients and tools, unchanged, on a standalone server: psql's describe commands, pgjdbc's
 * DatabaseMetaData, SQLAlchemy's inspector (psycopg2), psycopg 3 and asyncpg. Each reads the
 * catalog its own way; they must find the tenant's objects in schema {@code public}.
 */
class PostgresClientsIT {
  private static StandaloneServer server;
  private static final String TENANT = "books";
  private static final String SCHEMA =
      """
      CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE);
      CREATE TABLE books (id INTEGER PRIMARY KEY,
        author_id INTEGER NOT NULL REFERENCES authors(id),
        title VARCHAR(200) NOT NULL, price NUMERIC(10,2) DEFAULT 0, published BOOLEAN DEFAULT false);
      CREATE INDEX books_title ON books (title);
      CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
      CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
      INSERT INTO authors VALUES (1, 'Ann', '1970-01-01');
      INSERT INTO books VALUES (10, 1, 'First', 9.5, true);
      """;

  @BeforeAll
  static void start() throws Exception {
    server = StandaloneServer.start("postgres-clients");
    MoveConsole.createTenants(server.port(), "app", "pw", List.of(TENANT));
    Result schema = Psql.script(server.port(), TENANT, "app", "pw", SCHEMA);
    assertEquals(0, schema.exitCode(), schema::toString);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<String> psql(String commands) {
    Result r = Psql.script(server.port(), TENANT, "app", "pw", commands);
    assertEquals(0, r.exitCode(), r::toString);
    return r.stdout().lines().filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void psqlListsDatabasesSchemasRolesAndTheTenantsRelations() {
    assertEquals(List.of("books|app|UTF8|C|C||libc|"), psql("\\l"));
    assertEquals(List.of("public|pg_database_owner"), psql("\\dn")); // as in Postgres 15
    assertEquals(List.of("app||{}"), psql("\\du"));
    assertEquals(List.of(), psql("\\df\n\\dT\n\\dx\n\\ds"));
    assertEquals(
        List.of(
            "public|authors|table|app", "public|books|table|app", "public|cheap_books|view|app"),
        psql("\\d"));
    assertEquals(
        List.of("public|authors|table|app", "public|books|table|app"), psql("\\dt public.*"));
    assertEquals(
        List.of(
            "public|authors_name_key|index|app|authors",
            "public|authors_pkey|index|app|authors",
            "public|books_author_title|index|app|books",
            "public|books_pkey|index|app|books",
            "public|books_title|index|app|books"),
        psql("\\di"));
    assertEquals(List.of("public|cheap_books|view|app"), psql("\\dv"));
  }

  @Test
  void psqlDescribesATableWithItsIndexesAndForeignKeys() {
    assertEquals(
        List.of(
            "Table \"public.books\"",
            "Column|Type|Collation|Nullable|Default|Storage|Compression|Stats target|Description",
            "id|bigint||not null||plain|||",
            "author_id|bigint||not null||plain|||",
            "title|text||not null||extended|||",
            "price|numeric(10,2)|||0|main|||",
            "published|boolean|||false|plain|||",
            "Indexes:",
            "    \"books_pkey\" PRIMARY KEY, btree (id)",
            "    \"books_author_title\" UNIQUE, btree (author_id, title)",
            "    \"books_title\" btree (title)",
            "Foreign-key constraints:",
            "    \"books_author_id_fkey\" FOREIGN KEY (author_id) REFERENCES authors(id)",
            "Access method: heap"),
        psql("\\pset tuples_only off\n\\d+ books"));
    List<String> authors = psql("\\pset tuples_only off\n\\d authors");
    assertTrue(
        authors.contains("    \"authors_name_key\" UNIQUE CONSTRAINT, btree (name)"),
        authors::toString);
    assertTrue(
        authors.contains(
            "    TABLE \"books\" CONSTRAINT \"books_author_id_fkey\" FOREIGN KEY (author_id)"
                + " REFERENCES authors(id)"),
        authors::toString);
    assertEquals(
        List.of(
            "View \"public.cheap_books\"",
            "Column|Type|Collation|Nullable|Default",
            "id|bigint|||",
            "title|text|||"),
        psql("\\pset tuples_only off\n\\d cheap_books"));
    assertEquals(
        List.of(
            "Index \"public.books_title\"",
            "Column|Type|Key?|Definition",
            "title|text|yes|title",
            "btree, for table \"public.books\""),
        psql("\\pset tuples_only off\n\\d books_title"));
  }

  @Test
  void sessionSettingsAnswerAsInPostgres() {
    assertEquals(
        List.of("SET", "public", "{pg_catalog,public}", "public", "SET", "UTF8", "on"),
        psql(
            """
            SET search_path = public;
            SELECT current_schema();
            SELECT current_schemas(true);
            SHOW search_path;
            SET client_encoding = 'utf-8';
            SHOW client_encoding;
            SELECT current_setting('standard_conforming_strings');
            """));
    Result unknown = Psql.script(server.port(), TENANT, "app", "pw", "SET no_such_setting = 1;");
    assertTrue(
        unknown.stderr().contains("unrecognized configuration parameter \"no_such_setting\""),
        unknown::toString);
  }

  private static Connection jdbc(String mode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    p.setProperty("preferQueryMode", mode);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + TENANT, p);
  }

  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (String c : columns) {
          values.add(rs.getString(c));
        }
        out.add(String.join("|", values));
      }
    }
    return out;
  }

  @Test
  void pgjdbcDatabaseMetaDataInEveryQueryMode() throws SQLException {
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = jdbc(mode)) {
        DatabaseMetaData m = c.getMetaData();
        assertEquals(
            List.of("information_schema", "pg_catalog", "public"),
            rows(m.getSchemas(), "TABLE_SCHEM"),
            mode);
        for (String schema : new String[] {"public", null}) {
          assertEquals(
              List.of("public|authors|TABLE", "public|books|TABLE"),
              rows(
                  m.getTables(null, schema, "%", new String[] {"TABLE"}),
                  "TABLE_SCHEM",
                  "TABLE_NAME",
                  "TABLE_TYPE"),
              mode);
          assertEquals(
              List.of(
                  "id|int8|NO",
                  "author_id|int8|NO",
                  "title|text|NO",
                  "price|numeric|YES",
                  "published|bool|YES"),
              rows(
                  m.getColumns(null, schema, "books", "%"),
                  "COLUMN_NAME",
                  "TYPE_NAME",
                  "IS_NULLABLE"),
              mode);
          assertEquals(
              List.of("books|id|1|books_pkey"),
              rows(
                  m.getPrimaryKeys(null, schema, "books"),
                  "TABLE_NAME",
                  "COLUMN_NAME",
                  "KEY_SEQ",
                  "PK_NAME"),
              mode);
          assertEquals(
              List.of("authors|id|books|author_id|books_author_id_fkey|authors_pkey"),
              rows(
                  m.getImportedKeys(null, schema, "books"),
                  "PKTABLE_NAME",
                  "PKCOLUMN_NAME",
                  "FKTABLE_NAME",
                  "FKCOLUMN_NAME",
                  "FK_NAME",
                  "PK_NAME"),
              mode);
          assertEquals(
              List.of("authors|id|books|author_id|books_author_id_fkey"),
              rows(
                  m.getExportedKeys(null, schema, "authors"),
                  "PKTABLE_NAME",
                  "PKCOLUMN_NAME",
                  "FKTABLE_NAME",
                  "FKCOLUMN_NAME",
                  "FK_NAME"),
              mode);
          assertEquals(
              List.of(
                  "f|books_author_title|1|author_id",
                  "f|books_author_title|2|title",
                  "f|books_pkey|1|id",
                  "t|books_title|1|title"),
              rows(
                  m.getIndexInfo(null, schema, "books", false, false),
                  "NON_UNIQUE",
                  "INDEX_NAME",
                  "ORDINAL_POSITION",
                  "COLUMN_NAME"),
              mode);
        }
        List<String> types = rows(m.getTypeInfo(), "TYPE_NAME");
        assertTrue(types.containsAll(List.of("bool", "int8", "text", "numeric", "date")), mode);
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT b.id, b.title, b.price, b.published, a.born FROM books b"
                        + " JOIN authors a ON a.id = b.author_id")) {
          ResultSetMetaData md = rs.getMetaData();
          List<String> shape = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            shape.add(md.getColumnName(i) + ":" + md.getColumnTypeName(i));
          }
          assertEquals(
              List.of("id:int8", "title:text", "price:numeric", "published:bool", "born:date"),
              shape,
              mode);
        }
      }
    }
  }

  @Test
  void sqlalchemyInspectsTheSchemaWithPsycopg2() {
    Result r =
        Python.run(
            "sqlalchemy_inspect.py",
            "postgresql+psycopg2://app:pw@127.0.0.1:" + server.port() + "/" + TENANT);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of(
            "select 1",
            "schemas ['information_schema', 'public']",
            "tables ['authors', 'books']",
            "tables public ['authors', 'books']",
            "views ['cheap_books']",
            "columns authors [('id', 'BIGINT', False, None), ('name', 'TEXT', False, None),"
                + " ('born', 'DATE', True, None)]",
            "pk authors {'constrained_columns': ['id'], 'name': 'authors_pkey'}",
            "fks authors []",
            "indexes authors [('authors_name_key', True, ['name'])]",
            "unique authors [{'name': 'authors_name_key', 'column_names': ['name']}]",
            "columns books [('id', 'BIGINT', False, None), ('author_id', 'BIGINT', False, None),"
                + " ('title', 'TEXT', False, None), ('price', 'NUMERIC(10, 2)', True, '0'),"
                + " ('published', 'BOOLEAN', True, 'false')]",
            "pk books {'constrained_columns': ['id'], 'name': 'books_pkey'}",
            "fks books [('books_author_id_fkey', ['author_id'], 'authors', ['id'])]",
            "indexes books [('books_author_title', True, ['author_id', 'title']),"
                + " ('books_title', False, ['title'])]",
            "unique books []",
            "has_table True False",
            "version 15"),
        r.stdout().lines().toList());
  }

  @Test
  void sqlalchemyInspectsTheSchemaWithAsyncpg() {
    Result r =
        Python.run(
            "sqlalchemy_asyncpg_inspect.py",
            "postgresql+asyncpg://app:pw@127.0.0.1:" + server.port() + "/" + TENANT);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of(
            "select 1",
            "tables ['authors', 'books']",
            "views ['cheap_books']",
            "columns authors [('id', 'BIGINT', False), ('name', 'TEXT', False),"
                + " ('born', 'DATE', True)]",
            "pk authors {'constrained_columns': ['id'], 'name': 'authors_pkey'}",
            "fks authors []",
            "indexes authors [('authors_name_key', True, ['name'])]",
            "columns books [('id', 'BIGINT', False), ('author_id', 'BIGINT', False),"
                + " ('title', 'TEXT', False), ('price', 'NUMERIC(10, 2)', True),"
                + " ('published', 'BOOLEAN', True)]",
            "pk books {'constrained_columns': ['id'], 'name': 'books_pkey'}",
            "fks books [('books_author_id_fkey', ['author_id'], 'authors')]",
            "indexes books [('books_author_title', True, ['author_id', 'title']),"
                + " ('books_title', False, ['title'])]",
            "has_table True False"),
        r.stdout().lines().toList());
  }

  @Test
  void psycopg3LoadsTypeInformationAndRunsTypedStatements() {
    Result r =
        Python.run("psycopg3_client.py", "127.0.0.1", "" + server.port(), "app", "pw", TENANT);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of(
            "encoding UTF8",
            "server_version 15",
            "typeinfo int4 23 1007",
            "typeinfo _text 1009",
            "row 7 psycopg 2001-02-03",
            "schema public"),
        r.stdout().lines().toList());
  }

  @Test
  void asyncpgBindsAndReadsTypedValuesInTransactions() {
    Result r =
        Python.run("asyncpg_client.py", "127.0.0.1", "" + server.port(), "app", "pw", TENANT);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of(
            "encoding UTF8",
            "row int 8 asyncpg 1999-12-31",
            "after rollback 0",
            // SQLite keeps 12.50 as the number 12.5: NUMERIC(10,2) keeps no scale (docs).
            "book 12.5 True typed",
            "types [(23, 'int4'), (25, 'text')]"),
        r.stdout().lines().toList());
  }

  @Test
  void nodePostgresQueriesTypedValuesAndTheCatalog() {
    Result r =
        NodeJs.run("node_postgres_client.js", "127.0.0.1", "" + server.port(), "app", "pw", TENANT);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(
        List.of(
            "server_version 15",
            "row string 11 node true",
            "after rollback 0",
            "unaliased count,max count string",
            "tables authors,books,cheap_books",
            "columns id:bigint:true,author_id:bigint:true,title:text:true,"
                + "price:numeric(10,2):false,published:boolean:false",
            "types 23:int4,25:text"),
        r.stdout().lines().toList());
  }
}
