/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.Value;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DRAIN NODE on a cluster with replication factor 2, whose nodes are registrations only: the
 * console plans a handover of each replicated shard to its in-sync follower on a node that is not
 * draining, and since no node process answers the handover here, falls back to moving the shard. (A
 * handover that happens is proven with real processes in the cli's PlannedHandoverIT.)
 */
@Timeout(60)
class DrainHandoverConsoleTest extends ConsoleFixture {

  @Override
  int replicationFactor() {
    return 2;
  }

  @Test
  void aHandoverThatFailsIsReportedAndTheShardIsMovedInstead() throws Exception {
    register("n1");
    register("n2");
    register("n3");
    for (int i = 0; i < 12; i++) {
      topology.createTenant("t" + i, user("app"));
    }
    topology.setDraining("n3", true);
    eventually(() -> topology.drainingNodes().contains("n3"));
    Set<Integer> n1Shards = new TreeSet<>();
    for (ShardRecord s : topology.shards()) {
      if (s.getNodeId().equals("n1")) {
        n1Shards.add(s.getShard());
      }
    }
    assertTrue(!n1Shards.isEmpty(), "n1 is the primary of some shards: " + topology.shards());

    Answer drained = ok("DRAIN NODE 'n1'");

    Set<Integer> handoversTried = new TreeSet<>();
    Set<Integer> moved = new TreeSet<>();
    for (Map<String, Value> row : drained.rows()) {
      int shard = (int) row.get("shard").getInteger();
      assertEquals("n1", row.get("from").getText());
      assertEquals("drain", row.get("reason").getText());
      String phase = row.get("phase").getText();
      if (phase.equals(MoveRows.NOT_HANDED_OVER)) {
        handoversTried.add(shard);
        String follower = topology.shard(shard).orElseThrow().getFollowers(0).getNodeId();
        assertEquals(follower, row.get("to").getText(), "to the in-sync follower");
        assertTrue(
            row.get("error").getText().contains("cannot promote"), row.get("error").getText());
      } else {
        assertEquals("copying", phase, row.toString());
        assertEquals("n2", row.get("to").getText(), "never to the draining n3");
        moved.add(shard);
      }
    }
    Set<Integer> followedOutsideN3 = new TreeSet<>();
    for (int shard : n1Shards) {
      if (!topology.shard(shard).orElseThrow().getFollowers(0).getNodeId().equals("n3")) {
        followedOutsideN3.add(shard);
      }
    }
    assertTrue(!followedOutsideN3.isEmpty(), "some shard of n1 is followed on n2");
    assertEquals(followedOutsideN3, handoversTried, "a handover only to a follower not draining");
    assertEquals(n1Shards, moved, "every shard whose handover did not happen is moved");
    Set<Integer> recorded = new TreeSet<>();
    topology.moves().forEach(m -> recorded.add(m.getShard()));
    assertEquals(n1Shards, recorded);
  }
}
