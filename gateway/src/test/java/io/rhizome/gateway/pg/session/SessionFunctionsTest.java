/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.Column;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session functions and DISCARD, answered by the gateway. */
class SessionFunctionsTest {
  private final SessionSettings settings =
      SessionSettings.forStartup("app", Map.of("database", "acme"));

  private List<SessionResponse> run(String sql) {
    return LocalStatementsTest.run(sql, settings).responses();
  }

  private static Column column(List<SessionResponse> r) {
    return r.get(0).getRowDescription().getColumns(0);
  }

  private static Value value(List<SessionResponse> r) {
    return r.get(1).getRows().getRows(0).getValues(0);
  }

  @Test
  void answersVersionCurrentSchemaAndBackendPid() {
    settings.identify(4242);
    List<SessionResponse> pid = run("SELECT pg_backend_pid()");
    assertEquals(Results.column("pg_backend_pid", PgType.INT4), column(pid));
    assertEquals(4242, value(pid).getInteger());
    assertEquals("SELECT 1", pid.get(2).getCommandComplete().getTag());
    for (String sql : List.of("select current_schema()", "SELECT CURRENT_SCHEMA")) {
      List<SessionResponse> schema = run(sql);
      assertEquals("current_schema", column(schema).getName(), sql);
      assertEquals("public", value(schema).getText(), sql);
    }
    assertTrue(value(run("select pg_catalog.version()")).getText().startsWith("PostgreSQL 15.0"));
    assertEquals("{pg_catalog,public}", value(run("SELECT current_schemas(true)")).getText());
  }

  @Test
  void answersTheDatabaseAndTheUser() {
    for (String sql : List.of("select current_database()", "SELECT current_catalog")) {
      assertEquals("acme", value(run(sql)).getText(), sql);
    }
    assertEquals("current_catalog", column(run("SELECT current_catalog")).getName());
    for (String sql : List.of("select current_user", "SELECT SESSION_USER")) {
      assertEquals("app", value(run(sql)).getText(), sql);
    }
    assertEquals(
        "app",
        value(
                LocalStatementsTest.run(
                        "select current_database()", SessionSettings.forStartup("app", Map.of()))
                    .responses())
            .getText(),
        "the database defaults to the user's name");
  }

  @Test
  void takesAColumnAlias() {
    assertEquals("v", column(run("select version() as v")).getName());
    assertEquals("Pid", column(run("select pg_backend_pid() \"Pid\"")).getName());
  }

  @Test
  void setConfigAndCurrentSetting() {
    List<SessionResponse> r = run("SELECT set_config('search_path', 'public', false)");
    assertEquals("public", value(r).getText());
    assertEquals("public", value(run("SELECT current_setting('search_path')")).getText());
    assertTrue(value(run("SELECT current_setting('nope.x', true)")).getNull());
    PgException e = assertThrows(PgException.class, () -> run("SELECT current_setting('nope_x')"));
    assertEquals(SqlState.UNDEFINED_OBJECT, e.error().state());
    assertEquals("", value(run("SELECT pg_advisory_unlock_all()")).getText());
  }

  @Test
  void leavesEverythingElseToTheNode() {
    for (String sql :
        List.of(
            "select version(), 1",
            "select pg_backend_pid() from t",
            "select version",
            "select current_schema(1)",
            "select versions()",
            "select 'version()'")) {
      assertInstanceOf(
          StatementPlanner.Remote.class,
          StatementPlanner.plan(sql, LocalStatementsTest.TENANT, settings),
          sql);
    }
  }

  @Test
  void discardsPlansAndSequencesAndRefusesTemp() {
    assertEquals("DISCARD PLANS", run("discard plans").get(0).getCommandComplete().getTag());
    assertEquals(
        "DISCARD SEQUENCES", run("DISCARD SEQUENCES").get(0).getCommandComplete().getTag());
    PgException temp = assertThrows(PgException.class, () -> run("DISCARD TEMP"));
    assertEquals(SqlState.FEATURE_NOT_SUPPORTED, temp.error().state());
    PgException bad = assertThrows(PgException.class, () -> run("DISCARD everything"));
    assertEquals(SqlState.SYNTAX_ERROR, bad.error().state());
  }
}
