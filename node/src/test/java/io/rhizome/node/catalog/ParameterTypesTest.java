/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConnection;

/** Types of parameters the client left untyped, inferred on a real tenant connection. */
class ParameterTypesTest {
  private static final int INT8 = 20;
  private static final int INT4 = 23;
  private static final int TEXT = 25;
  private static final int NUMERIC = 1700;
  private static final int DATE = 1082;
  private static final int BOOL = 16;

  @TempDir Path data;
  private final TenantLockdown lockdown = new TenantLockdown(TenantQuotas.DEFAULT);
  private TenantStore store;
  private SQLiteConnection acme;

  @BeforeEach
  void schema() throws Exception {
    store =
        new TenantStore(
            data,
            Synchronous.NORMAL,
            Duration.ofSeconds(1),
            new TenantLockdown(TenantQuotas.DEFAULT));
    acme = store.open(1, "acme");
    try (Statement s = acme.createStatement()) {
      s.execute("CREATE TABLE authors (id BIGINT PRIMARY KEY, name TEXT NOT NULL, born DATE)");
      s.execute(
          "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id BIGINT, title VARCHAR(200),"
              + " price NUMERIC(10,2), published BOOLEAN)");
    }
  }

  @AfterEach
  void close() throws Exception {
    acme.close();
  }

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT * FROM books WHERE id = ?1", new int[] {INT8}),
        Arguments.of("SELECT * FROM books b WHERE ?1 < b.price", new int[] {NUMERIC}),
        Arguments.of(
            "INSERT INTO authors (id, name, born) VALUES (?1, ?2, ?3)",
            new int[] {INT8, TEXT, DATE}),
        Arguments.of(
            "SELECT title FROM books WHERE title IN (?1, ?2) AND published = ?3",
            new int[] {TEXT, TEXT, BOOL}),
        Arguments.of(
            "SELECT * FROM books WHERE price BETWEEN ?1 AND ?2", new int[] {NUMERIC, NUMERIC}),
        Arguments.of("SELECT CAST(?1 AS INT4)", new int[] {INT4}),
        Arguments.of("SELECT CAST(?1 AS TEXT_ARRAY_1028)", new int[] {1028}),
        Arguments.of("SELECT * FROM books LIMIT ?1 OFFSET ?2", new int[] {INT8, INT8}),
        // A catalog view's column (asyncpg looks types up by OID with an untyped parameter).
        Arguments.of("SELECT t.typname FROM pg_type AS t WHERE t.oid = ?1", new int[] {26}),
        Arguments.of(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ?1 AND c.relkind = ?2",
            new int[] {19, 18}),
        // Nothing to read the type off: unknown, which the node describes as text.
        Arguments.of("SELECT ?1, upper(?2)", new int[] {0, 0}),
        Arguments.of("SELECT * FROM nowhere WHERE x = ?1", new int[] {0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void readsTheTypeOffTheColumnAParameterMeets(String sql, int[] expected) throws Exception {
    // The lockdown creates the catalog views a statement names before it is prepared.
    assertEquals(Optional.empty(), lockdown.admit(acme, sql));
    assertArrayEquals(expected, ParameterTypes.infer(acme, sql, expected.length));
    // A second call is answered from the connection's cache, with the same answer.
    assertArrayEquals(expected, ParameterTypes.infer(acme, sql, expected.length));
  }

  /**
   * Inference inside the client's transaction must not start its read snapshot: another session's
   * commit would then make the transaction's first write fail as busy (pgbench's BEGIN; UPDATE ...
   * in the extended protocol did).
   */
  @Test
  void inferenceInsideATransactionTakesNoSnapshotThatWouldFailItsWrite() throws Exception {
    try (SQLiteConnection other = store.open(1, "acme");
        Statement mine = acme.createStatement();
        Statement theirs = other.createStatement()) {
      mine.execute("BEGIN");
      assertArrayEquals(
          new int[] {NUMERIC, INT8},
          ParameterTypes.infer(acme, "UPDATE books SET price = ?1 WHERE id = ?2", 2));
      theirs.execute("INSERT INTO authors (id, name) VALUES (1, 'Ada')");
      assertEquals(0, mine.executeUpdate("UPDATE books SET price = 1 WHERE id = 7"));
      mine.execute("COMMIT");
    }
  }
}
