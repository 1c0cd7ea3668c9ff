/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rhizome.node.store.TenantQuotas;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Isolation and quotas of a tenant session, through the node's real session stream. */
class NodeLockdownTest extends NodeFixture {
  private static final long MAX_BYTES = 256 * 1024;
  private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(300);

  /** Counts to a billion: minutes of work without a time limit. */
  private static final String ENDLESS =
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  private static final String REFUSED = "error " + SqlState.INSUFFICIENT_PRIVILEGE.code();

  @Override
  TenantQuotas quotas() {
    return new TenantQuotas(MAX_BYTES, STATEMENT_TIMEOUT);
  }

  @Test
  void refusesAttachOfAnotherTenantsFileWithoutNamingAPath() throws Exception {
    SessionClient victim = session("victim");
    victim.query("create table secrets (s text)", "insert into secrets values ('x')");
    SessionClient attacker = session("attacker");
    for (String attach :
        List.of(
            "attach '"
                + data.resolve("shards")
                + "/"
                + tenant("victim").getShard()
                + "/victim.db'"
                + " as v",
            "attach '../" + tenant("victim").getShard() + "/victim.db' as v",
            "attach 'file:victim.db?mode=ro' as v",
            "attach '/etc/passwd' as p",
            "attach ':memory:' as m")) {
      List<SessionResponse> answer = attacker.query(attach);
      assertEquals(List.of(REFUSED, "ready IDLE"), describe(answer), attach);
      assertFalse(answer.get(0).getError().getMessage().contains("/"), attach);
    }
  }

  @Test
  void refusesVacuumIntoAndRunsPlainVacuum() throws Exception {
    SessionClient client = session("acme");
    List<Path> before = files();
    List<SessionResponse> into = client.query("vacuum into '" + data.resolve("copy.db") + "'");
    assertEquals(List.of(REFUSED, "ready IDLE"), describe(into));
    assertFalse(into.get(0).getError().getMessage().contains(data.toString()));
    assertEquals(List.of("VACUUM", "ready IDLE"), describe(client.query("vacuum")));
    assertEquals(before, files());
  }

  @Test
  void refusesPragmasThatReachOutsideTheFileInsideATransactionToo() throws Exception {
    SessionClient client = session("acme");
    assertEquals(
        List.of("BEGIN", REFUSED, "ready FAILED"),
        describe(client.query("begin", "pragma temp_store_directory = '/tmp'")));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(client.query("rollback")));
    assertEquals(
        List.of(REFUSED, "ready IDLE"),
        describe(client.query("select * from pragma_database_list")));
    assertEquals(
        List.of("columns journal_mode:TEXT", "rows 1", "SELECT 1", "ready IDLE"),
        describe(client.query("pragma journal_mode")));
  }

  @Test
  void fullDatabaseIs53100AndTheTenantStaysReadable() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a blob)", "insert into t values (x'01')");
    List<SessionResponse> full =
        client.query(
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 200)"
                + " insert into t select randomblob(4000) from c");
    assertEquals(List.of("error " + SqlState.DISK_FULL.code(), "ready IDLE"), describe(full));
    assertEquals(
        List.of(REFUSED, "ready IDLE"), describe(client.query("pragma max_page_count = 100000")));
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(client.query("select count(*) from t")));
    assertEquals(List.of("DELETE 1", "ready IDLE"), describe(client.query("delete from t")));
  }

  @Test
  void statementPastTheTimeLimitIs57014AndTheSessionGoesOn() throws Exception {
    SessionClient client = session("acme");
    List<SessionResponse> answer = client.query(ENDLESS);
    assertEquals(
        List.of("error " + SqlState.QUERY_CANCELED.code(), "ready IDLE"), describe(answer));
    assertEquals(
        "canceling statement due to statement timeout", answer.get(0).getError().getMessage());
    assertEquals(
        List.of("columns one:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(client.query("select 1 as one")));
  }

  @Test
  void statementTimeoutInsideATransactionFailsTheTransaction() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "error " + SqlState.QUERY_CANCELED.code(), "ready FAILED"),
        describe(client.query("begin", "insert into t values (1)", ENDLESS)));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(client.query("rollback")));
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(client.query("select count(*) from t")));
  }

  /** Every file under the data directory except the metadata store's. */
  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("meta.db"))
          .sorted()
          .toList();
    }
  }
}
