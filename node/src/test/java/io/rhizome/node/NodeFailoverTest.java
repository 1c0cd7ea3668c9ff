/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.PromoteRequest;
import io.rhizome.proto.PromoteResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failover, rejoin and planned handover between real nodes (docs/replication.md). */
@Timeout(120)
class NodeFailoverTest extends ReplicaSetFixture {

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  private TenantRecord acmeWithRows(long rows) throws Exception {
    start("n1");
    start("n2");
    TenantRecord acme = createTenant("acme");
    assertEquals("n1", shard(acme.getShard()).getNodeId());
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    for (long i = 1; i <= rows; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ")")));
    }
    return acme;
  }

  @Test
  void theInSyncFollowerTakesOverWithEveryAcknowledgedCommitAndTheOldPrimaryRejoins()
      throws Exception {
    TenantRecord acme = acmeWithRows(25);

    stop("n1"); // its registration ends: the lease of a dead node would end the same way

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> shard(acme.getShard()).getNodeId().equals("n2"));
    ShardRecord promoted = shard(acme.getShard());
    assertEquals(2, promoted.getEpoch());
    assertEquals(0, promoted.getFollowersCount(), "the old primary left the set");
    assertEquals(upTo(25), rowsOnCopy("n2", acme), "every acknowledged commit");
    SessionClient s = session("acme");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (26)")));

    start("n1");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> stateOf(shard(acme.getShard()), "n1").equals(Optional.of(FollowerState.IN_SYNC)));
    assertEquals(upTo(26), rowsOnCopy("n1", acme));
    s.query("insert into t values (27)");
    assertEquals(upTo(27), rowsOnCopy("n1", acme));
  }

  @Test
  void aPlannedHandoverMakesTheFollowerPrimaryAndTheOldPrimaryFollows() throws Exception {
    TenantRecord acme = acmeWithRows(10);
    NodeReplicaGrpc.NodeReplicaBlockingStub n1 =
        NodeReplicaGrpc.newBlockingStub(InProcessChannelBuilder.forName(nodeName("n1")).build())
            .withDeadlineAfter(30, TimeUnit.SECONDS);

    PromoteResponse answer =
        n1.promote(
            PromoteRequest.newBuilder().setShard(acme.getShard()).setEpoch(1).setTo("n2").build());

    assertEquals(2, answer.getEpoch());
    ShardRecord after = shard(acme.getShard());
    assertEquals("n2", after.getNodeId());
    assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(after, "n1"));
    SessionClient s = session("acme");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (11)")));
    assertEquals(upTo(11), rowsOnCopy("n1", acme));
    StatusRuntimeException refused =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                n1.promote(
                    PromoteRequest.newBuilder()
                        .setShard(acme.getShard())
                        .setEpoch(2)
                        .setTo("n2")
                        .build()));
    assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
  }

  /** The file's identity: a snapshot installs a new file by rename, frames write into it. */
  private static Object fileKey(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  @Test
  void afterAPlannedHandoverTheOldPrimaryFollowsFromItsWalPositionWithoutASnapshot()
      throws Exception {
    TenantRecord acme = acmeWithRows(10);
    Path db = dataOf("n1").resolve("shards/" + acme.getShard() + "/acme.db");
    Object servedFile = fileKey(db);
    long snapshotsBefore = nodes.get("n2").replicaStatus().getSnapshotsSent();
    NodeReplicaGrpc.NodeReplicaBlockingStub n1 =
        NodeReplicaGrpc.newBlockingStub(InProcessChannelBuilder.forName(nodeName("n1")).build())
            .withDeadlineAfter(30, TimeUnit.SECONDS);

    n1.promote(
        PromoteRequest.newBuilder().setShard(acme.getShard()).setEpoch(1).setTo("n2").build());
    SessionClient s = session("acme");
    for (long i = 11; i <= 13; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ")")));
    }

    assertEquals(upTo(13), rowsOnCopy("n1", acme));
    assertEquals(
        Optional.of(FollowerState.IN_SYNC), stateOf(shard(acme.getShard()), "n1"), "acknowledged");
    assertEquals(
        snapshotsBefore,
        nodes.get("n2").replicaStatus().getSnapshotsSent(),
        "the new primary streamed frames to the old one, from the position its WAL kept");
    assertEquals(servedFile, fileKey(db), "no snapshot was installed over the copy n1 served");
  }

  @Test
  void aGracefulStopHandsThePrimarysShardsToTheirInSyncFollowersFirst() throws Exception {
    TenantRecord acme = acmeWithRows(10);

    nodes.get("n1").drain(Duration.ofSeconds(10), new CountDownLatch(1));

    // Before n1 deregisters: a failover could not have happened yet, this was the handover.
    ShardRecord after = shard(acme.getShard());
    assertEquals("n2", after.getNodeId());
    assertEquals(2, after.getEpoch());
    assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(after, "n1"));
    stop("n1");
    SessionClient s = session("acme");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (11)")));
    assertEquals(upTo(11), rowsOnCopy("n2", acme));
  }

  @Test
  void aGracefulStopKeepsAShardWhoseFollowerIsDown() throws Exception {
    TenantRecord acme = acmeWithRows(3);
    stop("n2");

    nodes.get("n1").drain(Duration.ofSeconds(5), new CountDownLatch(1));

    ShardRecord after = shard(acme.getShard());
    assertEquals("n1", after.getNodeId());
    assertEquals(1, after.getEpoch());
  }

  @Test
  void aFollowerOnADrainingNodeIsReplacedOnceTheNewCopyIsInSync() throws Exception {
    TenantRecord acme = acmeWithRows(10);
    start("n3");

    topology.setDraining("n2", true);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ShardRecord now = shard(acme.getShard());
              return now.getFollowersCount() == 1
                  && stateOf(now, "n3").equals(Optional.of(FollowerState.IN_SYNC));
            });
    assertEquals("n1", shard(acme.getShard()).getNodeId());
    assertEquals(upTo(10), rowsOnCopy("n3", acme));
    SessionClient s = session("acme");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (11)")));
    assertEquals(upTo(11), rowsOnCopy("n3", acme));
  }
}
