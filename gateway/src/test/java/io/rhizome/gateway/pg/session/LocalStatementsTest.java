/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStatementsTest {
  private final SessionSettings settings = SessionSettings.forStartup("app", Map.of());

  private LocalStatement.Result run(String sql) {
    return LocalStatements.parse(SimpleQuery.significant(sql)).orElseThrow().execute(settings);
  }

  private static String tag(LocalStatement.Result r) {
    List<SessionResponse> responses = r.responses();
    return responses.get(responses.size() - 1).getCommandComplete().getTag();
  }

  @Test
  void leavesOrdinarySqlToTheNode() {
    assertTrue(LocalStatements.parse(SimpleQuery.significant("SELECT 1")).isEmpty());
    assertTrue(LocalStatements.parse(SimpleQuery.significant("select version(), 1")).isEmpty());
    assertTrue(
        LocalStatements.parse(SimpleQuery.significant("INSERT INTO settings VALUES (1)"))
            .isEmpty());
  }

  @Test
  void setsWithEqualsOrToAndQuotedOrBareValues() {
    assertEquals("SET", tag(run("SET search_path TO Public, 'My Schema'")));
    assertEquals("public, My Schema", settings.show("search_path"));
    assertEquals("SET", tag(run("set session extra_float_digits = -3")));
    assertEquals("-3", settings.show("extra_float_digits"));
    run("SET LOCAL app.x = 1.5");
    assertEquals("1.5", settings.show("app.x"));
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
  void acceptsTransactionCharacteristicsWithoutEffect() {
    assertEquals(
        "SET",
        tag(run("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED")));
    assertEquals("SET", tag(run("SET TRANSACTION READ ONLY")));
    assertEquals("serializable", settings.show("transaction_isolation"));
  }

  @Test
  void showsAllSettings() {
    LocalStatement.Result r = run("SHOW ALL");
    assertEquals(2, r.responses().get(0).getRowDescription().getColumnsCount());
    assertEquals("SHOW", tag(r));
  }

  @Test
  void reportsMalformedSessionStatementsAsSyntaxErrors() {
    for (String bad :
        List.of("SET", "SET x", "SET x =", "SET x = ,", "RESET", "SHOW", "SHOW a b")) {
      PgException e = assertThrows(PgException.class, () -> run(bad), bad);
      assertEquals(SqlState.SYNTAX_ERROR, e.error().state(), bad);
    }
  }
}
