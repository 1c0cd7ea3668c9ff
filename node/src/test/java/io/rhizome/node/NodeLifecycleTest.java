/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.DropTenantResponse;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantInfoRequest;
import io.rhizome.proto.TenantInfoResponse;
import io.rhizome.proto.TenantRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration, session limits, cancellation, tenant drop and shutdown of a real node. */
class NodeLifecycleTest extends NodeFixture {

  @Test
  void registersInTheTopologyUntilClosed() throws Exception {
    NodeRecord record = topology.node(NODE_ID).orElseThrow();
    assertEquals("inprocess:" + serverName, record.getAddress());
    assertEquals(NodeState.NODE_UP, record.getState());
    node.close();
    assertTrue(topology.node(NODE_ID).isEmpty());
  }

  @Test
  void endsOpenSessionsWhenClosed() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a int)", "insert into t values (1)");
    client.query("begin");
    client.query("insert into t values (2)");
    node.close();
    List<SessionResponse> end = client.untilReadyOrEnd();
    assertEquals(List.of("error " + SqlState.ADMIN_SHUTDOWN.code()), describe(end));
    assertEquals("the node is shutting down", end.get(0).getError().getMessage());
  }

  @Test
  void refusesSessionsPastTheLimitUntilOneEnds() throws Exception {
    SessionClient first = session("acme");
    for (int i = 1; i < MAX_SESSIONS; i++) {
      session("acme");
    }
    TenantRecord acme = tenant("acme");
    SessionClient refused = connect();
    assertEquals(
        List.of("error " + SqlState.TOO_MANY_CONNECTIONS.code()),
        describe(refused.open("acme", acme.getShard(), 1)));
    first.halfClose();
    assertEquals(Status.Code.OK, first.awaitEnd().getCode());
    session("acme");
  }

  @Test
  void cancellingASessionRollsBackItsTransaction() throws Exception {
    SessionClient client = session("acme");
    client.query("create table t (a int)");
    client.query("begin");
    client.query("insert into t values (1)");
    client.cancel();
    SessionClient other = session("acme");
    // Waits (busy_timeout) for the cancelled session's write lock, then sees its work undone.
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(other.query("insert into t values (2)")));
    List<SessionResponse> rows = other.query("select a from t");
    assertEquals("SELECT 1", describe(rows).get(2));
    assertEquals(2, rows.get(1).getRows().getRows(0).getValues(0).getInteger());
  }

  @Test
  void endsTheStreamWhenTheClientIsDone() throws Exception {
    SessionClient client = session("acme");
    client.halfClose();
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @Test
  void finishesTheRunningQueryBeforeEndingAHalfClosedStream() throws Exception {
    SessionClient client = session("acme");
    client.send(
        SessionRequest.newBuilder()
            .setQuery(
                Query.newBuilder()
                    .addStatements(
                        "with recursive c(n) as (select 1 union all select n + 1 from c"
                            + " where n < 5000) select n from c"))
            .build());
    client.halfClose();
    List<SessionResponse> answer = client.untilReadyOrEnd();
    assertEquals(
        List.of("SELECT 5000", "ready IDLE"),
        describe(answer.subList(answer.size() - 2, answer.size())));
    assertEquals(Status.Code.OK, client.awaitEnd().getCode());
  }

  @Test
  void dropEndsTheTenantsSessionsAndMovesItsFilesToTheTrash() throws Exception {
    TenantRecord acme = tenant("acme");
    SessionClient client = session("acme");
    client.query("create table t (a int)", "insert into t values (1)");
    SessionClient bystander = session("globex");
    Path file = data.resolve("shards/" + acme.getShard() + "/acme.db");
    assertTrue(Files.exists(file));
    topology.dropTenant("acme");

    DropTenantResponse dropped = admin().dropTenant(drop("acme", acme.getShard(), 1));
    assertTrue(dropped.getExisted());

    List<SessionResponse> end = client.untilReadyOrEnd();
    assertEquals(List.of("error " + SqlState.ADMIN_SHUTDOWN.code()), describe(end));
    assertEquals("tenant was dropped", end.get(0).getError().getMessage());
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(file.resolveSibling("acme.db-wal")));
    assertFalse(Files.exists(file.resolveSibling("acme.db-shm")));
    Path trashed = data.resolve(dropped.getTrashedAs());
    assertTrue(
        trashed.getFileName().toString().matches("acme-\\d{8}T\\d{6}\\.\\d{3}Z\\.db"),
        dropped.getTrashedAs());
    assertEquals(data.resolve("trash"), trashed.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + trashed);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select a from t")) {
      assertTrue(rs.next(), "the trashed file holds the tenant's committed rows");
      assertEquals(1, rs.getInt(1));
    }
    assertEquals(List.of("empty", "ready IDLE"), describe(bystander.query()));
    assertFalse(admin().dropTenant(drop("acme", acme.getShard(), 1)).getExisted());
  }

  @Test
  void reportsSizeOnDiskAndOpenSessions() throws Exception {
    TenantRecord acme = tenant("acme");
    TenantInfoResponse none = admin().tenantInfo(info("acme", acme.getShard(), 1));
    assertFalse(none.getExists());
    assertEquals(0, none.getOpenSessions());
    SessionClient first = session("acme");
    first.query("create table t (a blob)", "insert into t values (zeroblob(100000))");
    session("acme");
    session("globex");
    TenantInfoResponse two = admin().tenantInfo(info("acme", acme.getShard(), 1));
    assertTrue(two.getExists());
    assertEquals(2, two.getOpenSessions());
    assertTrue(two.getSizeBytes() >= 100000, "size " + two.getSizeBytes());
    first.halfClose();
    first.awaitEnd();
    assertEquals(1, admin().tenantInfo(info("acme", acme.getShard(), 1)).getOpenSessions());
    StatusRuntimeException wrongEpoch =
        assertThrows(
            StatusRuntimeException.class,
            () -> admin().tenantInfo(info("acme", acme.getShard(), 9)));
    assertEquals(Status.Code.FAILED_PRECONDITION, wrongEpoch.getStatus().getCode());
  }

  private static TenantInfoRequest info(String tenant, int shard, long epoch) {
    return TenantInfoRequest.newBuilder().setTenant(tenant).setShard(shard).setEpoch(epoch).build();
  }

  @Test
  void refusesADropAtAnotherEpoch() throws Exception {
    TenantRecord acme = tenant("acme");
    session("acme");
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> admin().dropTenant(drop("acme", acme.getShard(), 7)));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertTrue(Files.exists(data.resolve("shards/" + acme.getShard() + "/acme.db")));
  }

  @Test
  void refusesADropOfAnInvalidName() throws Exception {
    tenant("acme");
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> admin().dropTenant(drop("../acme", 0, 1)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  private NodeAdminGrpc.NodeAdminBlockingStub admin() {
    return NodeAdminGrpc.newBlockingStub(channel);
  }

  private static DropTenantRequest drop(String tenant, int shard, long epoch) {
    return DropTenantRequest.newBuilder().setTenant(tenant).setShard(shard).setEpoch(epoch).build();
  }
}
