/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.pgsql.Classifier.Classification;
import io.rhizome.pgsql.session.SessionCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifierTest {
  private static final SessionContext SESSION = new TestSession();

  private static Classification classify(String sql) {
    return Classifier.classify(sql, SESSION);
  }

  /** SQLite statements that work today pass through untouched, whatever words they hold. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT v FROM kv WHERE k = $1",
        "SELECT a FROM t UNION ALL SELECT b FROM u",
        "SELECT * FROM t INDEXED BY t_a WHERE a = 1",
        "SELECT [some col] FROM [all]",
        "SELECT `position` FROM t WHERE name GLOB 'a*'",
        "SELECT version FROM schema_versions",
        "SELECT any FROM public_things",
        "INSERT OR REPLACE INTO t VALUES (1, 'a')",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, public TEXT)",
        "SELECT * FROM pragma_table_info('t')",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) SELECT x FROM c",
        "SELECT name COLLATE NOCASE FROM t ORDER BY 1",
        "SELECT count(*) AS n FROM t WHERE x IS NOT NULL",
      })
  void sqliteStatementsPassThrough(String sql) {
    assertInstanceOf(Classifier.PassThrough.class, classify(sql));
  }

  /**
   * A statement that runs as written otherwise gets Postgres' names for the output columns SQLite
   * would name by their text, whatever path decided it needs no other translation.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "SELECT count(*) FROM t WHERE x IS NOT NULL"
            + "|SELECT count(*) AS \"count\" FROM t WHERE x IS NOT NULL",
        "SELECT json_extract(doc, '$.a') FROM t"
            + "|SELECT json_extract(doc, '$.a') AS \"json_extract\" FROM t",
        "SELECT substring(name, 1, 2), trim(name) FROM t"
            + "|SELECT substring(name, 1, 2) AS \"substring\", trim(name) AS \"btrim\" FROM t",
      })
  void sqliteQueriesGetPostgresColumnNames(String sql, String labelled) {
    assertEquals(labelled, ((Classifier.Translated) classify(sql)).sql());
  }

  @Test
  void sessionStatementsAreTheGateways() {
    Classification c = classify("SET search_path TO \"$user\", public");
    SessionCommand.Set set = (SessionCommand.Set) ((Classifier.Session) c).command();
    assertEquals("search_path", set.name());
    assertEquals(
        List.of(
            new SessionCommand.Value("$user", SessionCommand.Value.Kind.QUOTED),
            new SessionCommand.Value("public", SessionCommand.Value.Kind.WORD)),
        set.values());
    assertInstanceOf(Classifier.Session.class, classify("  -- reset\n DISCARD ALL"));
    assertInstanceOf(Classifier.Session.class, classify("SHOW ALL"));
    assertInstanceOf(Classifier.Session.class, classify("CLOSE ALL"));
    assertInstanceOf(Classifier.Session.class, classify("UNLISTEN *"));
  }

  @Test
  void aSessionFunctionAloneIsAnsweredByTheGateway() {
    Classification c = classify("select pg_catalog.version()");
    assertEquals(
        new SessionCommand.Call("version", List.of(), "version"),
        ((Classifier.Session) c).command());
    c = classify("SELECT set_config('search_path', 'public', false) AS x");
    assertEquals(
        new SessionCommand.Call("set_config", List.of("search_path", "public", "f"), "x"),
        ((Classifier.Session) c).command());
    assertEquals(
        new SessionCommand.Call("current_user", List.of(), "current_user"),
        ((Classifier.Session) classify("SELECT current_user")).command());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BEGIN ISOLATION LEVEL READ COMMITTED|BEGIN",
        "begin transaction isolation level serializable, read only|BEGIN",
        "BEGIN WORK|BEGIN",
        "START TRANSACTION|BEGIN",
        "START TRANSACTION READ WRITE NOT DEFERRABLE|BEGIN",
        "COMMIT WORK|COMMIT",
        "END TRANSACTION AND NO CHAIN|COMMIT",
        "ABORT|ROLLBACK",
        "rollback work|ROLLBACK"
      })
  void postgresTransactionControlBecomesSqlites(String postgres, String sqlite) {
    assertEquals(sqlite, ((Classifier.Translated) classify(postgres)).sql());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "BEGIN",
        "begin;",
        "BEGIN -- a comment",
        "BEGIN TRANSACTION",
        "BEGIN IMMEDIATE",
        "COMMIT",
        "END",
        "ROLLBACK",
        "ROLLBACK TO SAVEPOINT a",
        "ROLLBACK TRANSACTION TO a"
      })
  void sqliteTransactionControlRunsAsWritten(String sql) {
    assertInstanceOf(Classifier.PassThrough.class, classify(sql));
  }

  @Test
  void transactionModesThatAreNotPostgresAreSyntaxErrors() {
    SqlException e = ((Classifier.Refused) classify("BEGIN ISOLATION LEVEL SOMETIMES")).error();
    assertEquals(SqlException.Reason.SYNTAX_ERROR, e.reason());
    e = ((Classifier.Refused) classify("COMMIT AND CHAIN")).error();
    assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason());
  }

  @Test
  void copyIsRecognisedByItsFirstWord() {
    assertInstanceOf(Classifier.Copy.class, classify("COPY t FROM STDIN"));
  }

  @Test
  void catalogQueriesAreTranslated() {
    Classification c =
        classify("SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relname ~ '^b'");
    assertEquals(
        "SELECT c.relname FROM pg_class c WHERE (regexp_like(c.relname, '^b'))",
        ((Classifier.Translated) c).sql());
  }

  @Test
  void schemaQualifiersOfOtherStatementsAreMapped() {
    Classification c = classify("INSERT INTO public.t (a) VALUES ('public.x')");
    assertEquals("INSERT INTO main.t (a) VALUES ('public.x')", ((Classifier.Translated) c).sql());
  }

  @Test
  void postgresSyntaxThatCannotBeTranslatedIsRefusedNamingTheConstruct() {
    Classification c = classify("SELECT DISTINCT ON (a) a::text FROM t");
    SqlException e = ((Classifier.Refused) c).error();
    assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason());
    assertTrue(e.getMessage().contains("DISTINCT ON"), e.getMessage());
  }

  /**
   * Postgres constructs Rhizome does not translate are refused with 0A000 naming them, never left
   * to SQLite's syntax error or unknown function, and never run with another meaning (a lock that
   * does not lock).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT DISTINCT ON (dept) dept, name FROM people ORDER BY dept, salary DESC|DISTINCT ON",
        "SELECT 'abc' SIMILAR TO 'a%' AS a|SIMILAR TO",
        "SELECT 1 FROM t WHERE a NOT SIMILAR TO '(b)%'|SIMILAR TO",
        "SELECT doc #> '{addr,city}' FROM people|#>",
        "SELECT doc #>> '{tags,0}' FROM people|#>>",
        "SELECT name FROM people WHERE doc @> '{\"a\": 1}'|@>",
        "SELECT name FROM people WHERE doc ? 'b'|?",
        "SELECT v FROM t WHERE v = 2 FOR UPDATE|FOR UPDATE",
        "SELECT v FROM t WHERE v = 3 FOR UPDATE SKIP LOCKED|FOR UPDATE",
        "SELECT v FROM t FOR UPDATE OF t NOWAIT|FOR UPDATE",
        "SELECT v FROM t FOR SHARE|FOR UPDATE/SHARE",
        "SELECT v FROM t FOR NO KEY UPDATE|FOR UPDATE",
        "DELETE FROM q WHERE id IN (SELECT id FROM q LIMIT 1 FOR UPDATE SKIP LOCKED)|FOR UPDATE",
        "LOCK TABLE t IN ACCESS EXCLUSIVE MODE|LOCK TABLE",
        "lock t|LOCK TABLE",
        "LISTEN c_channel|LISTEN",
        "NOTIFY c_channel, 'hi'|NOTIFY",
        "SELECT pg_notify('c_channel', 'hi')|pg_notify()",
        "SELECT pg_advisory_lock(42)|pg_advisory_lock()",
        "SELECT pg_try_advisory_lock(42)|pg_try_advisory_lock()",
        "SELECT pg_advisory_unlock(42)|pg_advisory_unlock()",
        "SELECT pg_advisory_xact_lock(1, 2)|pg_advisory_xact_lock()",
        "SELECT pg_try_advisory_xact_lock(42)|pg_try_advisory_xact_lock()",
        "UPDATE jobs SET taken = 1 WHERE pg_try_advisory_lock(id)|pg_try_advisory_lock()",
        "CREATE VIEW v AS SELECT a FROM t FOR UPDATE|FOR UPDATE",
        "INSERT INTO kv VALUES ('a', 1) ON CONFLICT ON CONSTRAINT kv_pkey DO NOTHING|ON CONFLICT ON CONSTRAINT",
      })
  void untranslatedPostgresConstructsAreRefusedByName(String sql, String construct) {
    Classification c = classify(sql);
    SqlException e = assertInstanceOf(Classifier.Refused.class, c, sql).error();
    assertEquals(SqlException.Reason.FEATURE_NOT_SUPPORTED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(construct), e.getMessage());
  }

  /**
   * With LISTEN and advisory locks refused, a session holds no channel and no lock: UNLISTEN and
   * pg_advisory_unlock_all(), which drivers and poolers send when they reset a connection, do
   * nothing, as on Postgres for a session that holds none.
   */
  @Test
  void releasingWhatNoSessionCanHoldIsANoOp() {
    Classification c = classify("UNLISTEN c_channel");
    assertEquals("UNLISTEN", ((SessionCommand.NoOp) ((Classifier.Session) c).command()).tag());
    assertInstanceOf(Classifier.Session.class, classify("SELECT pg_advisory_unlock_all()"));
  }

  @Test
  void malformedSessionStatementsAreSyntaxErrors() {
    SqlException e = ((Classifier.Refused) classify("SET search_path")).error();
    assertEquals(SqlException.Reason.SYNTAX_ERROR, e.reason());
  }
}
