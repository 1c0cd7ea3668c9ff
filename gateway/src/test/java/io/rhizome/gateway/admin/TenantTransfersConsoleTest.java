/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.gateway.auth.ScramVerifiers;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SHOW TENANTS in pages, IMPORT TENANTS and EXPORT TENANTS against a real embedded topology: the
 * rows ctl tenant list|import|export rely on.
 */
@Timeout(60)
class TenantTransfersConsoleTest extends ConsoleFixture {
  /** PostgreSQL 15's pg_authid.rolpassword of CREATE ROLE bob PASSWORD 'hunter2'. */
  static final String HUNTER2 =
      "SCRAM-SHA-256$4096:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998="
          + ":qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=";

  @BeforeEach
  void oneNode() {
    register("n1");
  }

  @Test
  void showTenantsPagesByNameWithAPrefix() {
    for (String name : List.of("b", "a3", "a1", "a2", "c")) {
      ok("CREATE TENANT " + name + " USER app PASSWORD 'pw'");
    }

    assertEquals(List.of("a1", "a2", "a3", "b", "c"), names(ok("SHOW TENANTS")));
    assertEquals(List.of("a1", "a2"), names(ok("SHOW TENANTS LIMIT 2")));
    assertEquals(List.of("a3", "b"), names(ok("show tenants after 'a2' limit 2")));
    assertEquals(List.of("a2", "a3"), names(ok("SHOW TENANTS PREFIX 'a' AFTER 'a1'")));
    assertEquals(List.of(), names(ok("SHOW TENANTS PREFIX 'z'")));
    assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), run("SHOW TENANTS LIMIT 0").error());
    assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), run("SHOW TENANTS PREFIX 'A/'").error());
    assertEquals(SqlState.SYNTAX_ERROR.code(), run("SHOW TENANTS LIMIT 2 PREFIX 'a'").error());
    assertEquals(5, ok("SHOW STATUS").rows().get(0).get("tenants").getInteger());
  }

  @Test
  void importCreatesTenantsFromPasswordsAndStoredSecretsAndIsIdempotent() throws Exception {
    String rows =
        "('acme', 'app', 's3cret'), ('acme', 'bob', '"
            + HUNTER2
            + "'), ('globex', 'app', '"
            + HUNTER2
            + "'), ('Bad', 'app', 'pw'), ('initech', 'app', 'md5"
            + "0123456789abcdef0123456789abcdef'), ('hooli', 'app', 'SCRAM-SHA-256$1:x$y:z')";

    Answer first = ok("IMPORT TENANTS VALUES " + rows);

    assertEquals(
        List.of("created", "created", "created", "invalid", "invalid", "invalid"),
        column(first, "outcome"));
    assertTrue(detail(first, 4).contains("md5"), detail(first, 4));
    assertTrue(detail(first, 5).startsWith("malformed SCRAM-SHA-256 verifier"), detail(first, 5));
    assertFalse(detail(first, 5).contains("$1:x"), "the secret is not echoed");
    TenantRecord acme = topology.tenant("acme").orElseThrow();
    assertEquals(2, acme.getUsersCount());
    assertTrue(ScramVerifiers.matches(acme.getUsers(0).getScram(), "s3cret"));
    assertTrue(ScramVerifiers.matches(acme.getUsers(1).getScram(), "hunter2"));
    assertEquals(List.of("acme", "globex"), names(ok("SHOW TENANTS")));

    Answer again = ok("IMPORT TENANTS VALUES " + rows + ", ('globex', 'ro', 'pw2')");
    assertEquals(
        List.of("exists", "exists", "exists", "invalid", "invalid", "invalid", "added"),
        column(again, "outcome"));
    assertEquals(
        2, topology.tenant("globex").orElseThrow().getUsersCount(), "ro added, app unchanged");
  }

  @Test
  void exportWritesWhatImportTakesBack() throws Exception {
    ok("IMPORT TENANTS VALUES ('acme', 'app', 's3cret'), ('acme', 'bob', '" + HUNTER2 + "')");
    ok("CREATE TENANT beta USER app PASSWORD 'pw'");

    Answer exported = ok("EXPORT TENANTS");

    assertEquals(List.of("tenant", "user", "password"), exported.columns());
    assertEquals(List.of("acme", "acme", "beta"), column(exported, "tenant"));
    assertEquals(HUNTER2, exported.rows().get(1).get("password").getText());
    assertTrue(exported.rows().get(0).get("password").getText().startsWith("SCRAM-SHA-256$4096:"));
    assertEquals(List.of("beta"), column(ok("EXPORT TENANTS AFTER 'acme' LIMIT 1"), "tenant"));

    // Dropped and imported back from the export, the users keep their passwords.
    topology.dropTenant("acme"); // no node runs here to take the files
    StringBuilder back = new StringBuilder("IMPORT TENANTS VALUES ");
    for (int i = 0; i < exported.rows().size(); i++) {
      Map<String, Value> row = exported.rows().get(i);
      back.append(i == 0 ? "" : ", ")
          .append("('")
          .append(row.get("tenant").getText())
          .append("', '")
          .append(row.get("user").getText())
          .append("', '")
          .append(row.get("password").getText())
          .append("')");
    }
    assertEquals(List.of("created", "created", "exists"), column(ok(back.toString()), "outcome"));
    TenantRecord acme = topology.tenant("acme").orElseThrow();
    assertTrue(ScramVerifiers.matches(acme.getUsers(0).getScram(), "s3cret"));
    assertTrue(ScramVerifiers.matches(acme.getUsers(1).getScram(), "hunter2"));
  }

  @Test
  void createUserAcceptsAVerifierAndRefusesAMalformedOne() throws Exception {
    ok("CREATE TENANT acme USER app PASSWORD 'pw'");
    ok("CREATE USER bob IN TENANT acme PASSWORD '" + HUNTER2 + "'");
    assertTrue(
        ScramVerifiers.matches(
            topology.tenant("acme").orElseThrow().getUsers(1).getScram(), "hunter2"));

    Answer bad = run("ALTER USER bob IN TENANT acme PASSWORD 'SCRAM-SHA-256$4096:AA==$AA==:AA=='");
    assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), bad.error());
    Answer md5 =
        run("CREATE USER eve IN TENANT acme PASSWORD 'md50123456789abcdef0123456789abcdef'");
    assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), md5.error());
  }

  private static List<String> names(Answer answer) {
    return column(answer, "name");
  }

  private static List<String> column(Answer answer, String column) {
    return answer.rows().stream().map(r -> r.get(column).getText()).toList();
  }

  private static String detail(Answer answer, int row) {
    return answer.rows().get(row).get("detail").getText();
  }
}
