/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.proto.Bind;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.Execute;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.ListSessionsRequest;
import io.rhizome.proto.ListSessionsResponse;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.Open;
import io.rhizome.proto.Opened;
import io.rhizome.proto.Parse;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.Value;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ListSessions over gRPC against real sessions of a real node: pg_stat_activity per node. */
@Timeout(60)
class NodeListSessionsTest extends NodeFixture {
  private static final String ENDLESS =
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000000)"
          + " select count(*) from c";

  private Opened open(SessionClient client, String tenant, String address, String app)
      throws Exception {
    TenantRecord t = tenant(tenant);
    client.send(
        SessionRequest.newBuilder()
            .setOpen(
                Open.newBuilder()
                    .setTenant(tenant)
                    .setShard(t.getShard())
                    .setEpoch(epoch(t.getShard()))
                    .setUser("app")
                    .setClientAddress(address)
                    .setApplicationName(app)
                    .setGateway("127.0.0.1:6432"))
            .build());
    List<SessionResponse> opened = client.untilReadyOrEnd();
    assertEquals(List.of("opened " + NODE_ID, "ready IDLE"), describe(opened));
    return opened.get(0).getOpened();
  }

  private ListSessionsResponse list(String tenant) {
    return NodeAdminGrpc.newBlockingStub(channel)
        .withDeadlineAfter(Duration.ofSeconds(10))
        .listSessions(ListSessionsRequest.newBuilder().setTenant(tenant).build());
  }

  private SessionInfo byPid(ListSessionsResponse sessions, int pid) {
    return sessions.getSessionsList().stream()
        .filter(s -> s.getBackendPid() == pid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session with pid " + pid + ": " + sessions));
  }

  /** Polls the listing until a session matches, within a deadline. */
  private SessionInfo awaitSession(Predicate<SessionInfo> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SessionInfo> found = list("").getSessionsList().stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no such session within 10 s: " + list(""));
  }

  @Test
  void showsWhoEverySessionIsAndWhatItDoes() throws Exception {
    SessionClient inTx = connect();
    Opened a = open(inTx, "acme", "10.0.0.7:50001", "billing");
    SessionClient failed = connect();
    Opened b = open(failed, "acme", "10.0.0.8:50002", "");
    SessionClient other = connect();
    Opened c = open(other, "globex", "10.0.0.9:50003", "psql");

    inTx.query("create table t (x integer)");
    inTx.query("begin");
    inTx.query("insert into t values (1)");
    failed.query("begin");
    failed.query("selec nonsense");

    ListSessionsResponse all = list("");
    assertEquals(NODE_ID, all.getNodeId());
    assertEquals(3, all.getSessionsCount());
    assertEquals(
        List.of("acme", "acme", "globex"),
        all.getSessionsList().stream().map(SessionInfo::getTenant).toList());

    SessionInfo first = byPid(all, a.getBackendPid());
    assertEquals("app", first.getUser());
    assertEquals("10.0.0.7:50001", first.getClientAddress());
    assertEquals("billing", first.getApplicationName());
    assertEquals("127.0.0.1:6432", first.getGateway());
    assertEquals(tenant("acme").getShard(), first.getShard());
    assertEquals(epoch(first.getShard()), first.getEpoch());
    assertEquals("idle in transaction", first.getState());
    assertEquals("insert into t values (1)", first.getQuery());
    assertTrue(first.getBackendStartUnixMs() > 0);
    assertTrue(first.getStateChangeUnixMs() >= first.getBackendStartUnixMs());

    SessionInfo second = byPid(all, b.getBackendPid());
    assertEquals("idle in transaction (aborted)", second.getState());
    assertEquals("selec nonsense", second.getQuery());

    SessionInfo third = byPid(all, c.getBackendPid());
    assertEquals("idle", third.getState());
    assertEquals("", third.getQuery(), "no statement yet");
    assertEquals("psql", third.getApplicationName());

    ListSessionsResponse acme = list("acme");
    assertEquals(2, acme.getSessionsCount());
    assertTrue(acme.getSessionsList().stream().allMatch(s -> s.getTenant().equals("acme")));
    assertEquals(0, list("nobody").getSessionsCount());

    inTx.query("commit");
    SessionInfo committed = byPid(list("acme"), a.getBackendPid());
    assertEquals("idle", committed.getState());
    assertEquals("commit", committed.getQuery());
  }

  @Test
  void extendedQueriesShowTheirSqlButNeverTheBoundValues() throws Exception {
    SessionClient client = connect();
    Opened key = open(client, "acme", "10.0.0.7:50001", "jdbc");
    String secret = "hunter2-bound-value";
    client.send(
        SessionRequest.newBuilder()
            .setExtended(
                Extended.newBuilder()
                    .addSteps(
                        ExtendedStep.newBuilder()
                            .setParse(Parse.newBuilder().setName("s1").setSql("select $1 as v")))
                    .addSteps(
                        ExtendedStep.newBuilder()
                            .setBind(
                                Bind.newBuilder()
                                    .setStatement("s1")
                                    .addParams(Value.newBuilder().setText(secret))))
                    .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
                    .setSync(true))
            .build());
    List<SessionResponse> answered = client.untilReadyOrEnd();
    assertEquals(
        "ready IDLE",
        describe(answered.get(answered.size() - 1)),
        String.valueOf(describe(answered)));

    SessionInfo info = byPid(list("acme"), key.getBackendPid());
    assertEquals("idle", info.getState());
    assertEquals("select $1 as v", info.getQuery());
    assertFalse(list("").toString().contains(secret), "a bound value leaked into the listing");

    // A later request that only binds and executes the prepared statement still shows its SQL.
    client.query("select 2");
    client.send(
        SessionRequest.newBuilder()
            .setExtended(
                Extended.newBuilder()
                    .addSteps(
                        ExtendedStep.newBuilder()
                            .setBind(
                                Bind.newBuilder()
                                    .setStatement("s1")
                                    .addParams(Value.newBuilder().setText(secret))))
                    .addSteps(ExtendedStep.newBuilder().setExecute(Execute.getDefaultInstance()))
                    .setSync(true))
            .build());
    client.untilReadyOrEnd();
    assertEquals("select $1 as v", byPid(list("acme"), key.getBackendPid()).getQuery());
  }

  @Test
  void aRunningStatementIsActiveAndALongOneIsTruncated() throws Exception {
    SessionClient client = connect();
    Opened key = open(client, "acme", "10.0.0.7:50001", "");
    String padded = ENDLESS + " /*" + "x".repeat(2000) + "*/";
    client.send(
        SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(padded)).build());

    SessionInfo running =
        awaitSession(
            s -> s.getBackendPid() == key.getBackendPid() && s.getState().equals("active"));
    assertEquals(1024, running.getQuery().length());
    assertEquals(padded.substring(0, 1024), running.getQuery());

    // Cancel it (repeated: a cancel before the statement starts is ignored) and see it idle again.
    SessionResponse first = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (first == null && System.nanoTime() < deadline) {
      NodeAdminGrpc.newBlockingStub(channel)
          .withDeadlineAfter(Duration.ofSeconds(10))
          .cancelStatement(
              CancelStatementRequest.newBuilder()
                  .setBackendPid(key.getBackendPid())
                  .setCancelSecret(key.getCancelSecret())
                  .build());
      first = client.poll(Duration.ofMillis(20));
    }
    assertEquals("error 57014", describe(first));
    assertEquals("ready IDLE", describe(client.next()));
    SessionInfo idle = byPid(list("acme"), key.getBackendPid());
    assertEquals("idle", idle.getState());
    assertTrue(idle.getStateChangeUnixMs() >= running.getStateChangeUnixMs());
  }

  @Test
  void aClosedSessionLeavesTheListing() throws Exception {
    SessionClient client = connect();
    Opened key = open(client, "acme", "10.0.0.7:50001", "");
    assertEquals(1, list("").getSessionsCount());
    client.halfClose();
    client.awaitEnd();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (list("").getSessionsCount() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(
        list("").getSessionsList().stream()
            .noneMatch(s -> s.getBackendPid() == key.getBackendPid()));
  }

  @Test
  void anInvalidTenantFilterIsRefused() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> list("No Such!"));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }
}
