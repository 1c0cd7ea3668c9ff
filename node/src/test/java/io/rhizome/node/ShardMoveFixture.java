/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.stub.StreamObserver;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.ShardTenant;
import io.rhizome.proto.ShardTenantsRequest;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/** A node as the source of shard moves: the mover's metadata steps and its NodeAdmin calls. */
abstract class ShardMoveFixture extends NodeFixture {
  static final String DESTINATION = "n2";
  private final List<Topology.Freeze> freezes = new ArrayList<>();

  @AfterEach
  void releaseFreezes() {
    freezes.forEach(Topology.Freeze::close);
  }

  NodeAdminGrpc.NodeAdminBlockingStub admin() {
    return NodeAdminGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** What the mover does before it calls FreezeShard: a move record and the FreezeRecord. */
  Topology.Freeze freezeRecord(int shard) throws Exception {
    if (topology.node(DESTINATION).isEmpty()) {
      registerOtherNode(DESTINATION);
    }
    MoveRecord move = topology.startMove(shard, DESTINATION, "operator");
    Topology.Freeze freeze = topology.freezeShard(move);
    freezes.add(freeze);
    return freeze;
  }

  static FreezeShardRequest freezeRequest(Topology.Freeze freeze) {
    return FreezeShardRequest.newBuilder()
        .setShard(freeze.record().getShard())
        .setEpoch(freeze.record().getEpoch())
        .setMoveId(freeze.record().getMoveId())
        .build();
  }

  /** FreezeShard without waiting for its answer. */
  CompletableFuture<ShardTenantsResponse> freezeAsync(Topology.Freeze freeze) {
    CompletableFuture<ShardTenantsResponse> answer = new CompletableFuture<>();
    NodeAdminGrpc.newStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .freezeShard(
            freezeRequest(freeze),
            new StreamObserver<>() {
              @Override
              public void onNext(ShardTenantsResponse value) {
                answer.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                answer.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    return answer;
  }

  ShardTenantsResponse shardTenants(int shard) {
    return admin()
        .shardTenants(
            ShardTenantsRequest.newBuilder().setShard(shard).setEpoch(epoch(shard)).build());
  }

  static ShardTenant entry(ShardTenantsResponse response, String tenant) {
    return response.getTenantsList().stream()
        .filter(t -> t.getTenant().equals(tenant))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry for " + tenant + " in " + response));
  }

  /**
   * A session of {@code tenant} whose request wrote and then parked on flow control with its result
   * rows unread: a write in progress until the client reads on.
   */
  SessionClient parkedWriter(String tenant, String insert) throws Exception {
    TenantRecord record = tenant(tenant);
    SessionClient slow = connectWithManualFlowControl();
    slow.request(1);
    slow.open(tenant, record.getShard(), epoch(record.getShard()));
    long pauses = node.metrics().flowControlPauses();
    // Room for one batch (the insert's CommandComplete, the select's description, its first rows):
    // the other rows then wait.
    slow.request(1);
    slow.send(
        SessionRequest.newBuilder()
            .setQuery(
                Query.newBuilder()
                    .addStatements(insert)
                    .addStatements(
                        "with recursive c(n) as (select 1 union all select n + 1 from c"
                            + " where n < 200000) select n from c"))
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> node.metrics().flowControlPauses() > pauses);
    return slow;
  }

  /** Lets a {@link #parkedWriter} read its rows; returns the last response (its Ready). */
  static String finish(SessionClient slow) throws Exception {
    slow.request(1_000_000);
    List<String> rest = describe(slow.untilReadyOrEnd());
    return rest.get(rest.size() - 1);
  }

  /** Whether a new session of the tenant can write now (it ends either way). */
  boolean writeSucceeds(String tenant) throws Exception {
    SessionClient client = session(tenant);
    List<String> answer = describe(client.query("insert into t values (100)"));
    client.halfClose();
    client.awaitEnd();
    return answer.equals(List.of("INSERT 0 1", "ready IDLE"));
  }

  /** A new session of the tenant writes successfully. */
  void assertWrites(String tenant) throws Exception {
    SessionClient client = session(tenant);
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(client.query("insert into t values (100)")));
    client.halfClose();
    client.awaitEnd();
  }

  Path tenantFile(TenantRecord record) {
    return data.resolve("shards/" + record.getShard() + "/" + record.getName() + ".db");
  }

  static String read(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
