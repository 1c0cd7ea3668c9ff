/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import io.rhizome.pgsql.Classifier;
import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The catalog on a real tenant connection, as the node runs statements: each statement is admitted
 * by the lockdown (which creates what it names), then prepared. Postgres statements are translated
 * as the gateway translates them.
 */
class TenantCatalogTest {
  @TempDir Path data;

  private final TenantLockdown lockdown = new TenantLockdown(TenantQuotas.DEFAULT);
  private TenantStore store;
  private SQLiteConnection acme;

  /** A session as the gateway knows one, for translations. */
  static final SessionContext SESSION =
      new SessionContext() {
        @Override
        public String user() {
          return "app";
        }

        @Override
        public String database() {
          return "acme";
        }

        @Override
        public int backendPid() {
          return 7;
        }

        @Override
        public String versionString() {
          return "PostgreSQL 15.0";
        }

        @Override
        public String setting(String name) {
          return settingIfExists(name)
              .orElseThrow(() -> new SqlException(SqlException.Reason.UNDEFINED_OBJECT, name));
        }

        @Override
        public Optional<String> settingIfExists(String name) {
          return name.equals("search_path") ? Optional.of("\"$user\", public") : Optional.empty();
        }

        @Override
        public List<SettingRow> settings() {
          return List.of();
        }
      };

  @BeforeEach
  void schema() throws Exception {
    store = new TenantStore(data, Synchronous.NORMAL, Duration.ofSeconds(1), lockdown);
    acme = store.open(1, "acme");
    exec(
        acme,
        "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE)",
        "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL"
            + " REFERENCES authors(id) ON DELETE CASCADE, title VARCHAR(200) NOT NULL,"
            + " price NUMERIC(10,2) DEFAULT 0, published BOOLEAN DEFAULT false)",
        "CREATE INDEX books_title ON books (title)",
        "CREATE UNIQUE INDEX books_author_title ON books (author_id, title DESC)",
        "CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10");
  }

  @AfterEach
  void close() throws SQLException {
    acme.close();
  }

