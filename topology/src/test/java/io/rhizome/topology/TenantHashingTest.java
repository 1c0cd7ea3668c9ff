/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TenantHashingTest {
  // Expected values computed outside Java: python3 -c "import hashlib;
  // print(int.from_bytes(hashlib.sha256(b'acme').digest()[:8], 'big') % 256)"

  @Test
  void version1MapsNamesToFixedShards() {
    assertEquals(160, TenantHashing.shardOf(1, "acme", 256));
    assertEquals(231, TenantHashing.shardOf(1, "globex", 256));
    assertEquals(3, TenantHashing.shardOf(1, "initech", 256));
    assertEquals(200, TenantHashing.shardOf(1, "tenant-42", 256));
  }

  @Test
  void version1TreatsTheHashAsUnsigned() {
    // sha256("acme") starts 0x822b33ad87c148a0: negative as a signed long.
    assertEquals(2, TenantHashing.shardOf(1, "acme", 7));
    assertEquals(18592, TenantHashing.shardOf(1, "acme", 65536));
    assertEquals(48586, TenantHashing.shardOf(1, "a", 65536));
  }

  @Test
  void oneShardTakesEveryTenant() {
    assertEquals(0, TenantHashing.shardOf(1, "globex", 1));
  }
}
