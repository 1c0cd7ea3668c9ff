/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.Severity;
import io.rhizome.proto.SqlState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {
  private final SessionSettings settings =
      SessionSettings.forStartup(
          "app", Map.of("user", "app", "TimeZone", "Europe/Berlin", "client_encoding", "utf-8"));

  private static SqlState refusal(Runnable r) {
    return assertThrows(PgException.class, r::run).error().state();
  }

  @Test
  void startupValuesBecomeTheDefaultsThatResetReturnsTo() {
    assertEquals("Europe/Berlin", settings.show("timezone"));
    assertEquals("UTF8", settings.show("CLIENT_ENCODING"));
    settings.set("TimeZone", "UTC");
    assertEquals(
        Optional.of(new ParameterStatus("TimeZone", "Europe/Berlin")), settings.reset("timezone"));
  }

  @Test
  void reportsOnlyReportedSettings() {
    assertEquals(
        Optional.of(new ParameterStatus("application_name", "x")),
        settings.set("application_name", "x"));
    assertEquals(Optional.empty(), settings.set("extra_float_digits", "3"));
    assertEquals(Optional.empty(), settings.set("myapp.tenant", "7"));
    assertEquals("7", settings.show("myapp.tenant"));
  }

  @Test
  void normalizesIsoDateStylesAndRefusesOthers() {
    assertEquals(
        Optional.of(new ParameterStatus("DateStyle", "ISO, DMY")),
        settings.set("datestyle", "iso, dmy"));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, refusal(() -> settings.set("DateStyle", "German")));
  }

  @Test
  void refusesWhatRhizomeCannotHonour() {
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE, refusal(() -> settings.set("client_encoding", "LATIN1")));
    assertEquals(
        SqlState.INVALID_PARAMETER_VALUE,
        refusal(() -> settings.set("standard_conforming_strings", "off")));
    assertEquals(
        SqlState.CANT_CHANGE_RUNTIME_PARAM, refusal(() -> settings.set("server_version", "9")));
    assertEquals(SqlState.CANT_CHANGE_RUNTIME_PARAM, refusal(() -> settings.reset("is_superuser")));
  }

  @Test
  void refusesBadStartupValuesAsFatal() {
    PgException e =
        assertThrows(
            PgException.class,
            () -> SessionSettings.forStartup("u", Map.of("client_encoding", "WIN1252")));
    assertEquals(Severity.FATAL, e.error().severity());
    assertEquals(SqlState.INVALID_PARAMETER_VALUE, e.error().state());
  }

  @Test
  void readsEncodingNamesAsPostgresDoesWithoutCaseOrPunctuation() {
    // asyncpg sends the value quoted, as it would be in a SET.
    for (String name : List.of("'utf-8'", "UTF8", "utf_8", "Unicode")) {
      assertEquals(
          "UTF8",
          SessionSettings.forStartup("u", Map.of("client_encoding", name)).show("client_encoding"),
          name);
    }
  }

  @Test
  void servesSqlAsciiClientsAsUtf8() {
    assertEquals(
        "UTF8",
        SessionSettings.forStartup("u", Map.of("client_encoding", "SQL_ASCII"))
            .show("client_encoding"));
  }

  @Test
  void resetAllReportsChangedSettingsAndDropsCustomOnes() {
    settings.set("application_name", "x");
    settings.set("custom.a", "1");
    List<ParameterStatus> changed = settings.resetAll();
    assertEquals(List.of(new ParameterStatus("application_name", "")), changed);
    assertEquals(SqlState.UNDEFINED_OBJECT, refusal(() -> settings.show("custom.a")));
  }

  @Test
  void boundsTheNumberOfSettings() {
    PgException e =
        assertThrows(
            PgException.class,
            () -> {
              for (int i = 0; i <= SessionSettings.MAX_SETTINGS; i++) {
                settings.set("custom.s" + i, "v");
              }
            });
    assertEquals(SqlState.PROGRAM_LIMIT_EXCEEDED, e.error().state());
    long custom = settings.all().stream().filter(row -> row.get(0).startsWith("custom.")).count();
    assertTrue(custom <= SessionSettings.MAX_SETTINGS, "custom settings: " + custom);
  }
}
