/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.CancelKeys;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.Opened;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CancelStatement over gRPC: the key from Opened stops that session's running statement. */
class NodeCancelTest extends NodeFixture {
  private static final String ENDLESS =
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  private Opened open(SessionClient client, String tenant) throws Exception {
    TenantRecord t = tenant(tenant);
    List<SessionResponse> opened = client.open(tenant, t.getShard(), epoch(t.getShard()));
    assertEquals(List.of("opened " + NODE_ID, "ready IDLE"), describe(opened));
    return opened.get(0).getOpened();
  }

  private boolean cancel(int pid, int secret) {
    return NodeAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(java.time.Duration.ofSeconds(10))
        .cancelStatement(
            CancelStatementRequest.newBuilder().setBackendPid(pid).setCancelSecret(secret).build())
        .getMatched();
  }

  @Test
  void sessionsGetDistinctKeysThatNameThisNode() throws Exception {
    Opened a = open(connect(), "acme");
    Opened b = open(connect(), "acme");
    assertNotEquals(a.getBackendPid(), b.getBackendPid());
    for (Opened o : List.of(a, b)) {
      assertTrue(o.getBackendPid() > 0, "process ids are positive, as in Postgres");
      assertEquals(CancelKeys.nodeTag(NODE_ID), CancelKeys.nodeTagOf(o.getBackendPid()));
    }
  }

  @Test
  void cancelWithTheSessionsKeyStopsItsStatementAndTheSessionGoesOn() throws Exception {
    SessionClient client = connect();
    Opened key = open(client, "acme");
    assertFalse(cancel(key.getBackendPid(), key.getCancelSecret() ^ 1), "a wrong secret");
    client.send(
        SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(ENDLESS)).build());
    // A cancel that arrives before the node starts the statement is ignored, as in Postgres;
    // repeat it until the statement answers.
    SessionResponse first = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (first == null && System.nanoTime() < deadline) {
      assertTrue(cancel(key.getBackendPid(), key.getCancelSecret()));
      first = client.poll(Duration.ofMillis(20));
    }
    assertNotNull(first, "the statement was not cancelled");
    assertEquals("error 57014", describe(first));
    assertEquals("canceling statement due to user request", first.getError().getMessage());
    assertEquals("ready IDLE", describe(client.next()));
    assertEquals(
        List.of("columns one:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(client.query("select 1 as one")));
  }

  @Test
  void keyOfAClosedSessionMatchesNothing() throws Exception {
    SessionClient client = connect();
    Opened key = open(client, "acme");
    assertTrue(cancel(key.getBackendPid(), key.getCancelSecret()), "an idle session matches");
    client.halfClose();
    client.awaitEnd();
    assertFalse(cancel(key.getBackendPid(), key.getCancelSecret()));
  }
}
