/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the node runs a short write: on the thread that delivered it when that thread serves no
 * other session with a request in progress, on a worker otherwise (docs/architecture.md, "The query
 * path"). In-process gRPC hands a request to the node on the thread that sends it once the node has
 * asked for one, so the test's thread stands for a transport event loop that its sessions share.
 */
class NodeInlineWriteTest extends NodeFixture {
  @Test
  void aWriteRunsOnTheThreadThatDeliversItWhenThatThreadServesNoOtherSession() throws Exception {
    SessionClient a = sessionWithCredit("acme");
    a.query("create table t (n integer)");
    for (int i = 1; i <= 3; i++) {
      long inline = node.metrics().requestsInline();
      long moved = node.metrics().requestsMoved();
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"), describe(query(a, "insert into t values (1)")));
      awaitOneMore(inline, moved);
      assertEquals(moved, node.metrics().requestsMoved(), "write " + i + " went to a worker");
    }
  }

  @Test
  void aWriteGoesToAWorkerWhileAnotherSessionOfItsThreadHasARequestInProgress() throws Exception {
    SessionClient a = sessionWithCredit("acme");
    a.query("create table t (n integer)");

    // Another tenant's session, parked mid-result on its client: its request is in progress.
    SessionClient busy = connectWithManualFlowControl();
    TenantRecord other = tenant("other");
    busy.request(1);
    busy.open("other", other.getShard(), epoch(other.getShard()));
    long pauses = node.metrics().flowControlPauses();
    busy.request(1);
    deliver(
        busy,
        "with recursive c(n) as (select 1 union all select n + 1 from c where n < 100000)"
            + " select n from c");
    await().atMost(Duration.ofSeconds(10)).until(() -> node.metrics().flowControlPauses() > pauses);

    long inline = node.metrics().requestsInline();
    long moved = node.metrics().requestsMoved();
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(query(a, "insert into t values (1)")));
    awaitOneMore(inline, moved);
    assertEquals(inline, node.metrics().requestsInline(), "the write ran where it was delivered");

    // The busy session answers to its Ready: from then on the thread is the writer's alone again.
    busy.request(1_000_000);
    List<SessionResponse> rest = busy.untilReadyOrEnd();
    assertEquals("ready IDLE", describe(rest.get(rest.size() - 1)));
    long inlineAfter = node.metrics().requestsInline();
    long movedAfter = node.metrics().requestsMoved();
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(query(a, "insert into t values (2)")));
    awaitOneMore(inlineAfter, movedAfter);
    assertEquals(movedAfter, node.metrics().requestsMoved());
    assertEquals(
        List.of("columns count:INT8", "rows 1", "SELECT 1", "ready IDLE"),
        describe(query(a, "select count(*) as count from t")));
  }

  /** A session whose client asks for every answer up front, so that nothing waits for it. */
  private SessionClient sessionWithCredit(String tenant) throws Exception {
    SessionClient client = connectWithManualFlowControl();
    client.request(1_000);
    TenantRecord record = tenant(tenant);
    assertEquals(
        List.of("opened " + NODE_ID, "ready IDLE"),
        describe(client.open(tenant, record.getShard(), epoch(record.getShard()))));
    return client;
  }

  /** Sends one statement once the node asks for it, so it arrives on this thread. */
  private static void deliver(SessionClient client, String sql) {
    await().atMost(Duration.ofSeconds(10)).until(client::deliverable);
    client.send(
        SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(sql)).build());
  }

  private static List<SessionResponse> query(SessionClient client, String sql)
      throws InterruptedException {
    deliver(client, sql);
    return new ArrayList<>(client.untilReadyOrEnd());
  }

  /** Waits until the node has counted the last request as run inline or moved. */
  private void awaitOneMore(long inline, long moved) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                node.metrics().requestsInline() + node.metrics().requestsMoved() > inline + moved);
  }
}
