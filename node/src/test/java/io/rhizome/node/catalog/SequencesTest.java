/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import io.rhizome.pgsql.Classifier;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * Sequences on real tenant connections: Postgres DDL translated as the gateway translates it, each
 * statement admitted by the lockdown, scripts run in one transaction as the node runs them.
 */
class SequencesTest {
  @TempDir Path data;

  private final TenantLockdown lockdown = new TenantLockdown(TenantQuotas.DEFAULT);
  private TenantStore store;
  private SQLiteConnection acme;

  @BeforeEach
  void open() throws Exception {
    store = new TenantStore(data, Synchronous.NORMAL, Duration.ofSeconds(1), lockdown);
    acme = store.open(1, "acme");
  }

  @AfterEach
  void close() throws SQLException {
    acme.close();
  }

  /** Runs a Postgres statement; the rows of its last statement, as text. */
  private List<List<String>> run(SQLiteConnection c, String postgres) throws SQLException {
    Classifier.Classification cl = Classifier.classify(postgres, TenantCatalogTest.SESSION);
    List<String> statements;
    if (cl instanceof Classifier.Translated t) {
      statements = List.of(t.sql());
    } else if (cl instanceof Classifier.PassThrough) {
      statements = List.of(postgres);
    } else if (cl instanceof Classifier.Script s) {
      statements = s.statements();
    } else {
      throw new AssertionError("not a node statement: " + cl);
    }
    boolean script = statements.size() > 1;
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      if (script) {
        s.execute("SAVEPOINT script");
      }
      try {
        for (String sql : statements) {
          assertEquals(Optional.empty(), lockdown.admit(c, sql), sql);
          rows.clear();
          if (s.execute(sql)) {
            try (ResultSet rs = s.getResultSet()) {
              int n = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                  row.add(rs.getString(i));
                }
                rows.add(row);
              }
            }
          }
        }
      } catch (SQLException e) {
        if (script) {
          s.execute("ROLLBACK TO script");
          s.execute("RELEASE script");
        }
        throw e;
      }
      if (script) {
        s.execute("RELEASE script");
      }
    }
    return rows;
  }

  private String one(String postgres) throws SQLException {
    return run(acme, postgres).get(0).get(0);
  }

  private String failure(String postgres) {
    return assertThrows(SQLException.class, () -> run(acme, postgres)).getMessage();
  }

  @Test
  void nextvalCountsFromStartByIncrementAndCurrvalRepeatsIt() throws Exception {
    run(acme, "CREATE SEQUENCE s START WITH 10 INCREMENT BY 5 CACHE 20");
    assertEquals("10", one("SELECT nextval('s')"));
    assertEquals("15", one("SELECT nextval('public.s'::regclass)"));
    assertEquals("15", one("SELECT currval('S')"));
    assertEquals("15", one("SELECT lastval()"));
    assertEquals("100", one("SELECT setval('s', 100)"));
    assertEquals("105", one("SELECT nextval('s')"));
    assertEquals("7", one("SELECT setval('s', 7, false)"));
    assertEquals("7", one("SELECT nextval('s')"));
  }

  @Test
  void theCountersAreKeptInTheTenantsFileAndSeenByItsOtherConnections() throws Exception {
    run(acme, "CREATE SEQUENCE s");
    assertEquals("1", one("SELECT nextval('s')"));
    try (SQLiteConnection other = store.open(1, "acme")) {
      assertTrue(
          assertThrows(SQLException.class, () -> run(other, "SELECT currval('s')"))
              .getMessage()
              .contains("currval of sequence \"s\" is not yet defined in this session"));
      assertEquals(List.of(List.of("2")), run(other, "SELECT nextval('s')"));
    }
    assertEquals("3", one("SELECT nextval('s')"));
  }

  /** A documented difference: Postgres never gives a value back. */
  @Test
  void aRolledBackTransactionGivesItsValuesBack() throws Exception {
    run(acme, "CREATE SEQUENCE s");
    run(acme, "BEGIN");
    assertEquals("1", one("SELECT nextval('s')"));
    run(acme, "ROLLBACK");
    assertEquals("1", one("SELECT nextval('s')"));
    run(acme, "BEGIN");
    run(acme, "CREATE SEQUENCE gone");
    run(acme, "ROLLBACK");
    assertTrue(failure("SELECT nextval('gone')").contains("relation \"gone\" does not exist"));
  }

  @Test
  void boundsAndCyclesAreThoseOfPostgres() throws Exception {
    run(acme, "CREATE SEQUENCE up MAXVALUE 2");
    run(acme, "CREATE SEQUENCE round MINVALUE 1 MAXVALUE 2 CYCLE");
    run(acme, "CREATE SEQUENCE down INCREMENT -1");
    one("SELECT nextval('up')");
    one("SELECT nextval('up')");
    assertTrue(
        failure("SELECT nextval('up')")
            .contains("nextval: reached maximum value of sequence \"up\" (2)"));
    assertEquals(
        List.of(List.of("1"), List.of("2"), List.of("1")),
        List.of(
            run(acme, "SELECT nextval('round')").get(0),
            run(acme, "SELECT nextval('round')").get(0),
            run(acme, "SELECT nextval('round')").get(0)));
    assertEquals("-1", one("SELECT nextval('down')"));
    assertEquals("-2", one("SELECT nextval('down')"));
    assertTrue(
        failure("SELECT setval('up', 3)")
            .contains("setval: value 3 is out of bounds for sequence \"up\" (1..2)"));
  }

  @Test
  void aMissingSequenceIsAnErrorAlsoWhenTheTenantHasNone() throws Exception {
    assertTrue(failure("DROP SEQUENCE nope").contains("sequence \"nope\" does not exist"));
    assertTrue(failure("ALTER SEQUENCE nope RESTART").contains("relation \"nope\" does not exist"));
    run(acme, "DROP SEQUENCE IF EXISTS nope");
    run(acme, "ALTER SEQUENCE IF EXISTS nope RESTART");
    assertTrue(failure("SELECT nextval('nope')").contains("relation \"nope\" does not exist"));
  }

  @Test
  void createDropAndAlterFailAndSucceedAsInPostgres() throws Exception {
    run(acme, "CREATE SEQUENCE s");
    assertTrue(failure("CREATE SEQUENCE s").contains("relation \"s\" already exists"));
    run(acme, "CREATE SEQUENCE IF NOT EXISTS s START 50");
    assertEquals("1", one("SELECT nextval('s')"));
    run(acme, "ALTER SEQUENCE s RESTART WITH 40 INCREMENT BY 2");
    assertEquals("40", one("SELECT nextval('s')"));
    assertEquals("42", one("SELECT nextval('s')"));
    run(acme, "ALTER SEQUENCE s RESTART");
    assertEquals("1", one("SELECT nextval('s')"));
    assertTrue(failure("ALTER SEQUENCE nope RESTART").contains("relation \"nope\" does not exist"));
    run(acme, "CREATE SEQUENCE t");
    assertTrue(failure("DROP SEQUENCE s, nope").contains("sequence \"nope\" does not exist"));
    assertEquals("3", one("SELECT nextval('s')"), "a failed DROP drops nothing");
    run(acme, "DROP SEQUENCE IF EXISTS s, t, nope");
    assertTrue(failure("SELECT nextval('s')").contains("relation \"s\" does not exist"));
    assertTrue(failure("SELECT nextval('t')").contains("relation \"t\" does not exist"));
    assertEquals(
        "Refused[error=io.rhizome.pgsql.SqlException: INCREMENT must not be zero]",
        Classifier.classify("CREATE SEQUENCE z INCREMENT 0", TenantCatalogTest.SESSION).toString());
  }

  @Test
  void aSerialColumnThatIsNotThePrimaryKeyTakesItsOwnSequence() throws Exception {
    run(acme, "CREATE TABLE orders (code text PRIMARY KEY, n serial, m bigint)");
    run(acme, "CREATE TABLE items (id int PRIMARY KEY, v int DEFAULT nextval('orders_n_seq'))");
    run(acme, "INSERT INTO orders (code, m) VALUES ('a', 1), ('b', 2)");
    run(acme, "INSERT INTO items (id) VALUES (1)");
    assertEquals(
        List.of(List.of("a", "1"), List.of("b", "2")),
        run(acme, "SELECT code, n FROM orders ORDER BY code"));
    assertEquals("3", one("SELECT v FROM items"));
    assertEquals("3", one("SELECT currval('orders_n_seq')"));
  }

  @Test
  void pgClassListsSequencesAndNotTheTableThatHoldsThem() throws Exception {
    assertEquals(List.of(), run(acme, "SELECT relname FROM pg_catalog.pg_class"));
    run(acme, "CREATE TABLE t (a int)");
    run(acme, "CREATE SEQUENCE s");
    run(acme, "CREATE SEQUENCE r");
    assertEquals(
        List.of(List.of("r", "S"), List.of("s", "S"), List.of("t", "r")),
        run(acme, "SELECT relname, relkind FROM pg_catalog.pg_class ORDER BY relname"));
    // SQLAlchemy's has_sequence().
    assertEquals(
        List.of(List.of("s")),
        run(
            acme,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'S' AND n.nspname = current_schema() AND c.relname = 's'"));
  }
}
