/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static io.rhizome.node.Responses.describe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.proto.FollowerState;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A move of a replicated shard is a change of its replica set (docs/replication.md, "Moves"): the
 * destination joins as a follower, catches up, gets the shard by a planned handover, and the source
 * leaves the set.
 */
@Timeout(120)
class NodeReplicatedMoveTest extends ReplicaSetFixture {

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void theDestinationCatchesUpAsAFollowerAndTakesTheShardByHandover() throws Exception {
    start("n1");
    start("n2");
    TenantRecord acme = createTenant("acme");
    assertEquals("n1", shard(acme.getShard()).getNodeId());
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    for (long i = 1; i <= 20; i++) {
      s.query("insert into t values (" + i + ")");
    }
    start("n3");

    MoveRecord move = topology.startMove(acme.getShard(), "n3", "operator");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                topology
                    .move(acme.getShard())
                    .map(MoveRecord::getPhase)
                    .equals(Optional.of(MovePhase.MOVE_DONE)));
    assertEquals(0, topology.move(acme.getShard()).orElseThrow().getAttempts(), "one attempt");
    ShardRecord after = shard(acme.getShard());
    assertEquals("n3", after.getNodeId());
    assertEquals(move.getFromEpoch() + 1, after.getEpoch());
    assertEquals(
        List.of("n2"), after.getFollowersList().stream().map(ShardFollower::getNodeId).toList());
    assertEquals(Optional.of(FollowerState.IN_SYNC), stateOf(after, "n2"));
    assertEquals(upTo(20), rowsOnCopy("n3", acme));
    SessionClient moved = session("acme");
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"), describe(moved.query("insert into t values (21)")));
    assertEquals(upTo(21), rowsOnCopy("n2", acme), "the other follower follows the new primary");
  }

  @Test
  void aMoveToTheInSyncFollowerIsAHandover() throws Exception {
    start("n1");
    start("n2");
    TenantRecord acme = createTenant("acme");
    SessionClient s = session("acme");
    s.query("create table t (a int)");
    s.query("insert into t values (1)");

    MoveRecord move = topology.startMove(acme.getShard(), "n2", "operator");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                topology
                    .move(acme.getShard())
                    .map(MoveRecord::getPhase)
                    .equals(Optional.of(MovePhase.MOVE_DONE)));
    ShardRecord after = shard(acme.getShard());
    assertEquals("n2", after.getNodeId());
    assertEquals(move.getFromEpoch() + 1, after.getEpoch());
    assertEquals(upTo(1), rowsOnCopy("n2", acme));
    assertEquals(
        List.of("INSERT 0 1", "ready IDLE"),
        describe(session("acme").query("insert into t values (2)")));
  }
}
