/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Plans shard moves from a snapshot of the map; pure (no I/O, no clock), so the same snapshot
 * always gives the same plan.
 *
 * <p>Eligible nodes are the live ones that are not draining: only they receive shards. Loads count
 * shards per eligible node, a shard with an unfinished move counting at its destination (where it
 * will end up), so planning twice while moves run does not move more than needed. Shards with an
 * unfinished move are never planned again.
 *
 * <p>Ties are broken by node id (lowest first) and, among a node's shards, by bytes (smallest
 * first, when known: cheapest to copy) and then by shard number.
 */
public final class MovePlanner {

  /** One planned move. */
  public record PlannedMove(int shard, String fromNode, String toNode) {
    public PlannedMove {
      Objects.requireNonNull(fromNode);
      Objects.requireNonNull(toNode);
    }
  }

  /**
   * A plan: the moves in the order to start them, and why it falls short of its goal when it does
   * (empty when the moves reach the goal, including "nothing to do").
   */
  public record Plan(List<PlannedMove> moves, Optional<String> shortfall) {
    public Plan {
      moves = List.copyOf(moves);
      Objects.requireNonNull(shortfall);
    }
  }

  private final Map<Integer, String> owners = new TreeMap<>();

  /** Live nodes that are not draining: the only ones that receive shards. */
  private final Set<String> eligible = new TreeSet<>();

  private final Map<Integer, String> unfinished;
  private final Map<Integer, Long> bytes;

  /**
   * @param shards current placements
   * @param liveNodes nodes holding a live registration
   * @param draining ids of nodes marked draining (live or not)
   * @param unfinishedMoves shard to destination node of each move not yet done or cancelled
   * @param bytesPerShard size of each shard where known (others sort by shard number alone)
   */
  public MovePlanner(
      List<ShardRecord> shards,
      List<NodeRecord> liveNodes,
      Set<String> draining,
      Map<Integer, String> unfinishedMoves,
      Map<Integer, Long> bytesPerShard) {
    for (ShardRecord s : shards) {
      owners.put(s.getShard(), s.getNodeId());
    }
    for (NodeRecord n : liveNodes) {
      if (!draining.contains(n.getId())) {
        eligible.add(n.getId());
      }
    }
    this.unfinished = Map.copyOf(unfinishedMoves);
    this.bytes = Map.copyOf(bytesPerShard);
  }

  /**
   * The fewest moves that leave the eligible nodes' shard counts at most 1 apart, after every shard
   * of a draining or dead node has moved to an eligible node.
   */
  public Plan rebalance() {
    if (eligible.isEmpty()) {
      return movable(id -> true).isEmpty()
          ? new Plan(List.of(), Optional.empty())
          : noEligibleNode();
    }
    Loads loads = loads(eligible);
    List<PlannedMove> moves = new ArrayList<>();
    for (int shard : movable(id -> !eligible.contains(id))) {
      moves.add(loads.moveToLeastLoaded(shard, owners.get(shard)));
    }
    while (true) {
      String least = loads.leastLoaded();
      Optional<PlannedMove> next = Optional.empty();
      // The most loaded donor that still has a shard of its own to give (not one on its way in).
      for (String donor : loads.byLoadDescending()) {
        if (loads.count(donor) - loads.count(least) <= 1) {
          break;
        }
        Optional<Integer> shard = loads.smallestShardOf(donor);
        if (shard.isPresent()) {
          next = Optional.of(loads.move(shard.get(), donor, least));
          break;
        }
      }
      if (next.isEmpty()) {
        break;
      }
      moves.add(next.get());
    }
    Optional<String> shortfall =
        loads.spread() > 1
            ? Optional.of(
                "moves under way keep the shard counts from evening out; plan again when they"
                    + " finish")
            : Optional.empty();
    return new Plan(moves, shortfall);
  }

  /**
   * Every shard of {@code nodeId} (but those already moving) to the least loaded eligible nodes.
   */
  public Plan drain(String nodeId) {
    Set<String> takers = new TreeSet<>(eligible);
    takers.remove(nodeId);
    List<Integer> shards = movable(nodeId::equals);
    if (shards.isEmpty()) {
      return new Plan(List.of(), Optional.empty());
    }
    if (takers.isEmpty()) {
      return noEligibleNode();
    }
    Loads loads = loads(takers);
    List<PlannedMove> moves = new ArrayList<>();
    for (int shard : shards) {
      moves.add(loads.moveToLeastLoaded(shard, nodeId));
    }
    return new Plan(moves, Optional.empty());
  }

  private static Plan noEligibleNode() {
    return new Plan(List.of(), Optional.of("no live node that is not draining can take shards"));
  }

  /** Shards without an unfinished move whose owner matches, in the order to move them. */
  private List<Integer> movable(Predicate<String> owner) {
    return owners.entrySet().stream()
        .filter(e -> !unfinished.containsKey(e.getKey()) && owner.test(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted(bySize())
        .toList();
  }

  private Comparator<Integer> bySize() {
    return Comparator.<Integer>comparingLong(s -> bytes.getOrDefault(s, 0L))
        .thenComparing(Comparator.naturalOrder());
  }

  private Loads loads(Set<String> takers) {
    Loads loads = new Loads();
    for (String node : takers) {
      loads.shards.put(node, new TreeSet<>(bySize()));
      loads.incoming.put(node, 0);
    }
    owners.forEach(
        (shard, owner) -> {
          String destination = unfinished.get(shard);
          if (destination != null && takers.contains(destination)) {
            loads.incoming.merge(destination, 1, Integer::sum);
          } else if (destination != null && takers.contains(owner)) {
            // Moving to a node that cannot take it: it stays where it is, for now.
            loads.incoming.merge(owner, 1, Integer::sum);
          } else if (destination == null && takers.contains(owner)) {
            loads.shards.get(owner).add(shard);
          }
        });
    return loads;
  }

  /** Shard counts of the eligible nodes as the plan grows. */
  private final class Loads {
    /** Shards a node owns and may give away. */
    final Map<String, TreeSet<Integer>> shards = new TreeMap<>();

    /** Shards counted at a node that may not be moved again: unfinished or planned moves. */
    final Map<String, Integer> incoming = new TreeMap<>();

    int count(String node) {
      return shards.get(node).size() + incoming.get(node);
    }

    String leastLoaded() {
      return shards.keySet().stream()
          .min(Comparator.comparingInt(this::count).thenComparing(Comparator.naturalOrder()))
          .orElseThrow();
    }

    List<String> byLoadDescending() {
      return shards.keySet().stream()
          .sorted(
              Comparator.comparingInt(this::count)
                  .reversed()
                  .thenComparing(Comparator.naturalOrder()))
          .toList();
    }

    int spread() {
      List<String> order = byLoadDescending();
      return count(order.get(0)) - count(order.get(order.size() - 1));
    }

    Optional<Integer> smallestShardOf(String node) {
      TreeSet<Integer> own = shards.get(node);
      return own.isEmpty() ? Optional.empty() : Optional.of(own.first());
    }

    PlannedMove moveToLeastLoaded(int shard, String from) {
      return move(shard, from, leastLoaded());
    }

    PlannedMove move(int shard, String from, String to) {
      if (shards.containsKey(from)) {
        shards.get(from).remove(shard);
      }
      incoming.merge(to, 1, Integer::sum);
      return new PlannedMove(shard, from, to);
    }
  }
}
