/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.proto.ShardRecord;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shards a node finds files of in its data directory but does not own by the cluster map: left
 * behind by a move, or a data directory restored from elsewhere. The node never serves them (every
 * session names the shard's epoch, which the owner check refuses); this only tells the operator, at
 * startup, what is lying there.
 */
final class UnownedShards {
  private UnownedShards() {}

  /**
   * Each shard on disk that {@code nodeId} does not own, with its owner ("" when it has none).
   *
   * @param onDisk shards with tenant files in the data directory
   * @param placements the cluster's shard records
   */
  static SortedMap<Integer, String> find(
      Collection<Integer> onDisk, Collection<ShardRecord> placements, String nodeId) {
    Map<Integer, String> owners =
        placements.stream()
            .collect(Collectors.toMap(ShardRecord::getShard, ShardRecord::getNodeId));
    SortedMap<Integer, String> unowned = new TreeMap<>();
    for (int shard : onDisk) {
      String owner = owners.getOrDefault(shard, "");
      if (!owner.equals(nodeId)) {
        unowned.put(shard, owner);
      }
    }
    return unowned;
  }

  /** "3 (owned by n1), 7 (no owner)". */
  static String describe(SortedMap<Integer, String> unowned) {
    Function<Map.Entry<Integer, String>, String> one =
        e ->
            e.getKey()
                + (e.getValue().isEmpty() ? " (no owner)" : " (owned by " + e.getValue() + ")");
    return unowned.entrySet().stream().map(one).collect(Collectors.joining(", "));
  }
}
