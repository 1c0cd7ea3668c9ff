/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rhizome.node.metrics.NodeMeters;
import io.rhizome.node.rpc.SessionMetrics;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.ReplicaPositions;
import io.rhizome.proto.ReplicaReply;
import io.rhizome.proto.ReplicaRequest;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.NodeRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Synchronous replication between real nodes (docs/replication.md, "The commit path"). */
@Timeout(120)
class NodeReplicationTest extends ReplicaSetFixture {

  private TenantRecord acmeOnN1WithFollowerN2() throws Exception {
    start("n1");
    start("n2");
    TenantRecord acme = createTenant("acme");
    ShardRecord shard = shard(acme.getShard());
    assertEquals("n1", shard.getNodeId());
    assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(shard, "n2"));
    return acme;
  }

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void everyAcknowledgedCommitIsOnTheInSyncFollower() throws Exception {
    TenantRecord acme = acmeOnN1WithFollowerN2();
    SessionClient s = session("acme");
    assertEquals(
        List.of("CREATE TABLE", "ready IDLE"), describe(s.query("create table t (a int)")));

    for (long i = 1; i <= 20; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ")")));
      assertEquals(upTo(i), rowsOnCopy("n2", acme), "after commit " + i);
    }
    // An explicit transaction, an implicit one (two statements) and an extended-protocol write.
    s.query("begin");
    s.query("insert into t values (21)");
    assertEquals(upTo(20), rowsOnCopy("n2", acme), "nothing before the COMMIT");
    assertEquals(List.of("COMMIT", "ready IDLE"), describe(s.query("commit")));
    assertEquals(upTo(21), rowsOnCopy("n2", acme));
    s.query("insert into t values (22)", "insert into t values (23)");
    assertEquals(upTo(23), rowsOnCopy("n2", acme));
  }

  /**
   * A commit of a replicated shard waits for the follower's acknowledgement, which may need the
   * very thread that delivered the write: it never runs there, even when that thread serves no
   * other session (docs/architecture.md, "The query path").
   */
  @Test
  void writesOfAReplicatedShardNeverRunOnTheThreadThatDeliversThem() throws Exception {
    TenantRecord acme = acmeOnN1WithFollowerN2();
    SessionClient s = session("acme", true);
    s.query("create table t (a int)");
    SessionMetrics metrics = nodes.get("n1").metrics();
    long inline = metrics.requestsInline();
    for (long i = 1; i <= 5; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ")")));
    }
    s.query("begin");
    s.query("insert into t values (6)");
    assertEquals(List.of("COMMIT", "ready IDLE"), describe(s.query("commit")));
    assertEquals(upTo(6), rowsOnCopy("n2", acme));
    assertEquals(inline, metrics.requestsInline(), "no write answered where it was delivered");
    // Not for want of a thread that could: the same session's reads run there.
    s.query("select 1");
    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.requestsInline() > inline);
  }

  @Test
  void aFollowerThatStopsIsDroppedFromTheInSyncSetAndCommitsGoOn() throws Exception {
    TenantRecord acme = acmeOnN1WithFollowerN2();
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    s.query("insert into t values (1)");

    stop("n2");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (2)")));

    ShardRecord after = shard(acme.getShard());
    assertEquals(Optional.of(FollowerState.CATCHING_UP), stateOf(after, "n2"));
    assertEquals(1, after.getEpoch(), "dropping a follower does not change the epoch");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(s.query("insert into t values (3)")));

    // The primary's meters show the follower it lost and what it lacks.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new NodeMeters(registry).bind(nodes.get("n1"), topology, "n1");
    assertEquals(1.0, registry.get("rhizome.node.replica.followers.disconnected").gauge().value());
    assertEquals(1.0, registry.get("rhizome.node.replica.tenants.behind").gauge().value());
    assertTrue(registry.get("rhizome.node.replica.lag").gauge().value() > 0);
    assertEquals(0.0, registry.get("rhizome.node.archive.lag").gauge().value(), "no archive");
  }

  @Test
  void aFollowerThatComesBackCatchesUpAndIsInSyncAgain() throws Exception {
    TenantRecord acme = acmeOnN1WithFollowerN2();
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    s.query("insert into t values (1)");
    stop("n2");
    for (int i = 2; i <= 30; i++) {
      s.query("insert into t values (" + i + ")");
    }
    assertEquals(Optional.of(FollowerState.CATCHING_UP), stateOf(shard(acme.getShard()), "n2"));

    start("n2");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> stateOf(shard(acme.getShard()), "n2").equals(Optional.of(FollowerState.IN_SYNC)));
    assertEquals(upTo(30), rowsOnCopy("n2", acme));
    s.query("insert into t values (31)");
    assertEquals(upTo(31), rowsOnCopy("n2", acme));
  }

  @Test
  void aNewTenantOnAReplicatedShardReachesTheFollowerWithItsFirstCommit() throws Exception {
    acmeOnN1WithFollowerN2();
    TenantRecord other = null;
    for (int i = 0; other == null; i++) {
      TenantRecord t = createTenant("other" + i);
      if (shard(t.getShard()).getNodeId().equals("n1")) {
        other = t;
      }
    }
    SessionClient s = session(other.getName());
    s.query("create table t (a int)");
    s.query("insert into t values (7)");

    assertEquals(List.of(7L), rowsOnCopy("n2", other));
  }

  @Test
  void checkpointsAndNewGenerationsKeepTheCopyIdentical() throws Exception {
    TenantRecord acme = acmeOnN1WithFollowerN2();
    SessionClient s = session("acme");
    s.query("create table t (a int, pad blob)");
    List<Long> expected = new ArrayList<>();
    // About 10 MiB of pages: the node checkpoints every 4 MiB and SQLite starts the log over.
    for (long i = 1; i <= 250; i++) {
      assertEquals(
          List.of("INSERT 0 1", "ready IDLE"),
          describe(s.query("insert into t values (" + i + ", randomblob(40000))")));
      expected.add(i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(rowsOnCopy("n2", acme)));
    s.query("insert into t values (251, null)");
    expected.add(251L);
    assertEquals(expected, rowsOnCopy("n2", acme));
    long walBytes =
        java.nio.file.Files.size(
            dataOf("n1").resolve("shards/" + acme.getShard() + "/acme.db-wal"));
    assertTrue(walBytes < 8L << 20, "the node checkpointed the WAL: " + walBytes);
  }

  @Test
  void aPrimaryReplacedWhileItWaitsForItsFollowerAcknowledgesNothing() throws Exception {
    // A follower that takes the stream and never acknowledges: the commit waits on it.
    CountDownLatch framesArrived = new CountDownLatch(1);
    String silent = "silent-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(silent)
            .addService(
                new NodeReplicaGrpc.NodeReplicaImplBase() {
                  @Override
                  public StreamObserver<ReplicaRequest> follow(
                      StreamObserver<ReplicaReply> replies) {
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(ReplicaRequest request) {
                        if (request.hasHello()) {
                          replies.onNext(
                              ReplicaReply.newBuilder()
                                  .setPositions(ReplicaPositions.getDefaultInstance())
                                  .build());
                        } else {
                          framesArrived.countDown();
                        }
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
    try (NodeRegistration n2 =
        topology.registerNode(
            NodeRecord.newBuilder()
                .setId("n2")
                .setAddress("inprocess:" + silent)
                .setState(NodeState.NODE_UP)
                .build())) {
      start("n1");
      TenantRecord acme = createTenant("acme");
      assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(shard(acme.getShard()), "n2"));
      SessionClient s = session("acme");
      CompletableFuture<List<String>> create =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return describe(s.query("create table t (a int)"));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertTrue(framesArrived.await(10, TimeUnit.SECONDS), "the commit reached the follower");

      // While the commit waits for the acknowledgement, the follower is promoted (by the
      // metadata's one compare-and-set; the old primary stays listed as a follower, as after a
      // handover, since a failover needs its registration gone and this one is alive).
      topology.replicaSets().promote(acme.getShard(), "n1", 1, "n2", true);

      List<String> answer = create.get(30, TimeUnit.SECONDS);
      assertEquals("error 40003", answer.get(0), "the commit was not acknowledged: " + answer);
    } finally {
      server.shutdownNow();
    }
  }
}
