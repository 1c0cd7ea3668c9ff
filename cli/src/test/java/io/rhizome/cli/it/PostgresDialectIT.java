/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applications written for Postgres, unchanged, on a standalone server and on a real PostgreSQL 15
 * side by side: pgbench's initialization and its TPC-B script, SQLAlchemy's ORM with the stock
 * postgresql dialect, Sequelize with its postgres dialect, and Postgres statements through psql.
 * Each must run on Rhizome and answer as it does on PostgreSQL.
 */
class PostgresDialectIT {
  private static Postgres postgres;
  private static StandaloneServer rhizome;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres.start();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE app LOGIN PASSWORD 'pw'");
      for (String db : List.of("bench", "orm", "dialect", "django", "sequelize")) {
        s.execute("CREATE DATABASE " + db + " OWNER app");
      }
    }
    rhizome = StandaloneServer.start("postgres-dialect");
    MoveConsole.createTenants(
        rhizome.port(), "app", "pw", List.of("bench", "orm", "dialect", "django", "sequelize"));
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

  private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: (\\d+)");

  @Test
  void pgbenchInitializesAndRunsTpcBWithoutFailures() {
    Result init = pgbench(rhizome.port(), "-i", "-s", "1");
    assertEquals(0, init.exitCode(), init::toString);
    assertTrue(init.stderr().contains("creating primary keys..."), init::toString);
    assertEquals(
        List.of("100000|1|10"),
        psql(
            rhizome.port(),
            "bench",
            "SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM"
                + " pgbench_branches), (SELECT count(*) FROM pgbench_tellers);"));

    Result run = pgbench(rhizome.port(), "-c", "2", "-T", "5");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("0", group(FAILED, run.stdout()), run::toString);
    long processed = Long.parseLong(group(PROCESSED, run.stdout()));
    assertTrue(processed > 0, run::toString);
    // TPC-B's invariant: every transaction adds its delta to one account, teller and branch and
    // records it in the history, so the four sums agree; and every transaction left one row.
    List<String> sums =
        psql(
            rhizome.port(),
            "bench",
            "SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(delta) FROM"
                + " pgbench_history), (SELECT sum(tbalance) FROM pgbench_tellers) = (SELECT"
                + " sum(delta) FROM pgbench_history), (SELECT sum(bbalance) FROM pgbench_branches)"
                + " = (SELECT sum(delta) FROM pgbench_history), (SELECT count(*) FROM"
                + " pgbench_history);");
    assertEquals(List.of("1|1|1|" + processed), sums);

    // A second initialization drops what the first made (DROP TABLE a, b, c).
    Result again = pgbench(rhizome.port(), "-i", "-s", "1");
    assertEquals(0, again.exitCode(), again::toString);
  }

  @Test
  void sqlalchemyOrmRunsAsOnPostgres() {
    List<String> expected =
        List.of(
            "tables ['orm_authors', 'orm_books']",
            "ids 1 2 [1, 2] [3]",
            "server defaults True True",
            "ilike ['Dune Notes', 'dusk']",
            "not ilike ['Rain']",
            "relationship Ann ['Dune Notes', 'dusk']",
            "sum 23.0",
            "left ['Rain']",
            "after drop_all []");
    for (int port : new int[] {postgres.port(), rhizome.port()}) {
      Result r =
          Python.run(
              "sqlalchemy_orm.py", "postgresql+psycopg2://app:pw@127.0.0.1:" + port + "/orm");
      assertEquals(0, r.exitCode(), r::toString);
      assertEquals(expected, r.stdout().lines().toList(), () -> "port " + port + ": " + r);
    }
  }

  /**
   * Django with its stock postgresql backend: migrate of contenttypes, auth, sessions and admin
   * (deferrable foreign keys and unique constraints added by ALTER TABLE, ALTER COLUMN TYPE, DROP
   * NOT NULL, DROP COLUMN, each migration in one transaction), then ORM CRUD; the same output as on
   * PostgreSQL 15.
   */
  @Test
  void djangoMigratesAndRunsItsOrmAsOnPostgres() {
    List<String> outputs = new ArrayList<>();
    for (int port : new int[] {postgres.port(), rhizome.port()}) {
      Result r = Python.run("django_app.py", "127.0.0.1", String.valueOf(port), "django");
      assertEquals(0, r.exitCode(), () -> "port " + port + ": " + r);
      outputs.add(r.stdout());
    }
    assertTrue(outputs.get(0).contains("applied "), outputs.get(0));
    assertEquals(outputs.get(0), outputs.get(1));
  }

  /**
   * Sequelize 6 with its stock postgres dialect: sync() of models with autoincrement keys, an
   * association and a unique index, a migration through queryInterface, CRUD with RETURNING, ILIKE,
   * pagination, includes, transactions; the same output on both servers.
   */
  @Test
  void sequelizeRunsAsOnPostgres() {
    List<String> onPostgres = List.of(SEQUELIZE_OUTPUT);
    // A difference written down (docs/compatibility.md, types): an INTEGER column is described
    // as bigint, SQLite's one integer type.
    List<String> onRhizome = new ArrayList<>(onPostgres);
    onRhizome.set(
        1,
        "describe body:TEXT:true:false,bookId:BIGINT:false:false,"
            + "createdAt:TIMESTAMP WITH TIME ZONE:false:false,id:BIGINT:false:true,"
            + "stars:BIGINT:false:false");
    Result pg = NodeJs.run("sequelize_app.js", sequelizeUrl(postgres.port()));
    assertEquals(0, pg.exitCode(), pg::toString);
    assertEquals(onPostgres, pg.stdout().lines().toList(), pg::toString);
    Result rz = NodeJs.run("sequelize_app.js", sequelizeUrl(rhizome.port()));
    assertEquals(0, rz.exitCode(), rz::toString);
    assertEquals(onRhizome, rz.stdout().lines().toList(), rz::toString);
  }

  private static String sequelizeUrl(int port) {
    return "postgres://app:pw@127.0.0.1:" + port + "/sequelize";
  }

  private static final String[] SEQUELIZE_OUTPUT = {
    "tables sq_authors,sq_books",
    "describe body:TEXT:true:false,bookId:INTEGER:false:false,createdAt:TIMESTAMP WITH TIME ZONE:false:false,id:INTEGER:false:true,stars:INTEGER:false:false",
    "created 1 true true 2,3",
    "duplicate SequelizeUniqueConstraintError",
    "duplicate index SequelizeUniqueConstraintError",
    "ilike Cleo",
    "page Dune,Emma",
    "cheap Emma:7,Beloved:9.99",
    "include Ann[Dune|Emma],bob[Beloved],Cleo[]",
    "include paged bob:1",
    "belongsTo Dune Ann 1965-08-01",
    "count 3 2",
    "updated 1 Beloved:10.99,Dune:12.5,Emma:8",
    "reload 13",
    "rollback rolled back on purpose",
    "authors Ann,bob,Cleo,Dan",
    "destroy 1 Beloved 0",
    "after drop 0"
  };

  /**
   * SQLAlchemy with sequences: an explicit Sequence key, an identity column beside it, next_value,
   * and create_all / drop_all twice, the same output on both servers.
   */
  @Test
  void sqlalchemySequencesRunAsOnPostgres() {
    List<String> expected = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      expected.addAll(
          List.of(
              round + " has_sequence True",
              round + " ids [100, 110]",
              round + " identity [1, 2]",
              round + " next_value 120",
              round + " after drop_all False []"));
    }
    for (int port : new int[] {postgres.port(), rhizome.port()}) {
      Result r =
          Python.run(
              "sqlalchemy_sequences.py", "postgresql+psycopg2://app:pw@127.0.0.1:" + port + "/orm");
      assertEquals(0, r.exitCode(), r::toString);
      assertEquals(expected, r.stdout().lines().toList(), () -> "port " + port + ": " + r);
    }
  }

  /** Statements only Postgres reads, answered the same by both servers. */
  @Test
  void postgresStatementsAnswerAsOnPostgres() {
    String script =
        """
        DROP TABLE IF EXISTS items, tags CASCADE;
        CREATE TABLE items (id SERIAL PRIMARY KEY, name varchar(40) NOT NULL,
          price numeric(8,2) DEFAULT 0, flags int[], created timestamptz DEFAULT now())
          WITH (fillfactor=90);
        CREATE TABLE tags (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          item_id int REFERENCES public.items (id) ON DELETE CASCADE, tag text);
        CREATE INDEX CONCURRENTLY items_name ON items USING btree (name varchar_pattern_ops);
        CREATE SCHEMA IF NOT EXISTS public;
        INSERT INTO items (name, price) VALUES ('Apple', 1.5), ('apricot', '2'::numeric),
          ('Banana', 3) RETURNING id, name;
        INSERT INTO tags (item_id, tag) VALUES (1, 'fruit'), (2, 'fruit') RETURNING id;
        SELECT name FROM items WHERE name ILIKE 'ap%' ORDER BY id;
        SELECT name FROM items WHERE name NOT ILIKE 'ap%' ORDER BY id;
        SELECT count(*) AS n FROM items WHERE created <= now() AND created IS NOT NULL;
        UPDATE items SET name = upper(name) WHERE id = 1::int RETURNING name, price::int;
        SELECT 1::int + '2'::int AS three, 'x'::text || 42::text AS s;
        DELETE FROM items WHERE name ILIKE 'BAN%' RETURNING id;
        TRUNCATE tags;
        SELECT count(*) AS n FROM tags;
        ALTER TABLE items ADD COLUMN note text DEFAULT 'none';
        SELECT note FROM items ORDER BY id LIMIT 1;
        VACUUM ANALYZE items;
        DROP INDEX IF EXISTS items_name;
        DROP TABLE tags, items;
        """;
    List<String> onPostgres = psql(postgres.port(), "dialect", script);
    List<String> onRhizome = psql(rhizome.port(), "dialect", script);
    assertEquals(onPostgres, onRhizome);
    assertEquals(
        List.of(
            "DROP TABLE",
            "CREATE TABLE",
            "CREATE TABLE",
            "CREATE INDEX",
            "CREATE SCHEMA",
            "1|Apple",
            "2|apricot",
            "3|Banana",
            "INSERT 0 3",
            "1",
            "2",
            "INSERT 0 2",
            "Apple",
            "apricot",
            "Banana",
            "3",
            "APPLE|2",
            "UPDATE 1",
            "3|x42",
            "3",
            "DELETE 1",
            "TRUNCATE TABLE",
            "0",
            "ALTER TABLE",
            "none",
            "VACUUM",
            "DROP INDEX",
            "DROP TABLE"),
        onRhizome);
  }

  /**
   * ALTER TABLE forms SQLite lacks, with the same rows, tags and SQLSTATEs as PostgreSQL 15: a
   * parent with cascading children altered inside a transaction keeps every child row; new
   * constraints are checked against the rows there; constraints are dropped and renamed by name;
   * the IF [NOT] EXISTS forms; a deferrable foreign key added by ALTER TABLE defers to the commit;
   * DROP TABLE ... CASCADE of a parent drops its children's foreign key and keeps their rows.
   */
  @Test
  void alterTableAnswersAsOnPostgres() {
    String script =
        """
        \\set ON_ERROR_STOP 0
        DROP TABLE IF EXISTS child, parent;
        CREATE TABLE parent (id serial PRIMARY KEY, name varchar(10));
        CREATE TABLE child (id serial PRIMARY KEY,
          parent_id int REFERENCES parent (id) ON DELETE CASCADE, note text);
        INSERT INTO parent (name) VALUES ('a'), ('b'), ('c');
        INSERT INTO child (parent_id, note) VALUES (1, 'x'), (2, NULL), (3, 'z'), (3, 'w');
        BEGIN;
        ALTER TABLE parent ALTER COLUMN name TYPE varchar(40), ALTER COLUMN name SET NOT NULL,
          ADD CONSTRAINT parent_name_check CHECK (length(name) > 0);
        COMMIT;
        SELECT count(*) FROM child;
        INSERT INTO parent (name) VALUES ('');
        \\echo :SQLSTATE
        ALTER TABLE child ALTER COLUMN note SET NOT NULL;
        \\echo :SQLSTATE
        ALTER TABLE child ALTER COLUMN note SET DEFAULT 'n/a';
        INSERT INTO child (parent_id) VALUES (1) RETURNING note;
        ALTER TABLE child ADD CONSTRAINT child_note_check CHECK (note <> 'x');
        \\echo :SQLSTATE
        ALTER TABLE child ADD CONSTRAINT child_note_check CHECK (note <> 'bad');
        INSERT INTO child (parent_id, note) VALUES (1, 'bad');
        \\echo :SQLSTATE
        ALTER TABLE child DROP CONSTRAINT child_parent_id_fkey;
        INSERT INTO child (parent_id, note) VALUES (99, 'orphan');
        ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent (id)
          DEFERRABLE INITIALLY DEFERRED;
        \\echo :SQLSTATE
        DELETE FROM child WHERE parent_id = 99;
        ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent (id)
          DEFERRABLE INITIALLY DEFERRED;
        BEGIN;
        INSERT INTO child (parent_id, note) VALUES (50, 'early');
        INSERT INTO parent (id, name) VALUES (50, 'late');
        COMMIT;
        SELECT conname, contype FROM pg_constraint WHERE conrelid = 'child'::regclass
          ORDER BY conname;
        ALTER TABLE child RENAME CONSTRAINT child_parent_id_fkey TO child_parent_fk;
        ALTER TABLE child DROP CONSTRAINT child_parent_fk;
        ALTER TABLE child DROP CONSTRAINT child_parent_fk;
        \\echo :SQLSTATE
        ALTER TABLE child DROP CONSTRAINT IF EXISTS child_parent_fk;
        ALTER TABLE IF EXISTS nope ADD COLUMN x int;
        ALTER TABLE nope ADD COLUMN x int;
        \\echo :SQLSTATE
        ALTER TABLE child ADD COLUMN IF NOT EXISTS note text, DROP COLUMN IF EXISTS nothing;
        ALTER TABLE child ADD COLUMN qty int NOT NULL DEFAULT 5;
        ALTER TABLE child ALTER COLUMN qty DROP DEFAULT;
        SELECT DISTINCT qty FROM child;
        ALTER TABLE parent ALTER COLUMN name TYPE text USING upper(name);
        SELECT id, name FROM parent ORDER BY id;
        ALTER TABLE parent ADD CONSTRAINT parent_name_key UNIQUE (name);
        INSERT INTO parent (name) VALUES ('A');
        \\echo :SQLSTATE
        DELETE FROM parent WHERE id = 3;
        SELECT parent_id, note FROM child ORDER BY id;
        DELETE FROM child WHERE parent_id = 3;
        ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent ON DELETE CASCADE;
        DROP TABLE parent CASCADE;
        SELECT count(*) FROM child;
        DROP TABLE child;
        """;
    List<String> onPostgres = psql(postgres.port(), "dialect", script);
    List<String> onRhizome = psql(rhizome.port(), "dialect", script);
    assertEquals(onPostgres, onRhizome);
    assertTrue(onRhizome.contains("4"), "every child row kept: " + onRhizome);
  }

  /**
   * Sequences: DDL, the four functions, DEFAULT nextval, a SERIAL column that is not the primary
   * key; the values and the SQLSTATEs of the failures are PostgreSQL's.
   */
  @Test
  void sequencesAnswerAsOnPostgres() {
    String script =
        """
        \\set ON_ERROR_STOP 0
        DROP TABLE IF EXISTS orders;
        DROP SEQUENCE IF EXISTS s, t;
        CREATE SEQUENCE s START WITH 10 INCREMENT BY 5 CACHE 20;
        CREATE SEQUENCE s;
        \\echo :SQLSTATE
        CREATE SEQUENCE IF NOT EXISTS s;
        SELECT nextval('s');
        SELECT nextval('public.s'::regclass);
        SELECT currval('s'), lastval();
        SELECT setval('s', 100);
        SELECT nextval('s');
        ALTER SEQUENCE s RESTART WITH 40 INCREMENT BY 2;
        SELECT nextval('s');
        SELECT nextval('s');
        SELECT currval('nope');
        \\echo :SQLSTATE
        CREATE SEQUENCE u;
        SELECT currval('u');
        \\echo :SQLSTATE
        CREATE SEQUENCE t MAXVALUE 2;
        SELECT nextval('t');
        SELECT nextval('t');
        SELECT nextval('t');
        \\echo :SQLSTATE
        SELECT setval('t', 5);
        \\echo :SQLSTATE
        CREATE TABLE orders (code text PRIMARY KEY, n serial, m bigint DEFAULT nextval('s'));
        INSERT INTO orders (code) VALUES ('a'), ('b') RETURNING code, n, m;
        INSERT INTO orders (code, n) VALUES ('c', 10);
        SELECT code, n, m FROM orders ORDER BY code;
        SELECT currval('orders_n_seq');
        DROP TABLE orders;
        DROP SEQUENCE s, nope;
        \\echo :SQLSTATE
        SELECT nextval('s');
        DROP SEQUENCE s, t, u;
        SELECT nextval('t');
        \\echo :SQLSTATE
        """;
    List<String> onPostgres = psql(postgres.port(), "dialect", script);
    List<String> onRhizome = psql(rhizome.port(), "dialect", script);
    assertEquals(onPostgres, onRhizome);
    assertEquals(
        List.of(
            "DROP TABLE",
            "DROP SEQUENCE",
            "CREATE SEQUENCE",
            "42P07",
            "CREATE SEQUENCE",
            "10",
            "15",
            "15|15",
            "100",
            "105",
            "ALTER SEQUENCE",
            "40",
            "42",
            "42P01",
            "CREATE SEQUENCE",
            "55000",
            "CREATE SEQUENCE",
            "1",
            "2",
            "2200H",
            "22003",
            "CREATE TABLE",
            "a|1|44",
            "b|2|46",
            "INSERT 0 2",
            "INSERT 0 1",
            "a|1|44",
            "b|2|46",
            "c|10|48",
            "2",
            "DROP TABLE",
            "42P01",
            "50",
            "DROP SEQUENCE",
            "42P01"),
        onRhizome);
  }

  /**
   * Sequence DDL is one statement on the node, so pgjdbc's extended protocol runs it: create,
   * nextval from a prepared statement, an INSERT using DEFAULT nextval, alter, drop; the same
   * values as PostgreSQL 15 and 42P01 for a missing sequence.
   */
  @Test
  void sequencesRunThroughPgjdbcsExtendedProtocol() throws Exception {
    List<List<Long>> answers = new ArrayList<>();
    for (String url :
        List.of(
            postgres.jdbcUrl("dialect"),
            "jdbc:postgresql://127.0.0.1:" + rhizome.port() + "/dialect")) {
      List<Long> values = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(url, "app", "pw");
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS jdbc_t");
        s.execute("DROP SEQUENCE IF EXISTS jdbc_s");
        s.execute("CREATE SEQUENCE jdbc_s START WITH 5 INCREMENT BY 50");
        s.execute("CREATE TABLE jdbc_t (id bigint PRIMARY KEY DEFAULT nextval('jdbc_s'), v text)");
        try (java.sql.PreparedStatement next = c.prepareStatement("SELECT nextval(?)")) {
          next.setString(1, "jdbc_s");
          for (int k = 0; k < 2; k++) {
            try (java.sql.ResultSet rs = next.executeQuery()) {
              rs.next();
              values.add(rs.getLong(1));
            }
          }
        }
        try (java.sql.PreparedStatement insert =
            c.prepareStatement("INSERT INTO jdbc_t (v) VALUES (?) RETURNING id")) {
          insert.setString(1, "x");
          try (java.sql.ResultSet rs = insert.executeQuery()) {
            rs.next();
            values.add(rs.getLong(1));
          }
        }
        s.execute("ALTER SEQUENCE jdbc_s RESTART WITH 1000");
        try (java.sql.ResultSet rs =
            s.executeQuery("SELECT nextval('jdbc_s'), currval('jdbc_s')")) {
          rs.next();
          values.add(rs.getLong(1));
          values.add(rs.getLong(2));
        }
        s.execute("DROP TABLE jdbc_t");
        s.execute("DROP SEQUENCE jdbc_s");
        java.sql.SQLException missing =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class, () -> s.execute("DROP SEQUENCE jdbc_s"));
        assertEquals("42P01", missing.getSQLState(), missing::toString);
      }
      answers.add(values);
    }
    assertEquals(List.of(5L, 55L, 105L, 1000L, 1000L), answers.get(1));
    assertEquals(answers.get(0), answers.get(1));
  }

  /** What is not translated fails with 0A000 naming it, on a session that goes on. */
  @Test
  void untranslatedConstructsFailWithFeatureNotSupported() {
    for (String sql :
        List.of(
            "CREATE TABLE p (a int) PARTITION BY RANGE (a)",
            "CREATE INDEX ON t USING gin (a)",
            "ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY")) {
      Result r =
          Psql.script(
              rhizome.port(), "dialect", "app", "pw", "\\set VERBOSITY verbose\n" + sql + ";\n");
      assertEquals(3, r.exitCode(), r::toString);
      assertTrue(r.stderr().contains("0A000"), r::toString);
    }
  }

  /**
   * Postgres constructs with a meaning Rhizome does not provide (locks, notifications) or does not
   * translate fail with 0A000 naming them, in the simple and the extended protocol (pgjdbc's
   * prepared statements), and the session goes on.
   */
  @Test
  void refusedConstructsNameThemselvesInBothProtocols() throws Exception {
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put("SELECT a FROM (VALUES (1)) v(a) FOR UPDATE SKIP LOCKED", "FOR UPDATE");
    refused.put("LOCK TABLE pg_class IN ACCESS EXCLUSIVE MODE", "LOCK TABLE");
    refused.put("SELECT pg_try_advisory_xact_lock(7)", "pg_try_advisory_xact_lock()");
    refused.put("LISTEN c", "LISTEN");
    refused.put("NOTIFY c, 'x'", "NOTIFY");
    refused.put("SELECT DISTINCT ON (a) a FROM (VALUES (1)) v(a)", "DISTINCT ON");
    refused.put("SELECT 'abc' SIMILAR TO 'a%'", "SIMILAR TO");
    refused.put("SELECT '{\"a\": 1}'::jsonb @> '{}'", "@>");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + rhizome.port() + "/dialect", "app", "pw");
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> e : refused.entrySet()) {
        java.sql.SQLException simple =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class, () -> s.execute(e.getKey()));
        java.sql.SQLException extended =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class,
                () -> {
                  try (java.sql.PreparedStatement p = c.prepareStatement(e.getKey())) {
                    p.execute();
                  }
                });
        for (java.sql.SQLException x : List.of(simple, extended)) {
          assertEquals("0A000", x.getSQLState(), x::toString);
          assertTrue(x.getMessage().contains(e.getValue()), x::toString);
        }
        try (java.sql.ResultSet rs = s.executeQuery("SELECT 1")) {
          assertTrue(rs.next());
        }
      }
    }
  }

  private static List<String> psql(int port, String db, String sql) {
    Result r = Psql.script(port, db, "app", "pw", sql);
    assertEquals(0, r.exitCode(), r::toString);
    List<String> lines = new ArrayList<>();
    for (String line : r.stdout().lines().toList()) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static Result pgbench(int port, String... args) {
    Path binary = Path.of("/usr/bin/pgbench");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "pgbench is not installed (Debian: apt-get install -y postgresql-contrib or"
              + " postgresql-client-15); .ci/run installs it");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(binary.toString(), "-h", "127.0.0.1", "-p", "" + port, "-U", "app"));
    cmd.addAll(List.of(args));
    cmd.add("bench");
    return Result.run(cmd, Map.of("PGPASSWORD", "pw"), "", Duration.ofSeconds(120));
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), () -> p + " not in " + text);
    return m.group(1);
  }
}
