/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          select 1                                         | QUERY       | SELECT
          VALUES (1), (2)                                  | QUERY       | SELECT
          explain query plan select 1                      | QUERY       | SELECT
          with q as (select 1) select * from q             | QUERY       | SELECT
          WITH RECURSIVE c(n) AS (VALUES(1) UNION ALL SELECT n+1 FROM c) SELECT n FROM c | QUERY | SELECT
          with q(a) as (select 1) insert into t select a from q | INSERT | INSERT
          with q as (select 1) delete from t where a in q  | DELETE      | DELETE
          with "select" as (select 1) update t set a = 1   | UPDATE      | UPDATE
          insert into t values (1)                         | INSERT      | INSERT
          insert or replace into t values (1)              | INSERT      | INSERT
          replace into t values (1)                        | INSERT      | INSERT
          update t set a = 1                               | UPDATE      | UPDATE
          delete from t                                    | DELETE      | DELETE
          create table t (a int)                           | OTHER       | CREATE TABLE
          CREATE TEMP TABLE t (a int)                      | OTHER       | CREATE TABLE
          create unique index i on t (a)                   | OTHER       | CREATE INDEX
          create virtual table v using fts5(a)             | OTHER       | CREATE TABLE
          create view v as select 1                        | OTHER       | CREATE VIEW
          drop table if exists t                           | OTHER       | DROP TABLE
          alter table t add column b                       | OTHER       | ALTER TABLE
          pragma user_version = 3                          | OTHER       | PRAGMA
          vacuum                                           | OTHER       | VACUUM
          begin                                            | BEGIN       | BEGIN
          BEGIN IMMEDIATE TRANSACTION                      | BEGIN       | BEGIN
          commit                                           | COMMIT      | COMMIT
          end transaction                                  | COMMIT      | COMMIT
          rollback                                         | ROLLBACK    | ROLLBACK
          rollback transaction                             | ROLLBACK    | ROLLBACK
          rollback to s1                                   | ROLLBACK_TO | ROLLBACK
          ROLLBACK TRANSACTION TO SAVEPOINT s1             | ROLLBACK_TO | ROLLBACK
          savepoint s1                                     | SAVEPOINT   | SAVEPOINT
          release savepoint s1                             | RELEASE     | RELEASE
          /* begin */ insert into t values ('commit')      | INSERT      | INSERT
          ;; select 1;                                     | QUERY       | SELECT
          """)
  void classifiesByLeadingKeywords(String sql, StatementKind kind, String tag) {
    Statement statement = Statement.of(sql.replace("\\n", "\n"));
    assertEquals(kind, statement.kind());
    assertEquals(tag, statement.tag());
    assertFalse(statement.multiple());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-- a comment\nselect 1", "/* multi\nline */ select 1", "\n\t select 1"})
  void skipsLeadingCommentsAndWhitespace(String sql) {
    assertEquals(StatementKind.QUERY, Statement.of(sql).kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ";", " ; ;", "-- only a comment", "/* only */ -- comments"})
  void recognisesEmptyStatements(String sql) {
    assertEquals(StatementKind.EMPTY, Statement.of(sql).kind());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select 1; select 2",
        "insert into t values (1);insert into t values (2)",
        "select 1; -- trailing comment\n delete from t",
        "create trigger tr after insert on t begin select 1; end; drop table t"
      })
  void flagsASecondStatement(String sql) {
    assertTrue(Statement.of(sql).multiple());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select 1;",
        "select 1; -- done",
        "select ';' || \"a;b\" from [x;y]",
        "create trigger tr after insert on t begin insert into u values (1); delete from v; end",
        "create temp trigger tr after insert on t begin"
            + " select case when 1 then 2 end; update u set a = 1; end;",
        "explain create trigger tr after insert on t begin select 1; end"
      })
  void keepsSemicolonsInsideOneStatement(String sql) {
    assertFalse(Statement.of(sql).multiple());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "begin",
        "select 1",
        "savepoint a",
        "rollback",
        "rollback to a",
        "explain delete from t"
      })
  void readsAndTransactionStartsAreNotWrites(String sql) {
    assertFalse(Statement.of(sql).kind().isWrite());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "insert into t values (1)",
        "update t set a = 1",
        "delete from t",
        "create table t (a)",
        "pragma user_version = 1",
        "commit",
        "release a",
        "with q as (select 1) delete from t",
        "select nextval('s')",
        "SELECT setval('s', 10, false)",
        "with q as (select nextval('s') as n) select n from q"
      })
  void changesAreWrites(String sql) {
    assertTrue(Statement.of(sql).kind().isWrite());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select nextval('s')",
        "values (nextval('s'))",
        "with q as (select 1) select nextval('s'), 'nextval' from q"
      })
  void aQueryThatAdvancesASequenceIsASequenceQueryTaggedSelect(String sql) {
    Statement statement = Statement.of(sql);
    assertEquals(StatementKind.SEQUENCE_QUERY, statement.kind());
    assertEquals("SELECT 1", statement.tag(1, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"select currval('s')", "select 'nextval'", "explain select nextval('s')"})
  void readingASequenceOrNamingTheFunctionInAStringIsARead(String sql) {
    assertEquals(StatementKind.QUERY, Statement.of(sql).kind());
  }

  @org.junit.jupiter.api.Test
  void dropsLeadingEmptyStatementsFromTheTextForSqlite() {
    assertEquals("select 1;", Statement.of(" ; ;select 1;").sql());
  }
}
