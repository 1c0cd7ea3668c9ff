/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rhizome.node.metrics.NodeMeters;
import io.rhizome.node.rpc.Figures;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantActivity;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.TenantStatsOrder;
import io.rhizome.proto.TenantStatsRequest;
import io.rhizome.proto.TenantStatsResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a node reports about itself: its meters, per-tenant stats, and its drain on shutdown, on a
 * real node with real session streams.
 */
class NodeObservabilityTest extends NodeFixture {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final NodeMeters meters = new NodeMeters(registry);

  @Override
  NodeInstruments instruments() {
    return new NodeInstruments(meters, null);
  }

  @BeforeEach
  void bindMeters() {
    meters.bind(node, topology, NODE_ID);
  }

  private double counter(String name, String... tags) {
    Meter meter = registry.get(name).tags(tags).meter();
    return meter instanceof FunctionCounter f ? f.count() : ((Counter) meter).count();
  }

  @Test
  void metersCountStatementsRowsErrorsAndRequests() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (v integer)");
    client.query("insert into t values (1), (2), (3)");
    List<String> select = describe(client.query("select v from t"));
    assertEquals(List.of("rows 3", "SELECT 3", "ready IDLE"), select.subList(1, 4));
    assertEquals("error 42P01", describe(client.query("select * from missing")).get(0));

    assertEquals(1, counter("rhizome.node.sessions.opened"));
    assertEquals(1, counter("rhizome.node.statements", "kind", "select"));
    assertEquals(1, counter("rhizome.node.statements", "kind", "insert"));
    assertEquals(1, counter("rhizome.node.statements", "kind", "other"));
    assertEquals(1, counter("rhizome.node.statement.errors", "class", "42"));
    assertEquals(3, counter("rhizome.node.rows.sent"));
    assertTrue(counter("rhizome.node.result") > 0, "bytes of the rows");
    assertEquals(3, counter("rhizome.node.requests", "outcome", "ok"));
    assertEquals(1, counter("rhizome.node.requests", "outcome", "error"));
    long[] totals = node.services().tenantStats().node().totals();
    long inBuckets = 0;
    for (int b = 0; b <= Figures.LATENCY_BOUNDS_NANOS.length; b++) {
      inBuckets += totals[Figures.LATENCY_BUCKETS + b];
    }
    assertEquals(4, inBuckets, "every request in one latency bucket");
    assertTrue(totals[Figures.NANOS] > 0);
  }

  @Test
  void countsOfAClosedSessionStayInTheTotals() throws Exception {
    SessionClient first = session("acme");
    first.query("select 1");
    first.query("select 2");
    assertEquals(2, counter("rhizome.node.statements", "kind", "select"));
    first.halfClose();
    first.awaitEnd();
    await().atMost(Duration.ofSeconds(10)).until(() -> node.services().openSessions() == 0);
    assertEquals(2, counter("rhizome.node.statements", "kind", "select"), "kept after the close");
    SessionClient second = session("acme");
    second.query("select 3");
    assertEquals(3, counter("rhizome.node.statements", "kind", "select"));
    assertEquals(
        3,
        node.services().tenantStats().snapshot().stream()
            .filter(t -> t.tenant().equals("acme"))
            .findFirst()
            .orElseThrow()
            .statements());
  }

  @Test
  void refusedOpensAreCountedByReason() throws Exception {
    SessionClient client = connect();
    assertEquals(List.of("error 3D000"), describe(client.open("nobody", 0, 1)));
    assertEquals(1, counter("rhizome.node.sessions.refused", "reason", "unknown_database"));
    assertEquals(0, counter("rhizome.node.sessions.opened"));
  }

  @Test
  void tenantStatsListTheTopTenantsByTheAskedFigure() throws Exception {
    SessionClient busy = session("busy");
    for (int i = 0; i < 5; i++) {
      busy.query("select " + i);
    }
    SessionClient quiet = session("quiet");
    quiet.query("create table t (v text)");
    quiet.query("insert into t values ('" + "x".repeat(1000) + "')");
    quiet.query("select v from t");

    TenantStatsResponse byStatements = stats(TenantStatsOrder.TENANT_STATS_BY_STATEMENTS, 0);
    assertEquals(NODE_ID, byStatements.getNodeId());
    assertEquals(
        List.of("busy", "quiet"),
        byStatements.getTenantsList().stream().map(TenantActivity::getTenant).toList());
    TenantActivity top = byStatements.getTenants(0);
    assertEquals(5, top.getStatements());
    assertEquals(5, top.getRows());
    assertTrue(top.getLastActiveUnixMs() > 0);
    assertTrue(top.getTimeUs() > 0);

    TenantStatsResponse byBytes = stats(TenantStatsOrder.TENANT_STATS_BY_BYTES, 1);
    assertEquals(1, byBytes.getTenantsCount(), "the limit holds");
    assertEquals("quiet", byBytes.getTenants(0).getTenant());
    assertTrue(byBytes.getTenants(0).getBytes() > 1000);
    assertTrue(byBytes.getTenants(0).getSizeBytes() > 0, "its file's size");
  }

  private TenantStatsResponse stats(TenantStatsOrder order, int limit) {
    return NodeAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .tenantStats(TenantStatsRequest.newBuilder().setOrderBy(order).setLimit(limit).build());
  }

  @Test
  void drainEndsIdleSessionsAtOnceAndOthersWhenTheirTransactionEnds() throws Exception {
    SessionClient idle = session("acme");
    SessionClient inTx = session("acme");
    inTx.query("create table t (v integer)");
    assertEquals(
        List.of("BEGIN", "INSERT 0 1", "ready IN_TRANSACTION"),
        describe(inTx.query("begin", "insert into t values (1)")));

    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(
            () -> {
              try {
                node.drain(Duration.ofSeconds(30), new CountDownLatch(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertEquals(List.of("error 57P01"), describe(idle.untilReadyOrEnd()));
    assertTrue(!node.ready(), "not ready while draining");
    TenantRecord acme = tenant("acme");
    assertEquals(
        List.of("error 57P03"),
        describe(connect().open("acme", acme.getShard(), epoch(acme.getShard()))));

    assertEquals(List.of("COMMIT", "ready IDLE"), describe(inTx.query("commit")));
    List<SessionResponse> end = inTx.untilReadyOrEnd();
    assertEquals(List.of("error 57P01"), describe(end));
    drained.get(10, TimeUnit.SECONDS);
  }

  @Test
  void drainGivesUpAtTheEndOfTheGraceOrWhenHurried() throws Exception {
    SessionClient inTx = session("acme");
    inTx.query("begin");
    CountDownLatch hurry = new CountDownLatch(1);
    CompletableFuture<Void> drained =
        CompletableFuture.runAsync(
            () -> {
              try {
                node.drain(Duration.ofMinutes(10), hurry);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    hurry.countDown();
    drained.get(10, TimeUnit.SECONDS);
    // The session is still open: close() ends it.
    node.close();
    assertEquals("error 57P01", describe(inTx.untilReadyOrEnd()).get(0));
  }
}
