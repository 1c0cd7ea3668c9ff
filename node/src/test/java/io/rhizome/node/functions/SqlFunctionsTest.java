/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteConnection;

class SqlFunctionsTest {
  @TempDir Path data;

  private SQLiteConnection open(SqlFunctions functions) throws Exception {
    return new TenantStore(
            data,
            Synchronous.FULL,
            Duration.ofMillis(100),
            new TenantLockdown(TenantQuotas.DEFAULT),
            functions)
        .open(1, "acme");
  }

  private static SqlFunctions loaded() {
    return SqlFunctions.load(SqlFunctionsTest.class.getClassLoader());
  }

  private static Object one(SQLiteConnection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getObject(1);
    }
  }

  @Test
  void findsProvidersThroughServiceLoader() {
    assertEquals(
        List.of(
            "note_running",
            "reverse_text",
            "type_of_arg",
            "fail_with",
            "product",
            "fail_on_negative"),
        loaded().names());
  }

  @Test
  void registersScalarAndAggregateOnEveryConnection() throws Exception {
    SqlFunctions functions = loaded();
    for (int i = 0; i < 2; i++) {
      try (SQLiteConnection c = open(functions)) {
        assertEquals("cba", one(c, "select reverse_text('abc')"));
        assertEquals("cba", one(c, "select REVERSE_TEXT('abc')"));
        try (Statement s = c.createStatement()) {
          s.execute("create table if not exists t (g text, v integer)");
          s.execute("delete from t");
          s.execute("insert into t values ('a', 2), ('a', 3), ('b', 7), ('b', null)");
        }
        assertEquals(42, one(c, "select product(v) from t"));
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select g, product(v) from t group by g order by g")) {
          assertTrue(rs.next());
          assertEquals(6, rs.getLong(2), "each group gets its own accumulator");
          assertTrue(rs.next());
          assertEquals(7, rs.getLong(2));
        }
        assertEquals(1, one(c, "select product(v) from t where 0"), "no rows still finishes");
      }
    }
  }

  @Test
  void passesArgumentsInTheirStorageClass() throws Exception {
    try (SQLiteConnection c = open(loaded())) {
      assertEquals("Long", one(c, "select type_of_arg(1)"));
      assertEquals("Double", one(c, "select type_of_arg(1.5)"));
      assertEquals("String", one(c, "select type_of_arg('x')"));
      assertEquals("byte[]", one(c, "select type_of_arg(x'00')"));
      assertEquals("null", one(c, "select type_of_arg(null)"));
      assertEquals(null, one(c, "select reverse_text(null)"));
    }
  }

  @Test
  void aThrowingFunctionFailsTheStatementNotTheConnection() throws Exception {
    try (SQLiteConnection c = open(loaded())) {
      SQLException scalar =
          assertThrows(SQLException.class, () -> one(c, "select fail_with('boom')"));
      assertTrue(
          scalar.getMessage().contains("function fail_with failed: boom"), scalar.getMessage());
      try (Statement s = c.createStatement()) {
        s.execute("create table t (v integer)");
        s.execute("insert into t values (1), (-1), (2)");
      }
      SQLException aggregate =
          assertThrows(SQLException.class, () -> one(c, "select fail_on_negative(v) from t"));
      assertTrue(
          aggregate.getMessage().contains("function fail_on_negative failed: negative value -1"),
          aggregate.getMessage());
      SQLException overflow =
          assertThrows(
              SQLException.class,
              () ->
                  one(
                      c,
                      "select product(v) from (select 9223372036854775807 v union all select 2)"));
      assertTrue(
          overflow.getMessage().contains("function product failed: long overflow"),
          overflow.getMessage());
      assertEquals("cba", one(c, "select reverse_text('abc')"), "the connection still works");
    }
  }

  @Test
  void aResultOfNoStorageClassFailsTheStatement() throws Exception {
    SqlFunctions functions =
        SqlFunctions.of(List.of(SqlFunction.scalar("give_object", 0, args -> new Object())));
    try (SQLiteConnection c = open(functions)) {
      SQLException e = assertThrows(SQLException.class, () -> one(c, "select give_object()"));
      assertTrue(e.getMessage().contains("function give_object failed: returned a Object"));
    }
  }

  @Test
  void convertsJavaResultsToStorageClasses() throws Exception {
    SqlFunctions functions =
        SqlFunctions.of(
            List.of(
                SqlFunction.scalar("an_int", 0, args -> 7),
                SqlFunction.scalar("a_float", 0, args -> 0.5f),
                SqlFunction.scalar("a_bool", 0, args -> true),
                SqlFunction.scalar("a_blob", 0, args -> new byte[] {1, 2})));
    try (SQLiteConnection c = open(functions)) {
      assertEquals(7, one(c, "select an_int()"));
      assertEquals(0.5, one(c, "select a_float()"));
      assertEquals(1, one(c, "select a_bool()"));
      assertArrayEquals(new byte[] {1, 2}, (byte[]) one(c, "select a_blob()"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "upper",
        "LENGTH",
        "json_extract",
        "load_extension",
        "pragma_table_info",
        "pragma_mine",
        "sqlite_version2",
        "bad-name",
        "",
        "1abc"
      })
  void refusesNamesThatShadowOrEscapeTheLockedDownSurface(String name) {
    assertThrows(
        InvalidSqlFunctionException.class,
        () -> SqlFunctions.of(List.of(SqlFunction.scalar(name, 1, args -> null))));
  }

  @Test
  void refusesANameTheNodesCatalogDefines() {
    InvalidSqlFunctionException e =
        assertThrows(
            InvalidSqlFunctionException.class,
            () ->
                SqlFunctions.of(List.of(SqlFunction.scalar("format_type", 2, args -> null)))
                    .checkedAgainst(java.util.Set.of("format_type")));
    assertEquals(
        "custom SQL function \"format_type\" would shadow a function of the node's Postgres"
            + " catalog",
        e.getMessage());
  }

  @Test
  void refusesADuplicateNameInAnyCase() {
    InvalidSqlFunctionException e =
        assertThrows(
            InvalidSqlFunctionException.class,
            () ->
                SqlFunctions.of(
                    List.of(
                        SqlFunction.scalar("twice", 1, args -> null),
                        SqlFunction.aggregate("TWICE", 2, () -> null))));
    assertEquals("custom SQL function \"twice\" is defined more than once", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {-2, 128})
  void refusesAnArityOutsideSqlitesRange(int arity) {
    assertThrows(
        InvalidSqlFunctionException.class,
        () -> SqlFunctions.of(List.of(SqlFunction.scalar("f", arity, args -> null))));
  }
}
