/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.pgsql.Classifier;
import io.rhizome.pgsql.Classifier.Classification;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.TestSession;
import io.rhizome.pgsql.session.SessionCommand;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DDL and DML in Postgres' dialect: the exact SQLite each becomes, through the classifier. */
class DialectTest {
  private static final TestSession SESSION = new TestSession();

  private static Classification classify(String sql) {
    return Classifier.classify(sql, SESSION);
  }

  static Stream<Arguments> single() {
    return Stream.of(
        Arguments.of(
            "ALTER COLUMN forms go to the node in its own form, with SQLite's types and"
                + " expressions (Django's)",
            "ALTER TABLE \"auth_permission\" ALTER COLUMN \"name\" TYPE varchar(255)"
                + " USING \"name\"::varchar(255), ALTER COLUMN \"name\" SET DEFAULT now(),"
                + " ALTER COLUMN \"name\" DROP NOT NULL",
            "ALTER TABLE \"auth_permission\" ALTER COLUMN \"name\" TYPE varchar(255),"
                + " ALTER COLUMN \"name\" SET DEFAULT strftime('%Y-%m-%d %H:%M:%f+00', 'now'),"
                + " ALTER COLUMN \"name\" DROP NOT NULL"),
        Arguments.of(
            "a foreign key added by Hibernate, with IF EXISTS, schema dropped",
            "alter table if exists public.book add constraint FKabc foreign key (author_id)"
                + " references public.author",
            "ALTER TABLE IF EXISTS main.book ADD constraint FKabc foreign key (author_id)"
                + " references author"),
        Arguments.of(
            "a deferrable foreign key and a check (Django's), constraints dropped and renamed",
            "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE"
                + " INITIALLY DEFERRED, ADD CHECK (a ILIKE 'x%') NOT VALID, DROP CONSTRAINT IF EXISTS"
                + " old CASCADE, RENAME CONSTRAINT a TO b",
            "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE"
                + " INITIALLY DEFERRED, ADD CHECK (a LIKE 'x%' ESCAPE '\\') NOT VALID, DROP CONSTRAINT IF"
                + " EXISTS old, RENAME CONSTRAINT a TO b"),
        Arguments.of(
            "IF [NOT] EXISTS column forms",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, DROP COLUMN IF EXISTS d",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, DROP COLUMN IF EXISTS d"),
        Arguments.of(
            "a unique constraint beside an action for the node is the node's too",
            "ALTER TABLE t ADD CONSTRAINT t_u UNIQUE (a, b), ALTER COLUMN a SET STATISTICS 100,"
                + " ALTER COLUMN b SET NOT NULL",
            "ALTER TABLE t ADD CONSTRAINT \"t_u\" UNIQUE (a, b), ALTER COLUMN b SET NOT NULL"),
        Arguments.of(
            "DROP TABLE ... CASCADE is one statement for the node (Hibernate's)",
            "drop table if exists public.item, shelf cascade",
            "DROP TABLE IF EXISTS main.item, shelf CASCADE"),
        Arguments.of(
            "Django's DROP COLUMN ... CASCADE is the node's (indexes on the column go with it)",
            "ALTER TABLE \"shelf_book\" DROP COLUMN \"author_id\" CASCADE",
            "ALTER TABLE \"shelf_book\" DROP COLUMN \"author_id\" CASCADE"),
        Arguments.of(
            "a sequence written as a regclass is named by its text",
            "INSERT INTO t (id, v) VALUES (nextval('s'::regclass), currval('public.s'::regclass))",
            "INSERT INTO t (id, v) VALUES (nextval('s'), currval('public.s'))"),
        Arguments.of(
            "DEFAULT nextval is an expression default",
            "CREATE TABLE t (id bigint DEFAULT nextval('s'::regclass) NOT NULL)",
            "CREATE TABLE t (id bigint DEFAULT (nextval('s')) NOT NULL)"),
        Arguments.of(
            "pgbench's tables: storage parameters dropped, types kept",
            "create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84))"
                + " with (fillfactor=100)",
            "create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84))"),
        Arguments.of(
            "unlogged tables are ordinary ones",
            "create unlogged table t (a int) with (fillfactor=90) tablespace fast",
            "create table t (a int)"),
        Arguments.of(
            "SERIAL primary key is SQLite's autoincrementing rowid",
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL)",
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(50) NOT NULL)"),
        Arguments.of(
            "BIGSERIAL with a table-level primary key moves the key onto the column",
            "CREATE TABLE t (\n  id BIGSERIAL NOT NULL,\n  x TEXT,\n  PRIMARY KEY (id)\n)",
            "CREATE TABLE t (\n  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n  x TEXT\n)"),
        Arguments.of(
            "SQLAlchemy's named primary key constraint",
            "CREATE TABLE t (id SERIAL NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (id))",
            "CREATE TABLE t (id INTEGER NOT NULL CONSTRAINT \"t_pkey\" PRIMARY KEY AUTOINCREMENT)"),
        Arguments.of(
            "identity columns (Hibernate, Django)",
            "create table a (id bigint generated by default as identity, primary key (id))",
            "create table a (id INTEGER PRIMARY KEY AUTOINCREMENT)"),
        Arguments.of(
            "GENERATED ALWAYS AS IDENTITY with sequence options",
            "CREATE TABLE a (id integer GENERATED ALWAYS AS IDENTITY (START WITH 1) PRIMARY KEY)",
            "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT)"),
        Arguments.of(
            "defaults that are expressions get parentheses and are translated",
            "CREATE TABLE e (at timestamptz DEFAULT now(), ok boolean DEFAULT true,"
                + " n numeric(10,2) DEFAULT 0, s text DEFAULT 'x'::text)",
            "CREATE TABLE e (at timestamptz DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00', 'now')),"
                + " ok boolean DEFAULT true, n numeric(10,2) DEFAULT 0, s text DEFAULT ('x'))"),
        Arguments.of(
            "types SQLite cannot read as written",
            "CREATE TABLE t (a int[], b text[], c timestamp(3) with time zone,"
                + " d pg_catalog.varchar(20), e uuid[])",
            "CREATE TABLE t (a _INT4, b _TEXT, c TIMESTAMP WITH TIME ZONE, d VARCHAR(20), e TEXT)"),
        Arguments.of(
            "CHECK expressions and references into public",
            "CREATE TABLE c (id int REFERENCES public.p (id) ON DELETE CASCADE,"
                + " n int CHECK (n::int >= 0))",
            "CREATE TABLE c (id int REFERENCES p (id) ON DELETE CASCADE,"
                + " n int CHECK (CAST(CASE WHEN typeof(n) = 'real' THEN round(n) ELSE n END AS INTEGER) >= 0))"),
        Arguments.of(
            "collations Postgres names",
            "CREATE TABLE c (name text COLLATE \"C\")",
            "CREATE TABLE c (name text COLLATE BINARY)"),
        Arguments.of(
            "CREATE INDEX: CONCURRENTLY, USING btree, operator classes",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON public.t USING btree"
                + " (name varchar_pattern_ops, (lower(email)) DESC NULLS LAST)",
            "CREATE INDEX IF NOT EXISTS i ON t (name, (lower(email)) DESC)"),
        Arguments.of(
            "CREATE INDEX without a name gets Postgres' name",
            "CREATE UNIQUE INDEX ON t (a, b) WHERE a ILIKE 'x%'",
            "CREATE UNIQUE INDEX \"t_a_b_key\" ON t (a, b) WHERE a LIKE 'x%' ESCAPE '\\'"),
        Arguments.of(
            "INSERT with a cast, now() and RETURNING",
            "INSERT INTO public.t (a, at) VALUES ($1::int4, now()) RETURNING t.id",
            "INSERT INTO main.t (a, at) VALUES (CAST($1 AS INT4),"
                + " strftime('%Y-%m-%d %H:%M:%f+00', 'now')) RETURNING t.id"),
        Arguments.of(
            "pgbench's history insert: CURRENT_TIMESTAMP in Postgres' form",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
                + " VALUES (1, 1, 7, -20, CURRENT_TIMESTAMP);",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
                + " VALUES (1, 1, 7, -20, strftime('%Y-%m-%d %H:%M:%f+00', 'now'));"),
        Arguments.of(
            "clock values with a precision",
            "SELECT current_timestamp(0) AS a, localtimestamp(3) AS b, now() AS c",
            "SELECT strftime('%Y-%m-%d %H:%M:%S+00', 'now') AS \"a\","
                + " strftime('%Y-%m-%d %H:%M:%S', 'now') AS \"b\","
                + " strftime('%Y-%m-%d %H:%M:%f+00', 'now') AS \"c\""),
        Arguments.of(
            "UPDATE and DELETE with ILIKE",
            "UPDATE ONLY t SET n = n + 1 WHERE name ILIKE $1",
            "UPDATE t SET n = n + 1 WHERE name LIKE $1 ESCAPE '\\'"),
        Arguments.of(
            "ON CONFLICT DO UPDATE keeps SQLite's form, expressions translated",
            "INSERT INTO kv (k, v) VALUES ('a', '1') ON CONFLICT (k) DO UPDATE SET v = excluded.v"
                + " || '::' || now()::text",
            "INSERT INTO kv (k, v) VALUES ('a', '1') ON CONFLICT (k) DO UPDATE SET v = excluded.v"
                + " || '::' || CAST(strftime('%Y-%m-%d %H:%M:%f+00', 'now') AS TEXT)"),
        Arguments.of(
            "CREATE VIEW translates its query",
            "CREATE VIEW v AS SELECT a::text FROM t WHERE b ILIKE 'x'",
            "CREATE VIEW v AS SELECT CAST(a AS TEXT) FROM t WHERE b LIKE 'x' ESCAPE '\\'"),
        Arguments.of(
            "ALTER TABLE ADD COLUMN with Postgres types and default",
            "ALTER TABLE public.t ADD COLUMN created timestamp(6) without time zone DEFAULT now()",
            "ALTER TABLE main.t ADD COLUMN created TIMESTAMP WITHOUT TIME ZONE"
                + " DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00', 'now'))"),
        Arguments.of(
            "a boolean column's default written as a string is a boolean (SQLAlchemy's)",
            "CREATE TABLE t (a BOOLEAN DEFAULT 'true' NOT NULL, b bool DEFAULT 'off', c text DEFAULT"
                + " 'true')",
            "CREATE TABLE t (a BOOLEAN DEFAULT TRUE NOT NULL, b bool DEFAULT FALSE, c text DEFAULT"
                + " 'true')"),
        Arguments.of(
            "VALUES (DEFAULT, ...): the column left out (Sequelize's serial key)",
            "INSERT INTO \"users\" (\"id\",\"name\",\"at\") VALUES (DEFAULT,$1,$2)"
                + " RETURNING \"id\",\"name\"",
            "INSERT INTO \"users\" (\"name\", \"at\") VALUES ($1, $2) RETURNING \"id\",\"name\""),
        Arguments.of(
            "DEFAULT in every row of a column of a multi-row VALUES",
            "INSERT INTO t (id, a, b) VALUES (DEFAULT, 1, DEFAULT), (DEFAULT, now(), DEFAULT)",
            "INSERT INTO t (a) VALUES (1), (strftime('%Y-%m-%d %H:%M:%f+00', 'now'))"),
        Arguments.of(
            "VALUES of DEFAULT only",
            "INSERT INTO t (id) VALUES (DEFAULT) RETURNING id",
            "INSERT INTO t DEFAULT VALUES RETURNING id"),
        Arguments.of(
            "DELETE ... USING: the joined rows by rowid",
            "DELETE FROM public.t AS x USING u, v WHERE u.id = x.u_id AND v.n ILIKE 'a%'"
                + " RETURNING x.id",
            "DELETE FROM main.t AS x WHERE x.rowid IN (SELECT x.rowid FROM main.t AS x, u, v"
                + " WHERE u.id = x.u_id AND v.n LIKE 'a%' ESCAPE '\\') RETURNING x.id"),
        Arguments.of(
            "DELETE ... USING without WHERE",
            "DELETE FROM t USING u",
            "DELETE FROM t WHERE t.rowid IN (SELECT t.rowid FROM t, u)"),
        Arguments.of(
            "DELETE ... USING with a bare alias: AS added",
            "DELETE FROM stock s USING kv k WHERE k.k = s.item AND k.v > 15",
            "DELETE FROM stock AS s WHERE s.rowid IN (SELECT s.rowid FROM stock AS s, kv k WHERE"
                + " k.k = s.item AND k.v > 15)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("single")
  void translatesToOneStatement(String rule, String postgres, String sqlite) {
    Classification c = classify(postgres);
    assertInstanceOf(Classifier.Translated.class, c, () -> rule + ": " + c);
    assertEquals(sqlite, ((Classifier.Translated) c).sql(), rule);
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        Arguments.of(
            "drop table if exists pgbench_accounts, pgbench_branches",
            List.of(
                "PRAGMA defer_foreign_keys = ON",
                "DROP TABLE IF EXISTS pgbench_accounts",
                "DROP TABLE IF EXISTS pgbench_branches"),
            "DROP TABLE"),
        Arguments.of(
            "DROP INDEX CONCURRENTLY public.i", List.of("DROP INDEX main.i"), "DROP INDEX"),
        Arguments.of(
            "truncate table pgbench_accounts, pgbench_branches, pgbench_history",
            List.of(
                "PRAGMA defer_foreign_keys = ON",
                "DELETE FROM pgbench_accounts",
                "DELETE FROM pgbench_branches",
                "DELETE FROM pgbench_history"),
            "TRUNCATE TABLE"),
        Arguments.of(
            "truncate pgbench_history", List.of("DELETE FROM pgbench_history"), "TRUNCATE TABLE"),
        Arguments.of(
            "alter table pgbench_branches add primary key (bid)",
            List.of("CREATE UNIQUE INDEX \"pgbench_branches_pkey\" ON pgbench_branches (bid)"),
            "ALTER TABLE"),
        Arguments.of(
            "ALTER TABLE t ADD CONSTRAINT t_u UNIQUE (a, b), ADD COLUMN c int",
            List.of("CREATE UNIQUE INDEX \"t_u\" ON t (a, b)", "ALTER TABLE t ADD COLUMN c int"),
            "ALTER TABLE"),
        Arguments.of(
            "TRUNCATE a, public.\"B\" RESTART IDENTITY",
            List.of(
                "PRAGMA defer_foreign_keys = ON",
                "DELETE FROM a WHERE rowid IN (SELECT NULL WHERE rhizome_restart_identity('a') = 0)",
                "DELETE FROM main.\"B\" WHERE rowid IN (SELECT NULL WHERE"
                    + " rhizome_restart_identity('B') = 0)",
                "DELETE FROM a",
                "DELETE FROM main.\"B\""),
            "TRUNCATE TABLE"),
        Arguments.of(
            "vacuum analyze pgbench_branches", List.of("ANALYZE pgbench_branches"), "VACUUM"),
        Arguments.of("VACUUM (VERBOSE) a, b (x)", List.of("ANALYZE a", "ANALYZE b"), "VACUUM"),
        Arguments.of(
            "CREATE SEQUENCE IF NOT EXISTS public.Ord START WITH 5 INCREMENT BY 2 CACHE 10",
            List.of(
                "INSERT OR IGNORE INTO rhizome_sequences (name, last_value, start_value,"
                    + " increment_by, min_value, max_value, cycle, is_called)"
                    + " SELECT 'ord', 5, 5, 2, 1, 9223372036854775807, 0, 0"),
            "CREATE SEQUENCE"),
        Arguments.of(
            "CREATE SEQUENCE down AS integer INCREMENT -1 CYCLE",
            List.of(
                "INSERT INTO rhizome_sequences (name, last_value, start_value,"
                    + " increment_by, min_value, max_value, cycle, is_called)"
                    + " SELECT 'down', -1, -1, -1, -2147483648, -1, 1, 0"
                    + " WHERE rhizome_sequence_absent('down')"),
            "CREATE SEQUENCE"),
        Arguments.of(
            "DROP SEQUENCE a, \"B\" CASCADE",
            List.of(
                "DELETE FROM rhizome_sequences WHERE name IN ("
                    + "SELECT 'a' WHERE rhizome_sequence_present('a', 'sequence') UNION ALL"
                    + " SELECT 'B' WHERE rhizome_sequence_present('B', 'sequence'))"),
            "DROP SEQUENCE"),
        Arguments.of(
            "DROP SEQUENCE IF EXISTS a, b",
            List.of("DELETE FROM rhizome_sequences WHERE name IN ('a', 'b')"),
            "DROP SEQUENCE"),
        Arguments.of(
            "ALTER SEQUENCE IF EXISTS s RESTART WITH 100 INCREMENT BY 10 NO MAXVALUE",
            List.of(
                "UPDATE rhizome_sequences SET increment_by = 10,"
                    + " max_value = 9223372036854775807, last_value = 100, is_called = 0"
                    + " WHERE name IN ('s')"),
            "ALTER SEQUENCE"),
        Arguments.of(
            "ALTER SEQUENCE s RESTART",
            List.of(
                "UPDATE rhizome_sequences SET last_value = start_value, is_called = 0"
                    + " WHERE name IN (SELECT 's' WHERE rhizome_sequence_present('s', 'relation'))"),
            "ALTER SEQUENCE"),
        Arguments.of(
            "CREATE TABLE t (code text PRIMARY KEY, n bigserial, m int GENERATED BY DEFAULT AS"
                + " IDENTITY)",
            List.of(
                "INSERT OR REPLACE INTO rhizome_sequences (name, last_value, start_value,"
                    + " increment_by, min_value, max_value, cycle, is_called)"
                    + " SELECT 't_n_seq', 1, 1, 1, 1, 9223372036854775807, 0, 0",
                "INSERT OR REPLACE INTO rhizome_sequences (name, last_value, start_value,"
                    + " increment_by, min_value, max_value, cycle, is_called)"
                    + " SELECT 't_m_seq', 1, 1, 1, 1, 9223372036854775807, 0, 0",
                "CREATE TABLE t (code text PRIMARY KEY, n INTEGER NOT NULL DEFAULT"
                    + " (nextval('t_n_seq')), m INTEGER NOT NULL DEFAULT (nextval('t_m_seq')))"),
            null),
        Arguments.of(
            "CREATE OR REPLACE VIEW v AS SELECT 1::int AS one",
            List.of("DROP VIEW IF EXISTS v", "CREATE VIEW v AS SELECT 1 AS one"),
            "CREATE VIEW"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void translatesToAScript(String postgres, List<String> statements, String tag) {
    Classification c = classify(postgres);
    assertInstanceOf(Classifier.Script.class, c, c::toString);
    assertEquals(statements, ((Classifier.Script) c).statements());
    assertEquals(tag, ((Classifier.Script) c).tag());
  }

  /** SQLite's own DDL and DML come out byte for byte. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL DEFAULT 'x')",
        "CREATE TABLE IF NOT EXISTS t (a, b, UNIQUE (a) ON CONFLICT REPLACE) WITHOUT ROWID",
        "CREATE TABLE t (a INT CHECK (a > 0), b TEXT COLLATE NOCASE, c REAL DEFAULT 1.5) STRICT",
        "CREATE TABLE t (a UNSIGNED BIG INT, b VARCHAR(10), c DOUBLE PRECISION, d DATETIME)",
        "CREATE TABLE t2 AS SELECT * FROM t",
        "CREATE TEMP TABLE x (a)",
        "CREATE INDEX i ON t (a COLLATE NOCASE DESC, b) WHERE b IS NOT NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS main.i ON t (a)",
        "CREATE VIEW v AS SELECT a FROM t",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; END",
        "CREATE VIRTUAL TABLE f USING fts5(body)",
        "DROP TABLE IF EXISTS t",
        "DROP INDEX i",
        "ALTER TABLE t ADD COLUMN c TEXT",
        "ALTER TABLE t RENAME TO u",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t DROP COLUMN c",
        "VACUUM",
        "ANALYZE",
        "ANALYZE t",
        "INSERT INTO t (a, b) VALUES (1, 'x') ON CONFLICT (a) DO UPDATE SET b = excluded.b",
        "INSERT OR IGNORE INTO t VALUES (1)",
        "UPDATE t SET a = a + 1 WHERE b = $1 RETURNING a",
        "DELETE FROM t WHERE a IN (SELECT a FROM u) RETURNING *",
        "INSERT INTO log (v, at) VALUES (CURRENT_DATE, 1)",
        "UPDATE pgbench_accounts SET abalance = abalance + -3 WHERE aid = 5;",
        "REPLACE INTO t VALUES (1)"
      })
  void sqliteStatementsPassUntouched(String sql) {
    Classification c = classify(sql);
    assertInstanceOf(Classifier.PassThrough.class, c, () -> sql + " became " + c);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE SCHEMA IF NOT EXISTS public",
        "CREATE EXTENSION IF NOT EXISTS plpgsql",
        "COMMENT ON TABLE t IS 'x'"
      })
  void acknowledgesStatementsWithNothingToDo(String sql) {
    Classification c = classify(sql);
    assertInstanceOf(Classifier.Session.class, c, c::toString);
    assertInstanceOf(SessionCommand.NoOp.class, ((Classifier.Session) c).command());
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("CREATE INDEX i ON t USING gin (doc)", "index method gin"),
        Arguments.of("CREATE TABLE p (a int) PARTITION BY RANGE (a)", "PARTITION"),
        Arguments.of("CREATE TABLE c () INHERITS (p)", "INHERITS"),
        Arguments.of("ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY", "ADD"),
        Arguments.of("ALTER TABLE t ALTER COLUMN a TYPE text COLLATE \"de_DE\"", "COLLATE"),
        Arguments.of("ALTER TABLE t ADD EXCLUDE USING gist (a WITH =)", "EXCLUDE"),
        Arguments.of("CREATE TYPE mood AS ENUM ('a')", "CREATE TYPE"),
        Arguments.of("CREATE TEMP SEQUENCE s", "CREATE TEMPORARY SEQUENCE"),
        Arguments.of("CREATE SEQUENCE app.s", "sequences in schema app"),
        Arguments.of("ALTER SEQUENCE s SET LOGGED", "ALTER SEQUENCE ... SET"),
        Arguments.of("CREATE SCHEMA app", "schemas other than public"),
        Arguments.of("CREATE EXTENSION postgis", "extension \"postgis\""),
        Arguments.of("INSERT INTO t (a, b) VALUES (DEFAULT, 1), (2, 2)", "DEFAULT in some rows"),
        Arguments.of("INSERT INTO t VALUES (DEFAULT, 1)", "DEFAULT in VALUES without a column"),
        Arguments.of("CREATE TABLE t (a int, UNIQUE NULLS NOT DISTINCT (a))", "NULLS NOT DISTINCT"),
        Arguments.of(
            "INSERT INTO t VALUES (now()) ON CONFLICT ON CONSTRAINT k DO NOTHING",
            "ON CONSTRAINT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatItCannotTranslateNamingIt(String sql, String construct) {
    Classification c = classify(sql);
    assertInstanceOf(Classifier.Refused.class, c, c::toString);
    SqlException e = ((Classifier.Refused) c).error();
    assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason());
    assertTrue(e.getMessage().contains(construct), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE SCHEMA public"})
  void createSchemaPublicSaysItExists(String sql) {
    Classification c = classify(sql);
    assertInstanceOf(Classifier.Refused.class, c);
    assertEquals(SqlException.Reason.DUPLICATE_SCHEMA, ((Classifier.Refused) c).error().reason());
  }
}
