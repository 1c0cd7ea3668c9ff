/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TestStores;
import io.rhizome.proto.ShardRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnownedShardsTest {
  @TempDir Path data;

  @Test
  void findsTheShardsOnDiskThatTheMapGivesToAnotherNodeOrToNone() throws Exception {
    TenantStore store = TestStores.open(data, Duration.ofSeconds(1));
    for (int shard : List.of(3, 7, 9)) {
      store.open(shard, "t" + shard).close();
    }
    Files.createDirectories(data.resolve("shards/12")); // empty: nothing of a tenant there
    Files.createDirectories(data.resolve("shards/not-a-shard"));
    assertEquals(Set.of(3, 7, 9), store.shardsOnDisk());

    SortedMap<Integer, String> unowned =
        UnownedShards.find(
            store.shardsOnDisk(),
            List.of(placement(3, "n1"), placement(7, "n2"), placement(12, "n2")),
            "n1");
    assertEquals(new TreeMap<>(Map.of(7, "n2", 9, "")), unowned);
    assertEquals("7 (owned by n2), 9 (no owner)", UnownedShards.describe(unowned));
  }

  private static ShardRecord placement(int shard, String node) {
    return ShardRecord.newBuilder().setShard(shard).setNodeId(node).setEpoch(1).build();
  }
}
