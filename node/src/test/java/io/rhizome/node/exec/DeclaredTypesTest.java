/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The types table of DESIGN.md §5 against real SQLite: a column declared as written, one value
 * stored through SQLite's affinity rules, and the Postgres type and value the client is sent.
 */
class DeclaredTypesTest {
  @TempDir Path data;
  private TenantStore store;
  private TenantSession session;
  private final RecordingOutbound out = new RecordingOutbound();

  @BeforeEach
  void open() throws Exception {
    store = TestStores.open(data, Duration.ofMillis(100));
    session =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, store.lockdown());
  }

  @AfterEach
  void close() {
    session.close();
  }

  private List<SessionResponse> run(String... statements) throws FencedException {
    return run(session, statements);
  }

  private List<SessionResponse> run(TenantSession on, String... statements) throws FencedException {
    on.start(List.of(statements));
    assertTrue(on.advance(out));
    return out.drain();
  }

  /**
   * Runs a select as Values and again on a session that sends encoded rows (a cluster gateway's),
   * which types its first batch as it reads it into bytes: both must describe and read the same.
   */
  private List<SessionResponse> select(String select) throws Exception {
    List<SessionResponse> listed = run(select);
    TenantSession encodedSession = EncodedSessions.acme(store, data, store.lockdown());
    try {
      List<SessionResponse> encoded = run(encodedSession, select);
      assertEquals(listed.get(0), encoded.get(0), "the description of " + select);
      assertEquals(
          listed.get(1).getRows().getRowsList(),
          EncodedRows.rows(encoded.get(1).getRows()),
          "the rows of " + select);
    } finally {
      encodedSession.close();
    }
    return listed;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // declared type, stored literal, expected type, expected value ("kind:text")
        Arguments.of("VARCHAR(20)", "'hello'", PgType.TEXT, "text:hello"),
        Arguments.of("VARCHAR(20)", "42", PgType.TEXT, "text:42"),
        Arguments.of("BIGINT", "42", PgType.INT8, "integer:42"),
        Arguments.of("BIGINT", "'42'", PgType.INT8, "integer:42"),
        Arguments.of("BIGINT", "'abc'", PgType.TEXT, "text:abc"),
        Arguments.of("INTEGER", "1.5", PgType.TEXT, "real:1.5"),
        Arguments.of("INTEGER", "x'00ff'", PgType.TEXT, "blob:00ff"),
        Arguments.of("INT4", "4000000000", PgType.TEXT, "integer:4000000000"),
        Arguments.of("INT2", "7", PgType.INT2, "integer:7"),
        Arguments.of("DOUBLE PRECISION", "1.5", PgType.FLOAT8, "real:1.5"),
        Arguments.of("DOUBLE PRECISION", "2", PgType.FLOAT8, "real:2.0"),
        Arguments.of("DOUBLE PRECISION", "'n/a'", PgType.TEXT, "text:n/a"),
        Arguments.of("BOOLEAN", "1", PgType.BOOL, "integer:1"),
        Arguments.of("BOOLEAN", "'yes'", PgType.BOOL, "text:yes"),
        Arguments.of("BOOLEAN", "2", PgType.TEXT, "integer:2"),
        Arguments.of("BOOLEAN", "'maybe'", PgType.TEXT, "text:maybe"),
        Arguments.of("DATE", "'2024-02-29'", PgType.DATE, "text:2024-02-29"),
        Arguments.of("DATE", "'not a date'", PgType.TEXT, "text:not a date"),
        Arguments.of("DATE", "'2023-02-29'", PgType.TEXT, "text:2023-02-29"),
        Arguments.of("DATE", "'2024-01-02T03:04:05'", PgType.TEXT, "text:2024-01-02T03:04:05"),
        Arguments.of(
            "TIMESTAMP WITH TIME ZONE",
            "'2024-01-02 03:04:05.123+02'",
            PgType.TIMESTAMPTZ,
            "text:2024-01-02 03:04:05.123+02"),
        Arguments.of(
            "TIMESTAMP WITH TIME ZONE", "1700000000", PgType.TIMESTAMPTZ, "integer:1700000000"),
        Arguments.of("TIMESTAMP WITH TIME ZONE", "'yesterday'", PgType.TEXT, "text:yesterday"),
        Arguments.of("TIMESTAMP", "'2024-01-02 25:00:00'", PgType.TEXT, "text:2024-01-02 25:00:00"),
        Arguments.of("NUMERIC(10,2)", "9.99", PgType.NUMERIC, "real:9.99"),
        Arguments.of("NUMERIC(10,2)", "'12'", PgType.NUMERIC, "integer:12"),
        Arguments.of("NUMERIC(10,2)", "'ten'", PgType.TEXT, "text:ten"),
        Arguments.of(
            "UUID",
            "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
            PgType.UUID,
            "text:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        Arguments.of("UUID", "'not-a-uuid'", PgType.TEXT, "text:not-a-uuid"),
        Arguments.of(
            "UUID",
            "x'a0eebc999c0b4ef8bb6d6bb9bd380a11'",
            PgType.UUID,
            "blob:a0eebc999c0b4ef8bb6d6bb9bd380a11"),
        Arguments.of("UUID", "x'a0ee'", PgType.TEXT, "blob:a0ee"),
        Arguments.of("UUID", "7", PgType.TEXT, "integer:7"),
        Arguments.of("DATE", "2460000.5", PgType.DATE, "real:2460000.5"),
        Arguments.of("DATE", "1e12", PgType.TEXT, "integer:1000000000000"),
        Arguments.of("DATE", "1e300", PgType.TEXT, "real:1.0E300"),
        Arguments.of("DATE", "x'01'", PgType.TEXT, "blob:01"),
        Arguments.of("BOOLEAN", "0.5", PgType.TEXT, "real:0.5"),
        Arguments.of("JSON", "'{\"a\": 1}'", PgType.JSON, "text:{\"a\": 1}"),
        Arguments.of("JSON", "x'01'", PgType.TEXT, "blob:01"),
        Arguments.of("BLOB", "x'01'", PgType.BYTEA, "blob:01"),
        Arguments.of("BYTEA", "'text'", PgType.BYTEA, "text:text"),
        Arguments.of("BYTEA", "1", PgType.TEXT, "integer:1"),
        Arguments.of("OID", "-1", PgType.TEXT, "integer:-1"),
        Arguments.of("", "x'01'", PgType.BYTEA, "blob:01"),
        Arguments.of("", "1.5", PgType.FLOAT8, "real:1.5"),
        Arguments.of("", "7", PgType.INT8, "integer:7"),
        Arguments.of("", "'x'", PgType.TEXT, "text:x"),
        Arguments.of("", "NULL", PgType.TEXT, "null:"),
        Arguments.of("BIGINT", "NULL", PgType.INT8, "null:"));
  }

  @ParameterizedTest(name = "{0} holding {1} -> {2}")
  @MethodSource("cases")
  void typesAStoredValueByDeclarationUnlessItDoesNotFit(
      String declared, String literal, PgType type, String value) throws Exception {
    run("create table t (v " + declared + ")", "insert into t values (" + literal + ")");
    List<SessionResponse> responses = select("select v from t");
    assertEquals(type, responses.get(0).getRowDescription().getColumns(0).getType());
    assertEquals(value, show(responses.get(1).getRows().getRows(0).getValues(0)));
  }

  @Test
  void oneMisfitInTheFirstBatchTypesTheWholeColumnText() throws Exception {
    run(
        "create table t (id integer primary key, n bigint, d date)",
        "insert into t (n, d) values (1, '2024-01-01'), (2, '2024-01-02'), ('three', 'soon')");
    List<SessionResponse> responses = select("select n, d from t order by id");
    assertEquals(PgType.TEXT, responses.get(0).getRowDescription().getColumns(0).getType());
    assertEquals(PgType.TEXT, responses.get(0).getRowDescription().getColumns(1).getType());
    List<String> shown = new ArrayList<>();
    responses.get(1).getRows().getRowsList().forEach(r -> shown.add(show(r.getValues(0))));
    assertEquals(List.of("integer:1", "integer:2", "text:three"), shown);
    List<SessionResponse> fitting = select("select n, d from t where id < 3");
    assertEquals(PgType.INT8, fitting.get(0).getRowDescription().getColumns(0).getType());
    assertEquals(PgType.DATE, fitting.get(0).getRowDescription().getColumns(1).getType());
  }

  @Test
  void expressionColumnsTakeTheTypeAllTheirValuesShare() throws Exception {
    assertEquals(PgType.INT8, type(select("select 1 union all select 2")));
    assertEquals(PgType.FLOAT8, type(select("select 1 union all select 2.5")));
    assertEquals(PgType.FLOAT8, type(select("select 2.5 union all select 1")));
    assertEquals(PgType.TEXT, type(select("select 1 union all select 'a'")));
    assertEquals(PgType.TEXT, type(select("select 'a' union all select 1")));
    assertEquals(PgType.BYTEA, type(select("select x'00' union all select null")));
    assertEquals(PgType.TEXT, type(select("select x'00' union all select 1.5")));
    assertEquals(PgType.INT8, type(select("select null union all select 3")));
    assertEquals(PgType.TEXT, type(select("select null")));
  }

  private static PgType type(List<SessionResponse> responses) {
    return responses.get(0).getRowDescription().getColumns(0).getType();
  }

  private static String show(Value v) {
    return switch (v.getKindCase()) {
      case INTEGER -> "integer:" + v.getInteger();
      case REAL -> "real:" + v.getReal();
      case TEXT -> "text:" + v.getText();
      case BLOB -> "blob:" + java.util.HexFormat.of().formatHex(v.getBlob().toByteArray());
      default -> "null:";
    };
  }
}
