/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.Opened;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's bounds on open handles, sessions per tenant and concurrent statements. */
class NodeResourceLimitsTest extends NodeFixture {
  private static final int MAX_OPEN = 3;

  @Override
  NodeLimits limits() {
    return new NodeLimits(MAX_OPEN, Duration.ofHours(1), 2, 1, 1);
  }

  @Test
  void refusesASessionPastTheTenantsCap() throws Exception {
    session("acme");
    session("acme");
    TenantRecord acme = tenant("acme");
    SessionClient third = connect();
    List<SessionResponse> answer = third.open("acme", acme.getShard(), epoch(acme.getShard()));
    assertEquals(List.of("error " + SqlState.TOO_MANY_CONNECTIONS.code()), describe(answer));
    assertEquals(
        "too many connections for database \"acme\"", answer.get(0).getError().getMessage());
    assertEquals(Status.Code.OK, third.awaitEnd().getCode());
    session("globex"); // other tenants are not affected
  }

  @Test
  void refusesASessionWhenEveryHandleIsInUseAndAdmitsItOnceOneIsFree() throws Exception {
    SessionClient a = session("a1");
    session("a2");
    session("a3");
    TenantRecord a4 = tenant("a4");
    List<SessionResponse> answer = connect().open("a4", a4.getShard(), epoch(a4.getShard()));
    assertEquals(List.of("error " + SqlState.TOO_MANY_CONNECTIONS.code()), describe(answer));
    assertEquals(
        "too many open databases on this node (at most 3)", answer.get(0).getError().getMessage());

    a.halfClose();
    a.awaitEnd();
    session("a4"); // evicts a1's idle handle
    assertEquals(MAX_OPEN, node.handleStats().open());
    assertEquals(1, node.handleStats().evicted());
  }

  @Test
  void reopensAnEvictedTenantWithItsData() throws Exception {
    SessionClient acme = session("acme");
    acme.query("create table t (v text)", "insert into t values ('kept')");
    end(acme);
    for (String other : List.of("b1", "b2", "b3")) {
      end(session(other));
    }
    assertTrue(node.handleStats().evicted() >= 1, node.handleStats().toString());
    assertEquals(
        List.of("columns v:TEXT", "rows 1", "SELECT 1", "ready IDLE"),
        describe(session("acme").query("select v from t")));
  }

  @Test
  void queuesARequestPastTheStatementCapAndRefusesPastTheQueue() throws Exception {
    SessionClient inTx = session("c");
    assertEquals(List.of("BEGIN", "ready IN_TRANSACTION"), describe(inTx.query("begin")));

    SessionClient slow = connectWithManualFlowControl();
    TenantRecord a = tenant("a");
    slow.request(2);
    slow.open("a", a.getShard(), epoch(a.getShard()));
    holdTheOnlySlot(slow);

    SessionClient queued = session("b");
    long queuedBefore = node.metrics().requestsQueued();
    queued.send(query("select 42"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.metrics().requestsQueued() > queuedBefore);

    // Slot and queue taken: refused at once, and the client's transaction fails as on any error.
    List<SessionResponse> refused = inTx.query("select 1");
    assertEquals(
        List.of("error " + SqlState.INSUFFICIENT_RESOURCES.code(), "ready FAILED"),
        describe(refused));
    assertEquals(
        "too many statements running on this node; try again later",
        refused.get(0).getError().getMessage());

    slow.request(1_000);
    List<SessionResponse> rows = slow.untilReadyOrEnd();
    assertEquals("ready IDLE", describe(rows.get(rows.size() - 1)));
    assertEquals(
        List.of("columns 42:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(queued.untilReadyOrEnd()));
    assertEquals(List.of("ROLLBACK", "ready IDLE"), describe(inTx.query("rollback")));
  }

  @Test
  void refusesAnExtendedRequestPastTheQueueUntilItsSync() throws Exception {
    SessionClient slow = connectWithManualFlowControl();
    TenantRecord a = tenant("a");
    slow.request(2);
    slow.open("a", a.getShard(), epoch(a.getShard()));
    holdTheOnlySlot(slow);
    SessionClient queued = session("b");
    long queuedBefore = node.metrics().requestsQueued();
    queued.send(query("select 1"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.metrics().requestsQueued() > queuedBefore);

    SessionClient refused = session("c");
    refused.send(
        SessionRequest.newBuilder()
            .setExtended(
                io.rhizome.proto.Extended.newBuilder()
                    .addSteps(
                        io.rhizome.proto.ExtendedStep.newBuilder()
                            .setParse(io.rhizome.proto.Parse.newBuilder().setSql("select 1"))))
            .build());
    assertEquals(
        List.of("error " + SqlState.INSUFFICIENT_RESOURCES.code(), "ready IDLE"),
        describe(refused.untilReadyOrEnd()));

    slow.request(1_000);
    slow.untilReadyOrEnd();
    queued.untilReadyOrEnd();
    // The refused run is skipped until its sync; the sync itself answers only Ready.
    refused.send(
        SessionRequest.newBuilder()
            .setExtended(io.rhizome.proto.Extended.newBuilder().setSync(true))
            .build());
    assertEquals(List.of("ready IDLE"), describe(refused.untilReadyOrEnd()));
    assertEquals(
        List.of("columns 1:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(refused.query("select 1")));
  }

  @Test
  void cancelsARequestWaitingForASlot() throws Exception {
    SessionClient slow = connectWithManualFlowControl();
    TenantRecord a = tenant("a");
    slow.request(2);
    slow.open("a", a.getShard(), epoch(a.getShard()));
    holdTheOnlySlot(slow);
    SessionClient queued = connect();
    TenantRecord b = tenant("b");
    Opened key = queued.open("b", b.getShard(), epoch(b.getShard())).get(0).getOpened();
    long queuedBefore = node.metrics().requestsQueued();
    queued.send(query("select 1"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.metrics().requestsQueued() > queuedBefore);

    assertTrue(
        NodeAdminGrpc.newBlockingStub(channel)
            .withDeadlineAfter(Duration.ofSeconds(10))
            .cancelStatement(
                CancelStatementRequest.newBuilder()
                    .setBackendPid(key.getBackendPid())
                    .setCancelSecret(key.getCancelSecret())
                    .build())
            .getMatched());
    List<SessionResponse> canceled = queued.untilReadyOrEnd();
    assertEquals(
        List.of("error " + SqlState.QUERY_CANCELED.code(), "ready IDLE"), describe(canceled));

    slow.request(1_000);
    slow.untilReadyOrEnd();
    assertEquals(
        List.of("columns 1:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(queued.query("select 1")));
  }

  /** Sends a query the client gives no credit for: it parks holding its statement slot. */
  private void holdTheOnlySlot(SessionClient slow) {
    long pauses = node.metrics().flowControlPauses();
    slow.send(
        query(
            "with recursive c(n) as (select 1 union all select n + 1 from c where n < 20000)"
                + " select n from c"));
    await().atMost(Duration.ofSeconds(10)).until(() -> node.metrics().flowControlPauses() > pauses);
  }

  private static SessionRequest query(String sql) {
    return SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(sql)).build();
  }

  private static void end(SessionClient client) throws Exception {
    client.halfClose();
    client.awaitEnd();
  }
}
