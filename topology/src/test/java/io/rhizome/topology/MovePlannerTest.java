/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.MovePlanner.Plan;
import io.rhizome.topology.MovePlanner.PlannedMove;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MovePlannerTest {

  /** A cluster snapshot under construction. */
  private static final class Map0 {
    final List<ShardRecord> shards = new ArrayList<>();
    final List<NodeRecord> nodes = new ArrayList<>();
    Set<String> draining = Set.of();
    Map<Integer, String> unfinished = Map.of();
    Map<Integer, Long> bytes = Map.of();

    /** Shards first..first+count-1 on node. */
    Map0 owns(String node, int first, int count) {
      for (int s = first; s < first + count; s++) {
        shards.add(
            ShardRecord.newBuilder().setFormat(1).setShard(s).setNodeId(node).setEpoch(1).build());
      }
      return this;
    }

    Map0 live(String... ids) {
      for (String id : ids) {
        nodes.add(
            NodeRecord.newBuilder()
                .setFormat(1)
                .setId(id)
                .setAddress("inprocess:" + id)
                .setState(NodeState.NODE_UP)
                .build());
      }
      return this;
    }

    MovePlanner planner() {
      // The planner must not depend on the order the map lists things in.
      List<ShardRecord> s = new ArrayList<>(shards);
      List<NodeRecord> n = new ArrayList<>(nodes);
      Collections.reverse(s);
      Collections.reverse(n);
      return new MovePlanner(s, n, draining, unfinished, bytes);
    }
  }

  /** Shard counts per node after applying the plan. */
  private static Map<String, Integer> countsAfter(Map0 m, Plan plan) {
    Map<Integer, String> owner = new TreeMap<>();
    m.shards.forEach(s -> owner.put(s.getShard(), s.getNodeId()));
    m.unfinished.forEach(owner::put);
    for (PlannedMove move : plan.moves()) {
      assertEquals(owner.get(move.shard()), move.fromNode(), "moves from the current owner");
      owner.put(move.shard(), move.toNode());
    }
    Map<String, Integer> counts = new TreeMap<>();
    m.nodes.forEach(n -> counts.put(n.getId(), 0));
    owner.values().forEach(n -> counts.merge(n, 1, Integer::sum));
    return counts;
  }

  @Test
  void aNewNodeGetsExactlyItsShareInTheFewestMoves() {
    // 16 shards on n1, n2 (8 each); n3 joins: 16/3 → 6,5,5, so n3 needs 5 shards.
    Map0 m = new Map0().live("n1", "n2", "n3").owns("n1", 0, 8).owns("n2", 8, 8);

    Plan plan = m.planner().rebalance();

    assertEquals(5, plan.moves().size());
    assertTrue(plan.moves().stream().allMatch(mv -> mv.toNode().equals("n3")));
    assertEquals(Map.of("n1", 5, "n2", 6, "n3", 5), countsAfter(m, plan));
    assertEquals(Optional.empty(), plan.shortfall());
  }

  @Test
  void movesTheLowestNumberedShardsFromTheMostLoadedNodeFirst() {
    Map0 m = new Map0().live("n1", "n2").owns("n1", 0, 4);

    assertEquals(
        List.of(new PlannedMove(0, "n1", "n2"), new PlannedMove(1, "n1", "n2")),
        m.planner().rebalance().moves());
  }

  @Test
  void prefersTheSmallestShardsWhenSizesAreKnown() {
    Map0 m = new Map0().live("n1", "n2").owns("n1", 0, 4);
    m.bytes = Map.of(0, 900L, 1, 50L, 2, 700L, 3, 10L);

    assertEquals(
        List.of(new PlannedMove(3, "n1", "n2"), new PlannedMove(1, "n1", "n2")),
        m.planner().rebalance().moves());
  }

  @Test
  void aBalancedClusterNeedsNoMoves() {
    Map0 m = new Map0().live("n1", "n2", "n3").owns("n1", 0, 3).owns("n2", 3, 3).owns("n3", 6, 2);

    Plan plan = m.planner().rebalance();

    assertEquals(List.of(), plan.moves());
    assertEquals(Optional.empty(), plan.shortfall());
  }

  @Test
  void rebalanceEmptiesDrainingAndDeadNodesOntoTheLeastLoaded() {
    // n3 is draining, n4 is dead (owns shards, no registration).
    Map0 m =
        new Map0()
            .live("n1", "n2", "n3")
            .owns("n1", 0, 2)
            .owns("n2", 2, 4)
            .owns("n3", 6, 2)
            .owns("n4", 8, 2);
    m.draining = Set.of("n3");

    Plan plan = m.planner().rebalance();

    assertTrue(plan.moves().stream().noneMatch(mv -> mv.toNode().equals("n3")));
    // The four shards of n3 and n4 fill n1 and n2 to 5 each: no move between n1 and n2 is needed.
    assertEquals(Map.of("n1", 5, "n2", 5, "n3", 0), countsAfter(m, plan));
    assertEquals(4, plan.moves().size());
  }

  @Test
  void skipsShardsWithAnUnfinishedMoveAndCountsThemAtTheirDestination() {
    // n1 had 4, n2 0; two moves to n2 are under way: nothing more to do.
    Map0 m = new Map0().live("n1", "n2").owns("n1", 0, 4);
    m.unfinished = Map.of(0, "n2", 1, "n2");

    Plan plan = m.planner().rebalance();

    assertEquals(List.of(), plan.moves());
    assertEquals(Optional.empty(), plan.shortfall());
  }

  @Test
  void saysWhyWhenMovesUnderWayKeepItFromBalancing() {
    // All of n1's shards are already moving to n2; n3 is empty and nothing can go to it.
    Map0 m = new Map0().live("n1", "n2", "n3").owns("n1", 0, 3);
    m.unfinished = Map.of(0, "n2", 1, "n2", 2, "n2");

    Plan plan = m.planner().rebalance();

    assertEquals(List.of(), plan.moves());
    assertTrue(plan.shortfall().isPresent());
  }

  @Test
  void drainSpreadsTheNodesShardsOverTheLeastLoaded() {
    Map0 m = new Map0().live("n1", "n2", "n3").owns("n1", 0, 4).owns("n2", 4, 1).owns("n3", 5, 3);

    Plan plan = m.planner().drain("n1");

    assertEquals(
        List.of(
            new PlannedMove(0, "n1", "n2"),
            new PlannedMove(1, "n1", "n2"),
            new PlannedMove(2, "n1", "n2"),
            new PlannedMove(3, "n1", "n3")),
        plan.moves());
    assertEquals(Map.of("n1", 0, "n2", 4, "n3", 4), countsAfter(m, plan));
  }

  @Test
  void drainNeverMovesToOtherDrainingNodesNorMovesShardsAlreadyMoving() {
    Map0 m = new Map0().live("n1", "n2", "n3").owns("n1", 0, 3).owns("n2", 3, 1);
    m.draining = Set.of("n1", "n3");
    m.unfinished = Map.of(0, "n2");

    Plan plan = m.planner().drain("n1");

    assertEquals(
        List.of(new PlannedMove(1, "n1", "n2"), new PlannedMove(2, "n1", "n2")), plan.moves());
  }

  @Test
  void drainOfAnEmptyNodeIsAnEmptyPlan() {
    Map0 m = new Map0().live("n1", "n2").owns("n2", 0, 3);

    Plan plan = m.planner().drain("n1");

    assertEquals(List.of(), plan.moves());
    assertEquals(Optional.empty(), plan.shortfall());
  }

  @Test
  void withNoEligibleNodeThePlanIsEmptyWithAReason() {
    Map0 m = new Map0().live("n1", "n2").owns("n1", 0, 3).owns("n2", 3, 2);
    m.draining = Set.of("n2");

    Plan drain = m.planner().drain("n1");
    assertEquals(List.of(), drain.moves());
    assertTrue(drain.shortfall().orElseThrow().contains("no live node"));

    m.draining = Set.of("n1", "n2");
    Plan rebalance = m.planner().rebalance();
    assertEquals(List.of(), rebalance.moves());
    assertTrue(rebalance.shortfall().orElseThrow().contains("no live node"));
  }

  @Test
  void anEmptyClusterNeedsNoMoves() {
    assertEquals(new Plan(List.of(), Optional.empty()), new Map0().planner().rebalance());
  }

  @Test
  void theSameSnapshotGivesTheSamePlan() {
    Map0 m =
        new Map0().live("a", "b", "c", "d").owns("a", 0, 20).owns("b", 20, 7).owns("gone", 27, 5);
    m.bytes = Map.of(3, 1L, 17, 1L, 21, 5L);

    Plan first = m.planner().rebalance();
    for (int i = 0; i < 5; i++) {
      assertEquals(first, m.planner().rebalance());
    }
    Map<String, Integer> after = countsAfter(m, first);
    int max = Collections.max(after.values());
    int min = Collections.min(after.values());
    assertTrue(max - min <= 1, after::toString);
    // 32 shards over 4 nodes: 8 each. a gives 12, b is short 1, c and d take 8 each, 5 orphans.
    assertEquals(12 + 5, first.moves().size());
  }

  @Test
  void movesMatchTheLowerBoundOnManyShapes() {
    // Fewest moves = orphans + sum over eligible nodes of what they hold above their final share,
    // the larger shares going to the nodes that hold the most.
    for (int nodes = 1; nodes <= 5; nodes++) {
      for (int seed = 0; seed < 20; seed++) {
        java.util.Random random = new java.util.Random(seed * 31L + nodes);
        Map0 m = new Map0();
        List<Integer> held = new ArrayList<>();
        int next = 0;
        for (int n = 0; n < nodes; n++) {
          m.live("n" + n);
          int count = random.nextInt(12);
          m.owns("n" + n, next, count);
          next += count;
          held.add(count);
        }
        int orphans = random.nextInt(4);
        m.owns("dead", next, orphans);
        int total = next + orphans;

        Plan plan = m.planner().rebalance();

        List<Integer> sorted = new ArrayList<>(held);
        sorted.sort(Collections.reverseOrder());
        int lowerBound = orphans;
        for (int i = 0; i < nodes; i++) {
          int share = total / nodes + (i < total % nodes ? 1 : 0);
          lowerBound += Math.max(0, sorted.get(i) - share);
        }
        assertEquals(lowerBound, plan.moves().size(), "nodes=" + nodes + " seed=" + seed);
        Map<String, Integer> after = countsAfter(m, plan);
        after.remove("dead");
        assertTrue(
            Collections.max(after.values()) - Collections.min(after.values()) <= 1,
            after::toString);
      }
    }
  }
}
