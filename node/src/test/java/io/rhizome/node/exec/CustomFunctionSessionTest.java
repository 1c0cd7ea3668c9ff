/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.node.functions.SqlFunctions;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.SessionResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom SQL functions (test provider: ExampleFunctions) as a client's session sees them. */
class CustomFunctionSessionTest {
  @TempDir Path data;
  private TenantSession session;
  private final RecordingOutbound out = new RecordingOutbound();

  @BeforeEach
  void open() throws Exception {
    TenantStore store =
        new TenantStore(
            data,
            Synchronous.FULL,
            Duration.ofMillis(100),
            new TenantLockdown(TenantQuotas.DEFAULT),
            SqlFunctions.load(getClass().getClassLoader()));
    session =
        new TenantSession(
            store.open(1, "acme"), new SqliteErrors(data.toString()), () -> {}, store.lockdown());
  }

  @AfterEach
  void close() {
    session.close();
  }

  private List<SessionResponse> run(String... statements) throws FencedException {
    session.start(List.of(statements));
    assertTrue(session.advance(out));
    return out.drain();
  }

  @Test
  void aThrowingFunctionIsADataExceptionAndTheSessionGoesOn() throws Exception {
    List<SessionResponse> failed = run("select fail_with('boom')");
    assertEquals("function fail_with failed: boom", failed.get(0).getError().getMessage());
    assertEquals(List.of("error 22000", "ready IDLE"), describe(failed));
    assertEquals("function fail_with failed: boom", failed.get(0).getError().getMessage());

    run("create table t (v integer)", "insert into t values (2), (-3)");
    List<SessionResponse> aggregate = run("select fail_on_negative(v) from t");
    assertEquals(List.of("error 22000", "ready IDLE"), describe(aggregate));
    assertEquals(
        "function fail_on_negative failed: negative value -3",
        aggregate.get(0).getError().getMessage());

    List<SessionResponse> ok = run("select reverse_text('abc') as r, (select product(v) from t)");
    assertEquals(
        List.of(
            "columns r:TEXT,(select product(v) from t):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(ok));
    assertEquals("cba", ok.get(1).getRows().getRows(0).getValues(0).getText());
    assertEquals(-6, ok.get(1).getRows().getRows(0).getValues(1).getInteger());
  }

  @Test
  void aFailureInsideATransactionFailsOnlyThatTransaction() throws Exception {
    run("create table t (v integer)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "error 22000", "ready FAILED"),
        describe(run("begin", "insert into t values (1)", "select fail_with('x')")));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(run("rollback")));
    assertEquals(
        List.of("columns count(*):INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(run("select count(*) from t")));
  }
}
