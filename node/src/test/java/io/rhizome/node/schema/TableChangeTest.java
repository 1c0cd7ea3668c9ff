/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.SqlState;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** ALTER TABLE forms SQLite lacks, run on a real tenant-like file with foreign keys on. */
class TableChangeTest {
  @TempDir Path dir;
  private SQLiteConnection c;

  @BeforeEach
  void open() throws SQLException {
    c = connect();
    exec(
        "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, v varchar(10), n INTEGER)",
        "CREATE TABLE ch (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE"
            + " CASCADE, note TEXT)",
        "INSERT INTO p (v, n) VALUES ('a', 1), ('b', NULL), ('c', 3)",
        "INSERT INTO ch VALUES (10, 1, 'x'), (11, 2, 'y'), (12, 3, NULL)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private SQLiteConnection connect() throws SQLException {
    SQLiteConnection connection =
        (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      s.execute("PRAGMA journal_mode = WAL");
    }
    return connection;
  }

  private void exec(String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  private void alter(String sql) throws SQLException {
    TableChange change = TableChange.of(sql).orElseThrow();
    assertEquals("ALTER TABLE", change.run(c));
  }

  private SqlState refusal(String sql) {
    SchemaChangeException e = assertThrows(SchemaChangeException.class, () -> alter(sql));
    return e.state();
  }

  private List<String> rows(String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private String one(String query) throws SQLException {
    List<String> r = rows(query);
    return r.isEmpty() ? null : r.get(0);
  }

  private void assertSound() throws SQLException {
    assertEquals(List.of("ok"), rows("PRAGMA integrity_check"));
    assertEquals(List.of(), rows("PRAGMA foreign_key_check"));
    assertEquals("0", one("PRAGMA writable_schema"));
  }

  @Test
  void aParentWithCascadingChildrenKeepsEveryChildRowThroughItsAlterInAClientTransaction()
      throws SQLException {
    String childSql = one("SELECT sql FROM sqlite_schema WHERE name = 'ch'");
    exec("BEGIN");
    alter(
        "ALTER TABLE p ALTER COLUMN v TYPE TEXT, ALTER COLUMN n SET DEFAULT 0,"
            + " ADD CONSTRAINT p_v_check CHECK (length(v) < 5), ALTER COLUMN v SET NOT NULL");
    exec("COMMIT");
    assertEquals(List.of("10|1|x", "11|2|y", "12|3|null"), rows("SELECT * FROM ch ORDER BY id"));
    assertEquals(List.of("1|a|1", "2|b|null", "3|c|3"), rows("SELECT * FROM p ORDER BY id"));
    assertEquals(childSql, one("SELECT sql FROM sqlite_schema WHERE name = 'ch'"));
    assertEquals(
        "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL, n INTEGER DEFAULT"
            + " 0, CONSTRAINT \"p_v_check\" CHECK (length(v) < 5))",
        one("SELECT sql FROM sqlite_schema WHERE name = 'p'"));
    exec("DELETE FROM p WHERE id = 1");
    assertEquals("2", one("SELECT count(*) FROM ch"), "the cascade still holds");
    assertSound();
  }

  @Test
  void theRebuildWithTheOldTableRenamedAwayWouldLoseTheChildRowsWithForeignKeysOn()
      throws SQLException {
    // Why the change is an edit in place: SQLite's rebuild, as the alternative would run it.
    exec(
        "BEGIN",
        "PRAGMA legacy_alter_table = ON",
        "CREATE TABLE p_new (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT, n INTEGER)",
        "INSERT INTO p_new SELECT * FROM p",
        "ALTER TABLE p RENAME TO p_old",
        "ALTER TABLE p_new RENAME TO p",
        "DROP TABLE p_old");
    assertEquals("0", one("SELECT count(*) FROM ch"));
    exec("ROLLBACK", "PRAGMA legacy_alter_table = OFF");
    assertEquals("3", one("SELECT count(*) FROM ch"));
  }

  @Test
  void dropTableCascadeDropsTheChildrensForeignKeysAndKeepsTheirRows() throws SQLException {
    exec(
        "CREATE TABLE other (id INTEGER PRIMARY KEY, p_id INTEGER, note TEXT,"
            + " CONSTRAINT other_fk FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE,"
            + " CHECK (note <> ''))",
        "INSERT INTO other VALUES (1, 1, 'kept')");
    TableChange drop = TableChange.of("DROP TABLE IF EXISTS main.p, nope CASCADE").orElseThrow();
    assertEquals("DROP TABLE", drop.run(c));
    assertEquals("3", one("SELECT count(*) FROM ch"));
    assertEquals("1|1|kept", one("SELECT * FROM other"));
    assertEquals(
        "CREATE TABLE ch (id INTEGER PRIMARY KEY, p_id INTEGER, note TEXT)",
        one("SELECT sql FROM sqlite_schema WHERE name = 'ch'"));
    assertEquals(
        "CREATE TABLE other (id INTEGER PRIMARY KEY, p_id INTEGER, note TEXT,"
            + " CHECK (note <> ''))",
        one("SELECT sql FROM sqlite_schema WHERE name = 'other'"));
    assertEquals(null, one("SELECT name FROM sqlite_schema WHERE name = 'p'"));
    assertEquals(
        SqlState.UNDEFINED_TABLE,
        assertThrows(
                SchemaChangeException.class,
                () -> TableChange.of("DROP TABLE p CASCADE").orElseThrow().run(c))
            .state());
    assertFalse(TableChange.of("DROP TABLE ch").isPresent(), "SQLite's own DROP TABLE");
    assertSound();
  }

  @Test
  void anotherConnectionSeesTheNewDefinition() throws SQLException {
    try (SQLiteConnection other = connect();
        Statement s = other.createStatement()) {
      s.execute("INSERT INTO p (v) VALUES ('d')");
      alter("ALTER TABLE p ALTER COLUMN n SET DEFAULT 42");
      s.execute("INSERT INTO p (v) VALUES ('e')");
      try (ResultSet rs = s.executeQuery("SELECT n FROM p WHERE v = 'e'")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
    }
  }

  @Test
  void changingADefaultKeepsTheValueOfRowsStoredBeforeTheColumnWasAdded() throws SQLException {
    exec("ALTER TABLE p ADD COLUMN flag INTEGER NOT NULL DEFAULT 5");
    alter("ALTER TABLE p ALTER COLUMN flag DROP DEFAULT");
    assertEquals(List.of("5", "5", "5"), rows("SELECT flag FROM p"));
    alter("ALTER TABLE p ALTER COLUMN flag SET DEFAULT 7");
    exec("INSERT INTO p (v) VALUES ('d')");
    assertEquals(List.of("5", "5", "5", "7"), rows("SELECT flag FROM p ORDER BY id"));
    alter("ALTER TABLE p ALTER COLUMN flag SET DEFAULT (abs(-8))");
    exec("INSERT INTO p (v) VALUES ('e')");
    assertEquals("8", one("SELECT flag FROM p WHERE v = 'e'"));
    assertSound();
  }

  @Test
  void aNewTypeConvertsTheValuesThroughUsingOrTheNewAffinityWithoutRunningTriggers()
      throws SQLException {
    exec(
        "CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b TEXT)",
        "CREATE TABLE log (what TEXT)",
        "CREATE TRIGGER t_upd AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('upd'); END",
        "INSERT INTO t VALUES (1, '12', 'x'), (2, '7', 'yy')");
    alter("ALTER TABLE t ALTER COLUMN a TYPE bigint");
    assertEquals(List.of("integer", "integer"), rows("SELECT typeof(a) FROM t"));
    alter("ALTER TABLE t ALTER COLUMN b SET DATA TYPE int USING (length(b))");
    assertEquals(List.of("1|12|1", "2|7|2"), rows("SELECT * FROM t ORDER BY k"));
    assertEquals("0", one("SELECT count(*) FROM log"), "no trigger of the tenant's ran");
    exec("UPDATE t SET a = 1 WHERE k = 1");
    assertEquals("1", one("SELECT count(*) FROM log"), "the trigger is back");
    assertSound();
  }

  @Test
  void theRowidKeepsItsTypeAndAKeyNeverBecomesTheRowid() throws SQLException {
    alter("ALTER TABLE p ALTER COLUMN id TYPE bigint");
    assertTrue(
        one("SELECT sql FROM sqlite_schema WHERE name = 'p'").contains("id INTEGER PRIMARY"));
    assertEquals(
        SqlState.FEATURE_NOT_SUPPORTED, refusal("ALTER TABLE p ALTER COLUMN id TYPE text"));
    exec("CREATE TABLE k (code BIGINT PRIMARY KEY, v TEXT)", "INSERT INTO k VALUES (5, 'x')");
    alter("ALTER TABLE k ALTER COLUMN code TYPE integer");
    assertEquals("5|x", one("SELECT * FROM k"));
    assertSound();
  }

  @Test
  void setNotNullOverNullsIsRefusedAndChangesNothing() throws SQLException {
    String before = one("SELECT sql FROM sqlite_schema WHERE name = 'p'");
    assertEquals(
        SqlState.NOT_NULL_VIOLATION,
        refusal("ALTER TABLE p ALTER COLUMN v SET DEFAULT 'z', ALTER COLUMN n SET NOT NULL"));
    assertEquals(before, one("SELECT sql FROM sqlite_schema WHERE name = 'p'"));
    alter("ALTER TABLE p ALTER COLUMN v SET NOT NULL");
    SQLException e =
        assertThrows(SQLException.class, () -> exec("INSERT INTO p (v) VALUES (NULL)"));
    assertTrue(e.getMessage().contains("NOT NULL"), e.getMessage());
    alter("ALTER TABLE p ALTER COLUMN v DROP NOT NULL");
    exec("INSERT INTO p (v) VALUES (NULL)");
    assertEquals(
        SqlState.INVALID_TABLE_DEFINITION, refusal("ALTER TABLE p ALTER COLUMN id DROP NOT NULL"));
    assertSound();
  }

  @Test
  void newConstraintsAreCheckedAgainstTheRowsThere() throws SQLException {
    assertEquals(SqlState.CHECK_VIOLATION, refusal("ALTER TABLE p ADD CHECK (n > 1)"));
    alter("ALTER TABLE p ADD CHECK (n > 1) NOT VALID");
    assertTrue(one("SELECT sql FROM sqlite_schema WHERE name = 'p'").contains("\"p_n_check\""));
    exec("CREATE TABLE q (id INTEGER PRIMARY KEY, ref INTEGER)", "INSERT INTO q VALUES (1, 99)");
    assertEquals(
        SqlState.FOREIGN_KEY_VIOLATION,
        refusal("ALTER TABLE q ADD FOREIGN KEY (ref) REFERENCES p (id)"));
    assertEquals(
        SqlState.UNDEFINED_TABLE, refusal("ALTER TABLE q ADD FOREIGN KEY (ref) REFERENCES nope"));
    exec("INSERT INTO q VALUES (2, 2), (3, 2)");
    org.sqlite.SQLiteException duplicate =
        assertThrows(
            org.sqlite.SQLiteException.class, () -> alter("ALTER TABLE q ADD UNIQUE (ref)"));
    assertEquals(org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, duplicate.getResultCode());
    exec("DELETE FROM q WHERE id = 1");
    alter(
        "ALTER TABLE q ADD CONSTRAINT q_ref_fk FOREIGN KEY (ref) REFERENCES p (id)"
            + " DEFERRABLE INITIALLY DEFERRED");
    exec("BEGIN", "INSERT INTO q VALUES (4, 50)", "INSERT INTO p (id, v) VALUES (50, 'late')");
    exec("COMMIT");
    SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO q VALUES (5, 77)"));
    assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
    // NOT VALID left rows that fail the check, which SQLite's integrity check reports.
    alter("ALTER TABLE p DROP CONSTRAINT p_n_check");
    assertSound();
  }

  @Test
  void constraintsAreDroppedAndRenamedByTheirNamesOrPostgresNames() throws SQLException {
    exec("CREATE TABLE q (id INTEGER PRIMARY KEY, ref INTEGER, c INTEGER CHECK (c > 0))");
    alter("ALTER TABLE q ADD CONSTRAINT q_fk FOREIGN KEY (ref) REFERENCES p (id)");
    alter("ALTER TABLE q RENAME CONSTRAINT q_fk TO q_ref_fkey_renamed");
    alter("ALTER TABLE q DROP CONSTRAINT q_ref_fkey_renamed");
    exec("INSERT INTO q VALUES (1, 999, 1)");
    alter("ALTER TABLE q DROP CONSTRAINT q_c_check");
    exec("INSERT INTO q VALUES (2, 999, -1)");
    alter("ALTER TABLE ch DROP CONSTRAINT ch_p_id_fkey");
    exec("INSERT INTO ch VALUES (13, 999, 'orphan')");
    alter("ALTER TABLE q ADD CONSTRAINT q_ref_key UNIQUE (ref, c)");
    alter("ALTER TABLE q RENAME CONSTRAINT q_ref_key TO q_u");
    assertEquals(
        "q_u", one("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'q'"));
    alter("ALTER TABLE q DROP CONSTRAINT q_u");
    assertEquals(
        null, one("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'q'"));
    alter("ALTER TABLE q DROP CONSTRAINT IF EXISTS nothing_here");
    assertEquals(SqlState.UNDEFINED_OBJECT, refusal("ALTER TABLE q DROP CONSTRAINT nothing_here"));
    assertEquals(SqlState.FEATURE_NOT_SUPPORTED, refusal("ALTER TABLE q DROP CONSTRAINT q_pkey"));
    assertEquals(
        SqlState.DUPLICATE_OBJECT, refusal("ALTER TABLE p ADD CONSTRAINT p_pkey CHECK (1)"));
    assertSound();
  }

  @Test
  void dropColumnTakesTheIndexesAndConstraintsThatUseItAsPostgresDoes() throws SQLException {
    exec(
        "CREATE TABLE q (id INTEGER PRIMARY KEY, ref INTEGER, a INTEGER, b TEXT,"
            + " CONSTRAINT q_fk FOREIGN KEY (ref) REFERENCES p (id), CHECK (a > 0 AND id > 0))",
        "CREATE INDEX q_ref ON q (ref)",
        "CREATE INDEX q_ref_b ON q (b, ref)",
        "CREATE INDEX q_b ON q (b)",
        "INSERT INTO q VALUES (1, 1, 5, 'x')");
    assertThrows(SQLException.class, () -> exec("ALTER TABLE q DROP COLUMN ref"));
    assertFalse(TableChange.of("ALTER TABLE q DROP COLUMN ref").isPresent());
    alter("ALTER TABLE q DROP COLUMN ref CASCADE, DROP COLUMN IF EXISTS a");
    assertEquals(
        "CREATE TABLE q (id INTEGER PRIMARY KEY, b TEXT)",
        one("SELECT sql FROM sqlite_schema WHERE name = 'q'"));
    assertEquals(
        List.of("q_b"),
        rows("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'q'"));
    assertEquals("1|x", one("SELECT * FROM q"));
    assertEquals(SqlState.UNDEFINED_COLUMN, refusal("ALTER TABLE q DROP COLUMN a RESTRICT"));
    assertSound();
  }

  @Test
  void ifExistsFormsSkipWhatIsNotThere() throws SQLException {
    alter("ALTER TABLE IF EXISTS nope ALTER COLUMN x SET NOT NULL");
    assertEquals(SqlState.UNDEFINED_TABLE, refusal("ALTER TABLE nope ALTER COLUMN x DROP DEFAULT"));
    alter("ALTER TABLE p ADD COLUMN IF NOT EXISTS v TEXT, ADD COLUMN IF NOT EXISTS w TEXT");
    alter("ALTER TABLE p DROP COLUMN IF EXISTS gone, DROP COLUMN IF EXISTS w");
    assertEquals(
        List.of("id", "v", "n"), rows("SELECT name FROM pragma_table_info('p') ORDER BY cid"));
    assertEquals(
        SqlState.UNDEFINED_COLUMN, refusal("ALTER TABLE p ALTER COLUMN nope DROP DEFAULT"));
  }

  @Test
  void aFailedActionLeavesNothingOfTheStatementAndTheClientsRollbackUndoesASuccessfulOne()
      throws SQLException {
    String before = one("SELECT sql FROM sqlite_schema WHERE name = 'p'");
    assertEquals(
        SqlState.CHECK_VIOLATION,
        refusal("ALTER TABLE p ALTER COLUMN v TYPE TEXT, ADD CHECK (n > 100)"));
    assertEquals(before, one("SELECT sql FROM sqlite_schema WHERE name = 'p'"));
    exec("BEGIN");
    alter("ALTER TABLE p ALTER COLUMN n SET DEFAULT 9");
    exec("ROLLBACK");
    assertEquals(before, one("SELECT sql FROM sqlite_schema WHERE name = 'p'"));
    exec("INSERT INTO p (v) VALUES ('d')");
    assertEquals("null", one("SELECT n FROM p WHERE v = 'd'"));
    assertSound();
  }

  @Test
  void malformedStatementsAreRefusedWithASqlstateNeverAnException() throws SQLException {
    String full =
        "ALTER TABLE IF EXISTS main.p ALTER COLUMN v SET DATA TYPE TEXT USING (upper(v)),"
            + " ADD CONSTRAINT k CHECK (n > 0) NOT VALID, DROP CONSTRAINT IF EXISTS k,"
            + " RENAME CONSTRAINT a TO b, ADD COLUMN IF NOT EXISTS z INT DEFAULT (1)";
    for (int cut = 0; cut <= full.length(); cut++) {
      String sql = full.substring(0, cut);
      try {
        TableChange.of(sql).ifPresent(change -> {});
      } catch (SchemaChangeException e) {
        assertEquals(SqlState.SYNTAX_ERROR, e.state(), sql);
      }
    }
    for (String sql :
        List.of(
            "ALTER TABLE p ALTER COLUMN v TYPE",
            "ALTER TABLE p ADD CONSTRAINT",
            "ALTER TABLE p ADD CHECK (",
            "ALTER TABLE p ALTER COLUMN v SET DEFAULT ')",
            "ALTER TABLE p DROP CONSTRAINT 'x' y",
            "ALTER TABLE p ADD FOREIGN KEY () REFERENCES",
            "DROP TABLE , CASCADE",
            "DROP TABLE p.q.r CASCADE")) {
      try {
        TableChange.of(sql).ifPresent(change -> {});
      } catch (SchemaChangeException e) {
        assertEquals(SqlState.SYNTAX_ERROR, e.state(), sql);
      }
    }
    assertSound();
  }

  @Test
  void statementsSqliteRunsItselfAreLeftToIt() throws SQLException {
    assertFalse(TableChange.of("ALTER TABLE p ADD COLUMN x TEXT").isPresent());
    assertFalse(TableChange.of("ALTER TABLE p RENAME COLUMN v TO w").isPresent());
    assertFalse(TableChange.of("ALTER TABLE p DROP COLUMN n").isPresent());
    assertTrue(TableChange.of("ALTER TABLE p ADD COLUMN x TEXT, DROP COLUMN n").isPresent());
    assertEquals(
        SqlState.SYNTAX_ERROR,
        assertThrows(SchemaChangeException.class, () -> TableChange.of("ALTER TABLE p ALTER"))
            .state());
  }
}
