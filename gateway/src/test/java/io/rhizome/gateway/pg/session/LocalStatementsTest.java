/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.Extended;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session statements as the planner sends them to the gateway's settings. */
class LocalStatementsTest {
  private final SessionSettings settings = SessionSettings.forStartup("app", Map.of());

  /** A tenant's backend: the planner only asks what it speaks; nothing runs on it here. */
  static final StatementBackend TENANT =
      new StatementBackend() {
        @Override
        public void execute(List<String> statements) {
          throw new AssertionError("not run here");
        }

        @Override
        public void execute(Extended request) {
          throw new AssertionError("not run here");
        }

        @Override
        public void request() {}

        @Override
        public void close() {}
      };

  static LocalStatement.Result run(String sql, SessionSettings settings) {
    StatementPlanner.Planned p = StatementPlanner.plan(sql, TENANT, settings);
    if (p instanceof StatementPlanner.Failed f) {
      throw f.error();
    }
    return assertInstanceOf(StatementPlanner.Local.class, p, sql).statement().execute(settings);
  }

  private LocalStatement.Result run(String sql) {
    return run(sql, settings);
  }

  private static String tag(LocalStatement.Result r) {
    List<SessionResponse> responses = r.responses();
    return responses.get(responses.size() - 1).getCommandComplete().getTag();
  }

  private SqlState refusal(String sql) {
    return assertThrows(PgException.class, () -> run(sql), sql).error().state();
  }

  @Test
  void leavesOrdinarySqlToTheNode() {
    for (String sql : List.of("SELECT 1", "select version, 1", "INSERT INTO settings VALUES (1)")) {
      assertInstanceOf(
          StatementPlanner.Remote.class, StatementPlanner.plan(sql, TENANT, settings), sql);
    }
  }

  @Test
  void setsWithEqualsOrToAndQuotedOrBareValues() {
    assertEquals("SET", tag(run("SET search_path TO Public, 'My Schema'")));
    assertEquals("public, \"My Schema\"", settings.show("search_path"));
    assertEquals("SET", tag(run("set session extra_float_digits = -3")));
    assertEquals("-3", settings.show("extra_float_digits"));
    run("SET app.x = 1.5");
    assertEquals("1.5", settings.show("app.x"));
  }

  @Test
  void setLocalLastsUntilTheTransactionEndsAndIsReportedBack() {
    run("SET LOCAL application_name = 'outside'");
    assertEquals(
        "", settings.show("application_name"), "SET LOCAL outside a transaction does nothing");
    settings.transactionStatus(TxStatus.IN_TRANSACTION);
    LocalStatement.Result r = run("SET LOCAL application_name = 'inside'");
    assertEquals(List.of(new ParameterStatus("application_name", "inside")), r.reported());
    assertEquals("inside", settings.show("application_name"));
    assertEquals(
        List.of(new ParameterStatus("application_name", "")),
        settings.atReadyForQuery(TxStatus.IDLE));
    assertEquals("", settings.show("application_name"));
  }

  @Test
  void setsAndResetsTheTimeZone() {
    LocalStatement.Result r = run("SET TIME ZONE 'America/New_York'");
    assertEquals(List.of(new ParameterStatus("TimeZone", "America/New_York")), r.reported());
    r = run("SET TIME ZONE DEFAULT");
    assertEquals(List.of(new ParameterStatus("TimeZone", "UTC")), r.reported());
    assertEquals("RESET", tag(run("RESET TIME ZONE")));
  }

  @Test
  void setToDefaultResets() {
    run("SET application_name = 'x'");
    LocalStatement.Result r = run("SET application_name TO DEFAULT");
    assertEquals(List.of(new ParameterStatus("application_name", "")), r.reported());
  }

  @Test
  void valuesAreReadAsTheirParametersType() {
    run("SET statement_timeout = '30s'");
    assertEquals("30s", settings.show("statement_timeout"));
    run("SET statement_timeout = 60000");
    assertEquals("1min", settings.show("statement_timeout"));
    run("SET enable_seqscan = FALSE");
    assertEquals("off", settings.show("enable_seqscan"));
    run("SET bytea_output = 'ESCAPE'");
    assertEquals("escape", settings.show("bytea_output"));
    assertEquals(SqlState.INVALID_PARAMETER_VALUE, refusal("SET bytea_output = 'base64'"));
    assertEquals(SqlState.INVALID_PARAMETER_VALUE, refusal("SET extra_float_digits = 9"));
    assertEquals(SqlState.INVALID_PARAMETER_VALUE, refusal("SET enable_seqscan = maybe"));
  }

  @Test
  void unknownAndServerOnlyParametersAreRefusedAsPostgresRefusesThem() {
    assertEquals(SqlState.UNDEFINED_OBJECT, refusal("SET no_such_thing = 1"));
    assertEquals(SqlState.UNDEFINED_OBJECT, refusal("SHOW no_such_thing"));
    assertEquals(SqlState.CANT_CHANGE_RUNTIME_PARAM, refusal("SET max_connections = 5"));
    assertEquals(SqlState.CANT_CHANGE_RUNTIME_PARAM, refusal("SET server_version = '9'"));
    assertEquals(SqlState.INSUFFICIENT_PRIVILEGE, refusal("SHOW data_directory"));
    assertEquals("100", settings.show("max_connections"));
  }

  @Test
  void acceptsTransactionCharacteristicsWithoutEffect() {
    assertEquals(
        "SET",
        tag(run("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED")));
    assertEquals("SET", tag(run("SET TRANSACTION READ ONLY")));
    assertEquals("serializable", settings.show("transaction_isolation"));
  }

  @Test
  void acceptsWhatPoolsSendToResetASession() {
    assertEquals("CLOSE CURSOR ALL", tag(run("CLOSE ALL")));
    assertEquals("UNLISTEN", tag(run("UNLISTEN *")));
    assertEquals("DISCARD ALL", tag(run("DISCARD ALL")));
    assertEquals("RESET", tag(run("RESET ALL")));
  }

  @Test
  void showsAllSettingsWithTheirDescriptions() {
    LocalStatement.Result r = run("SHOW ALL");
    assertEquals(3, r.responses().get(0).getRowDescription().getColumnsCount());
    assertTrue(r.responses().get(1).getRows().getRowsCount() > 200);
    assertEquals("SHOW", tag(r));
  }

  @Test
  void reportsMalformedSessionStatementsAsSyntaxErrors() {
    for (String bad :
        List.of("SET", "SET x", "SET x =", "SET x = ,", "RESET", "SHOW", "SHOW a b")) {
      assertEquals(SqlState.SYNTAX_ERROR, refusal(bad), bad);
    }
  }
}
