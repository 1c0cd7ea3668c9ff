/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutputLabelsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "SELECT count(*) FROM t|SELECT count(*) AS \"count\" FROM t",
        "select COUNT(*), max(id), 1 + 1, upper(name) from people"
            + "|select COUNT(*) AS \"count\", max(id) AS \"max\", 1 + 1 AS \"?column?\","
            + " upper(name) AS \"upper\" from people",
        "SELECT 1|SELECT 1 AS \"?column?\"",
        "SELECT NULL, 'a' FROM t|SELECT NULL AS \"?column?\", 'a' AS \"?column?\" FROM t",
        "SELECT CASE WHEN a THEN 1 END FROM t|SELECT CASE WHEN a THEN 1 END AS \"case\" FROM t",
        "SELECT count(*) FROM t;|SELECT count(*) AS \"count\" FROM t;",
        "SELECT /* how many */ count(*) FROM t|SELECT /* how many */ count(*) AS \"count\" FROM t",
        // An unquoted alias is folded, as Postgres folds it.
        "SELECT count(*) AS Total FROM t|SELECT count(*) AS \"total\" FROM t",
        "SELECT count(*) Total FROM t|SELECT count(*) \"total\" FROM t",
        "SELECT id AS userId, name FROM t|SELECT id AS \"userid\", name FROM t",
        // Only the first operand of a set operation names the columns.
        "SELECT count(*) FROM a UNION ALL SELECT count(*) FROM b"
            + "|SELECT count(*) AS \"count\" FROM a UNION ALL SELECT count(*) FROM b",
        // The main query of a WITH, not its CTEs (whose names only the query sees).
        "WITH c AS (SELECT count(*) FROM t) SELECT max(x) FROM c"
            + "|WITH c AS (SELECT count(*) FROM t) SELECT max(x) AS \"max\" FROM c",
        // A function call elsewhere is not a reference to the label.
        "SELECT count(*) FROM t GROUP BY x ORDER BY count(*)"
            + "|SELECT count(*) AS \"count\" FROM t GROUP BY x ORDER BY count(*)",
      })
  void labelsWhatSqliteWouldNameByItsText(String sql, String labelled) {
    assertEquals(Optional.of(labelled), OutputLabels.of(sql));
    assertEquals(Optional.of(labelled), Translation.withPostgresNames(sql));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT v FROM kv WHERE k = 5",
        "SELECT \"users\".\"id\", \"users\".\"name\" FROM users",
        "SELECT ID, NAME FROM USERS WHERE ID = 5",
        "SELECT DISTINCT v FROM t",
        "SELECT * FROM t",
        "SELECT t.*, u.a AS b FROM t, u",
        "SELECT v",
      })
  void columnReferencesNeedNoParse(String sql) {
    assertFalse(OutputLabels.mayNeedLabels(sql));
    assertEquals(Optional.empty(), OutputLabels.of(sql));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // Labelled already, or quoted as the client wants it.
        "SELECT count(*) AS n FROM t",
        "SELECT count(*) AS \"Total\" FROM t",
        "SELECT Name, k FROM t",
        // A bare name elsewhere could come to mean the label (SQLite's ORDER BY looks at labels
        // first): CAST(k AS TEXT) would be "k", and ORDER BY k would sort by the text.
        "SELECT CAST(k AS TEXT) FROM kv ORDER BY k",
        "SELECT lower(name) FROM t ORDER BY \"lower\"",
        // VALUES names its columns column1, column2, ... on both sides.
        "VALUES (1, 2)",
        // SQLite's own syntax, which Rhizome does not read: SQLite names it.
        "SELECT count(*) FROM [my table]",
        "SELECT count(*) FROM t INDEXED BY t_a",
      })
  void leavesTheRestAsWritten(String sql) {
    assertEquals(Optional.empty(), OutputLabels.of(sql));
  }
}
