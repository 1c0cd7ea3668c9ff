/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
  private final KeyLayout keys = new KeyLayout("prod");

  @Test
  void keysLiveUnderTheClusterRoot() {
    assertEquals("/rhizome/prod/cluster", keys.cluster());
    assertEquals("/rhizome/prod/admin", keys.admin());
    assertEquals("/rhizome/prod/shards/00042", keys.shard(42));
    assertEquals("/rhizome/prod/shards/65535", keys.shard(65535));
    assertEquals("/rhizome/prod/nodes/n1", keys.node("n1"));
    assertEquals("/rhizome/prod/tenants/acme", keys.tenant("acme"));
    assertEquals("/rhizome/prod/moves/00007", keys.move(7));
    assertEquals("/rhizome/prod/freezes/00007", keys.freeze(7));
    assertEquals("/rhizome/prod/drains/n1", keys.drain("n1"));
    assertEquals("/rhizome/prod/relocations/00016/acme", keys.relocation(16, "acme"));
  }

  @Test
  void tenantsSortAfterEveryOtherKindSoTheMapIsOneRange() {
    List<String> others =
        List.of(
            keys.cluster(),
            keys.clusterCreating(),
            keys.admin(),
            keys.shard(65535),
            keys.node("zzzz"),
            keys.move(65535),
            keys.freeze(65535),
            keys.drain("zzzz"),
            keys.relocation(65535, "zzzz"));
    for (String key : others) {
      assertTrue(key.compareTo(keys.tenantsPrefix()) < 0, key);
      assertTrue(keys.parse(key).orElseThrow().kind() != KeyLayout.Kind.TENANT, key);
    }
    assertTrue(keys.tenant("zzzz").compareTo(keys.end()) < 0);
    assertEquals(KeyLayout.Kind.values().length - 1, others.size(), "every kind but TENANT listed");
  }

  @Test
  void parsesItsOwnKeysAndNoOthers() {
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.SHARD, "00042"), keys.parse(keys.shard(42)).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.TENANT, "acme"), keys.parse(keys.tenant("acme")).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.NODE, "n1"), keys.parse(keys.node("n1")).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.CLUSTER_CREATING, ""),
        keys.parse(keys.clusterCreating()).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.MOVE, "00007"), keys.parse(keys.move(7)).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.FREEZE, "00007"), keys.parse(keys.freeze(7)).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.DRAIN, "n1"), keys.parse(keys.drain("n1")).get());
    assertEquals(
        new KeyLayout.Parsed(KeyLayout.Kind.RELOCATION, "00016/acme"),
        keys.parse(keys.relocation(16, "acme")).get());
    assertTrue(keys.parse("/rhizome/prod/relocations/16/acme").isEmpty());
    assertTrue(keys.parse("/rhizome/prod/moves/7").isEmpty());
    assertTrue(keys.parse("/rhizome/production/tenants/acme").isEmpty());
    assertTrue(keys.parse("/rhizome/prod/shards/4x").isEmpty());
    assertTrue(keys.parse("/rhizome/prod/tenants/").isEmpty());
  }
}
