/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A freeze is bounded: by the drain timeout while it waits, then by the maximum freeze. */
class NodeFreezeBoundsTest extends ShardMoveFixture {
  @Override
  MoveSourceSettings moveSource() {
    return MoveSourceSettings.DEFAULT
        .withDrainTimeout(Duration.ofMillis(300))
        .withMaxFreeze(Duration.ofSeconds(1));
  }

  @Test
  void aFreezeThatDoesNotDrainInTimeIsThawedAndAborted() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    SessionClient slow = parkedWriter("acme", "insert into t values (1)");
    Topology.Freeze freeze = freezeRecord(shard);

    StatusRuntimeException aborted =
        assertThrows(
            StatusRuntimeException.class, () -> admin().freezeShard(freezeRequest(freeze)));

    assertEquals(Status.Code.ABORTED, aborted.getStatus().getCode());
    assertEquals(Optional.empty(), topology.refreshFreeze(shard));
    assertTrue(node.frozenShards().isEmpty());
    assertEquals("ready IDLE", finish(slow));
    await().atMost(Duration.ofSeconds(10)).until(() -> topology.freeze(shard).isEmpty());
    assertWrites("acme");
    TopologyException noFlip =
        assertThrows(TopologyException.class, () -> topology.flipShard(freeze.move(), freeze));
    assertEquals(TopologyException.Reason.FAILED_PRECONDITION, noFlip.reason());
  }

  @Test
  void aFreezeThatOutlivesItsBoundThawsAndTheFlipCanNoLongerHappen() throws Exception {
    TenantRecord acme = tenant("acme");
    int shard = acme.getShard();
    session("acme").query("create table t (a int)");
    Topology.Freeze freeze = freezeRecord(shard);
    admin().freezeShard(freezeRequest(freeze));
    assertEquals(java.util.Set.of(shard), node.frozenShards());

    await().atMost(Duration.ofSeconds(10)).until(() -> node.frozenShards().isEmpty());

    assertEquals(Optional.empty(), topology.refreshFreeze(shard));
    await().atMost(Duration.ofSeconds(10)).until(() -> topology.freeze(shard).isEmpty());
    assertWrites("acme");
    assertThrows(TopologyException.class, () -> topology.flipShard(freeze.move(), freeze));
  }
}