  private static void exec(SQLiteConnection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** Runs a statement as a tenant's, translated first when it is Postgres. */
  private List<List<String>> query(SQLiteConnection c, String postgres) throws SQLException {
    Classifier.Classification cl = Classifier.classify(postgres, SESSION);
    String sql =
        cl instanceof Classifier.Translated t
            ? t.sql()
            : cl instanceof Classifier.PassThrough ? postgres : null;
    if (sql == null) {
      throw new AssertionError("not a node statement: " + cl);
    }
    assertEquals(Optional.empty(), lockdown.admit(c, sql));
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql);
        ResultSet rs = p.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private Set<String> temporaryObjects() throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = acme.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM temp.sqlite_master")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Test
  void aConnectionGetsOnlyTheRelationsItsStatementsName() throws Exception {
    assertEquals(Set.of(), temporaryObjects(), "nothing before the first catalog query");
    query(acme, "SELECT count(*) FROM authors WHERE 0");
    assertEquals(Set.of(), temporaryObjects(), "a statement naming no catalog relation adds none");
    query(acme, "SELECT nspname FROM pg_catalog.pg_namespace n, pg_catalog.pg_am a WHERE 0");
    assertEquals(Set.of("rhizome_types", "pg_namespace", "pg_am"), temporaryObjects());
  }

  @Test
  void pgClassListsTheTenantsRelationsUnderPostgresNames() throws Exception {
    List<List<String>> rows =
        query(acme, "SELECT relname, relkind FROM pg_catalog.pg_class ORDER BY relname");
    assertEquals(
        List.of(
            List.of("authors", "r"),
            List.of("authors_name_key", "i"),
            List.of("authors_pkey", "i"),
            List.of("books", "r"),
            List.of("books_author_title", "i"),
            List.of("books_pkey", "i"),
            List.of("books_title", "i"),
            List.of("cheap_books", "v")),
        rows);
  }

  @Test
  void columnsHaveTheTypesTheNodeReportsAndPostgresModifiers() throws Exception {
    List<List<String>> rows =
        query(
            acme,
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d"
                + " WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef)"
                + " FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'books'::regclass"
                + " AND a.attnum > 0 ORDER BY a.attnum");
    assertEquals(
        List.of(
            List.of("id", "bigint", "1"),
            List.of("author_id", "bigint", "1"),
            List.of("title", "text", "1"),
            List.of("price", "numeric(10,2)", "0", "0"),
            List.of("published", "boolean", "0", "false")),
        rows.stream().map(r -> r.subList(0, r.get(3) == null ? 3 : 4)).toList());
  }

  @Test
  void aRelationsOidAsTextFindsItsColumnsAsInPostgres() throws Exception {
    // psql asks for a table's columns by its OID written as a string constant.
    String oid =
        query(acme, "SELECT oid FROM pg_catalog.pg_class WHERE relname = 'authors'").get(0).get(0);
    assertEquals(
        List.of(List.of("id"), List.of("name"), List.of("born")),
        query(
            acme,
            "SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = '"
                + oid
                + "' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"));
  }

  @Test
  void constraintsAndTheirDefinitions() throws Exception {
    List<List<String>> rows =
        query(
            acme,
            "SELECT conname, contype, conkey, confkey, pg_catalog.pg_get_constraintdef(oid, true)"
                + " FROM pg_catalog.pg_constraint ORDER BY conname");
    assertEquals(
        List.of(
            List.of("authors_name_key", "u", "{2}", "", "UNIQUE (name)"),
            List.of("authors_pkey", "p", "{1}", "", "PRIMARY KEY (id)"),
            List.of(
                "books_author_id_fkey",
                "f",
                "{2}",
                "{1}",
                "FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE CASCADE"),
            List.of("books_pkey", "p", "{1}", "", "PRIMARY KEY (id)")),
        rows.stream().map(r -> r.stream().map(v -> v == null ? "" : v).toList()).toList());
  }

  @Test
  void indexDefinitionsReadAsPostgresPrintsThem() throws Exception {
    List<List<String>> rows =
        query(
            acme,
            "SELECT indexname, indexdef FROM pg_catalog.pg_indexes WHERE tablename = 'books'"
                + " ORDER BY indexname");
    assertEquals(
        List.of(
            List.of(
                "books_author_title",
                "CREATE UNIQUE INDEX books_author_title ON public.books USING btree"
                    + " (author_id, title DESC)"),
            List.of(
                "books_pkey", "CREATE UNIQUE INDEX books_pkey ON public.books USING btree (id)"),
            List.of("books_title", "CREATE INDEX books_title ON public.books USING btree (title)")),
        rows);
  }

  @Test
  void catalogColumnsCarryPostgresTypesAndCompareAsPostgresDoes() throws Exception {
    String sql =
        ((Classifier.Translated)
                Classifier.classify(
                    "SELECT c.oid, c.relname, c.relkind, c.relhasindex, c.reloptions"
                        + " FROM pg_catalog.pg_class c WHERE c.oid = '16385'",
                    SESSION))
            .sql();
    assertEquals(Optional.empty(), lockdown.admit(acme, sql));
    try (PreparedStatement p = acme.prepareStatement(sql);
        ResultSet rs = p.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      // sqlite-jdbc reports the declared type, which the node maps to Postgres types.
      assertEquals("OID", md.getColumnTypeName(1));
      assertEquals("NAME", md.getColumnTypeName(2));
      assertEquals("PG_CHAR", md.getColumnTypeName(3));
      assertEquals("BOOLEAN", md.getColumnTypeName(4));
      assertEquals("_TEXT", md.getColumnTypeName(5));
      assertTrue(rs.next(), "the text constant '16385' found the relation by OID");
      assertEquals("authors", rs.getString(2));
    }
  }

  @Test
  void theCatalogSeesOnlyItsOwnTenant() throws Exception {
    SQLiteConnection other = store.open(1, "other");
    try {
      exec(other, "CREATE TABLE secrets (x TEXT)");
      assertEquals(
          List.of(List.of("authors"), List.of("books"), List.of("cheap_books")),
          query(
              acme,
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                  + " ORDER BY 1"));
      assertEquals(
          List.of(List.of("secrets")), query(other, "SELECT tablename FROM pg_catalog.pg_tables"));
      assertEquals(List.of(List.of("other")), query(other, "SELECT datname FROM pg_database"));
    } finally {
      other.close();
    }
  }

  @Test
  void nothingIsWrittenIntoTheTenantsFile() throws Exception {
    List<List<String>> before = query(acme, "SELECT type, name, sql FROM sqlite_schema");
    long version = schemaVersion();
    query(acme, "SELECT * FROM information_schema.columns");
    query(acme, "SELECT * FROM pg_catalog.pg_class, pg_catalog.pg_index WHERE 0");
    assertEquals(before, query(acme, "SELECT type, name, sql FROM sqlite_schema"));
    assertEquals(version, schemaVersion());
  }

  private long schemaVersion() throws SQLException {
    try (Statement s = acme.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA main.schema_version")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void viewsRolledBackWithTheClientsTransactionAreCreatedAgain() throws Exception {
    exec(acme, "BEGIN");
    query(acme, "SELECT * FROM pg_catalog.pg_am");
    exec(acme, "ROLLBACK");
    assertFalse(temporaryObjects().contains("pg_am"));
    assertEquals(7, query(acme, "SELECT * FROM pg_catalog.pg_am").size());
  }

  @Test
  void aConnectionIsCleanWithTheCatalogsObjectsOnly() throws Exception {
    assertTrue(TenantCatalog.onlyCatalogObjects(acme));
    query(acme, "SELECT relname FROM pg_catalog.pg_class WHERE relname ~ 'x'");
    query(acme, "SELECT c.relname = 'x' FROM pg_catalog.pg_class c");
    assertTrue(TenantCatalog.onlyCatalogObjects(acme), "the catalog's objects as created");
    exec(acme, "UPDATE temp.rhizome_bool SET rhz_b = 5 WHERE rhz_b = 1");
    assertFalse(TenantCatalog.onlyCatalogObjects(acme), "a helper's rows changed");
    exec(acme, "UPDATE temp.rhizome_bool SET rhz_b = 1 WHERE rhz_b = 5");
    assertTrue(TenantCatalog.onlyCatalogObjects(acme));
    exec(acme, "DROP VIEW pg_class", "CREATE TEMP VIEW pg_class AS SELECT 1 AS oid");
    assertFalse(TenantCatalog.onlyCatalogObjects(acme), "a catalog view replaced");
    exec(acme, "DROP VIEW pg_class");
    query(acme, "SELECT * FROM pg_class");
    assertTrue(TenantCatalog.onlyCatalogObjects(acme));
    exec(acme, "CREATE TEMP TABLE scratch (x)");
    assertFalse(TenantCatalog.onlyCatalogObjects(acme), "a client's temporary table");
  }

  @Test
  void everyRelationAndFunctionTheTranslationNamesExists() throws Exception {
    // Every relation the node provides can be read.
    for (String view : Relations.names()) {
      query(acme, "SELECT * FROM " + view + " WHERE 0");
    }
    Set<String> functions = new HashSet<>();
    try (Statement s = acme.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM pragma_function_list")) {
      while (rs.next()) {
        functions.add(rs.getString(1));
      }
    }
    for (String f : NodeCatalog.FUNCTIONS) {
      assertTrue(functions.contains(f), f);
    }
    for (String f :
        List.of(
            NodeCatalog.ARRAY,
            NodeCatalog.ARRAY_GET,
            NodeCatalog.ARRAY_JSON,
            NodeCatalog.ARRAY_CAT,
            NodeCatalog.ARRAY_LOWER,
            NodeCatalog.SERIES,
            NodeCatalog.KEYWORDS,
            NodeCatalog.RELNAME,
            NodeCatalog.NSPNAME,
            NodeCatalog.NAMESPACE_OID,
            NodeCatalog.BOOL_IN)) {
      assertTrue(functions.contains(f), f);
    }
    // ... and the lockdown's allow-list lets a tenant's statement call each of them.
    Set<String> called = new HashSet<>(NodeCatalog.FUNCTIONS);
    called.addAll(List.of(NodeCatalog.ARRAY, NodeCatalog.SERIES, NodeCatalog.BOOL_IN));
    for (String f : called) {
      String call = "SELECT " + f + "(NULL)";
      assertEquals(Optional.empty(), lockdown.classify(call).refused(), call);
    }
    assertEquals(
        List.of(List.of("0"), List.of("1")),
        query(
            acme,
            "SELECT "
                + NodeCatalog.BOOL_COLUMN
                + " FROM "
                + NodeCatalog.BOOL_TABLE
                + " ORDER BY 1"));
  }

  @Test
  void everyTypedColumnTheTranslationNamesHasItsType() throws Exception {
    Map<String, String> declared =
        Map.ofEntries(
            Map.entry("bool", "BOOLEAN"),
            Map.entry("char", "PG_CHAR"),
            Map.entry("name", "NAME"),
            Map.entry("oid", "OID"),
            Map.entry("int2", "INT2"),
            Map.entry("int4", "INT4"),
            Map.entry("int8", "INT8"),
            Map.entry("float4", "FLOAT4"),
            Map.entry("float8", "FLOAT8"),
            Map.entry("text", "TEXT"),
            Map.entry("timestamptz", "TIMESTAMPTZ"),
            Map.entry("_text", "_TEXT"),
            Map.entry("_name", "_NAME"),
            Map.entry("_oid", "_OID"),
            Map.entry("_aclitem", "_ACLITEM"));
    query(acme, "SELECT * FROM " + NodeCatalog.TYPES_TABLE + " WHERE 0"); // created on first use
    for (Map.Entry<String, String> e : declared.entrySet()) {
      try (PreparedStatement p =
              acme.prepareStatement(
                  "SELECT "
                      + NodeCatalog.typedColumn(e.getKey())
                      + " FROM "
                      + NodeCatalog.TYPES_TABLE
                      + " WHERE 0");
          ResultSet rs = p.executeQuery()) {
        assertEquals(e.getValue(), rs.getMetaData().getColumnTypeName(1), e.getKey());
      }
    }
  }

  @Test
  void rolesAreTheSessionsUserAndTheOwnerOfPublicWithPostgresTypes() throws Exception {
    String sql =
        ((Classifier.Translated)
                Classifier.classify(
                    "SELECT rolname, rolsuper, rolconnlimit, rolvaliduntil, rolconfig, oid"
                        + " FROM pg_catalog.pg_roles ORDER BY oid",
                    SESSION))
            .sql();
    assertEquals(Optional.empty(), lockdown.admit(acme, sql));
    try (PreparedStatement p = acme.prepareStatement(sql);
        ResultSet rs = p.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(
          List.of("NAME", "BOOLEAN", "INT4", "TIMESTAMPTZ", "_TEXT", "OID"),
          List.of(
              md.getColumnTypeName(1),
              md.getColumnTypeName(2),
              md.getColumnTypeName(3),
              md.getColumnTypeName(4),
              md.getColumnTypeName(5),
              md.getColumnTypeName(6)));
    }
    assertEquals(
        List.of(List.of("app", "10"), List.of("pg_database_owner", "6171")),
        query(acme, "SELECT rolname, oid FROM pg_catalog.pg_roles ORDER BY oid"));
    assertEquals(
        List.of(List.of("public", "pg_database_owner")),
        query(
            acme,
            "SELECT nspname, pg_catalog.pg_get_userbyid(nspowner) FROM pg_catalog.pg_namespace"
                + " WHERE nspname = 'public'"));
  }

  @Test
  void aPrimaryKeyThatIsNoRowidHasItsDefinition() throws Exception {
    exec(acme, "CREATE TABLE tags (name TEXT PRIMARY KEY, weight INTEGER)");
    assertEquals(
        List.of(List.of("tags_pkey", "p", "PRIMARY KEY (name)")),
        query(
            acme,
            "SELECT conname, contype, pg_catalog.pg_get_constraintdef(oid, true)"
                + " FROM pg_catalog.pg_constraint WHERE conrelid = 'tags'::regclass"));
    assertEquals(
        List.of(List.of("CREATE UNIQUE INDEX tags_pkey ON tags USING btree (name)")),
        query(
            acme,
            "SELECT pg_catalog.pg_get_indexdef(i.indexrelid, 0, true)"
                + " FROM pg_catalog.pg_index i WHERE i.indrelid = 'tags'::regclass"));
  }

  @Test
  void informationSchemasDomainsAreTypesOffTheSearchPath() throws Exception {
    assertEquals(
        List.of(
            List.of("cardinal_number", "information_schema.cardinal_number", "integer", "0"),
            List.of(
                "character_data", "information_schema.character_data", "character varying", "0"),
            List.of("sql_identifier", "information_schema.sql_identifier", "name", "0"),
            List.of(
                "time_stamp", "information_schema.time_stamp", "timestamp(2) with time zone", "0"),
            List.of("yes_or_no", "information_schema.yes_or_no", "character varying(3)", "0")),
        query(
            acme,
            "SELECT typname, format_type(oid, NULL), format_type(typbasetype, typtypmod),"
                + " pg_type_is_visible(oid) FROM pg_catalog.pg_type WHERE typtype = 'd'"
                + " ORDER BY typname"));
    assertEquals(List.of(List.of("-")), query(acme, "SELECT pg_catalog.format_type(0, NULL)"));
  }

  @Test
  void aBooleanTargetsColumnsAreTheStatementsNotTheHelpers() throws Exception {
    // The typed-boolean helper has no rowid: oid here is pg_type's.
    assertEquals(
        List.of(List.of("cardinal_number", "f"), List.of("int4", "t")),
        query(
                acme,
                "SELECT typname, pg_catalog.pg_type_is_visible(oid) FROM pg_catalog.pg_type"
                    + " WHERE typname IN ('int4', 'cardinal_number') ORDER BY typname")
            .stream()
            .map(r -> List.of(r.get(0), r.get(1).equals("1") ? "t" : "f"))
            .toList());
  }

  @Test
  void everyTypeTheNodeDescribesResolvesThroughPgType() throws Exception {
    // Clients (asyncpg, pgjdbc, psycopg 3) look up the OIDs of RowDescription and
    // ParameterDescription in pg_type.
    for (io.rhizome.proto.PgType t : io.rhizome.proto.PgType.values()) {
      if (t == io.rhizome.proto.PgType.PG_TYPE_UNSPECIFIED
          || t == io.rhizome.proto.PgType.UNRECOGNIZED) {
        continue;
      }
      assertEquals(
          List.of(List.of("1")),
          query(acme, "SELECT count(*) FROM pg_catalog.pg_type WHERE oid = " + t.getNumber()),
          t.name());
    }
  }

  @Test
  void arraysReadAsPostgresArrays() throws Exception {
    assertEquals(
        List.of(List.of("{a,\"b c\",NULL}", "b c", "2", "1|2")),
        query(
            acme,
            "SELECT ARRAY['a', 'b c', NULL], (ARRAY['a', 'b c'])[2],"
                + " array_upper('{x,y}'::text[], 1),"
                + " array_to_string(ARRAY(SELECT n FROM pg_catalog.generate_series(1, 2) n), '|')"));
    assertEquals(
        List.of(List.of("1")),
        query(acme, "SELECT 2 = ANY('{1,2,3}'::int4[]) AND 'x' <> ALL('{a,b}'::text[])"));
  }
}
