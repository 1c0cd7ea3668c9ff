/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tenant name to shard. A version, once shipped, never changes: every stored tenant's shard
 * directory was chosen with it. A new function gets a new version, recorded in the cluster record.
 */
final class TenantHashing {
  /** SHA-256 of the UTF-8 name, first 8 bytes as an unsigned big-endian long, modulo shards. */
  static final int V1 = 1;

  private TenantHashing() {}

  static boolean isSupported(int version) {
    return version == V1;
  }

  static int shardOf(int version, String tenant, int shardCount) {
    if (version != V1) {
      throw new IllegalArgumentException("unsupported tenant hash version " + version);
    }
    byte[] digest = sha256().digest(tenant.getBytes(StandardCharsets.UTF_8));
    long head = 0;
    for (int i = 0; i < 8; i++) {
      head = (head << 8) | (digest[i] & 0xFF);
    }
    return (int) Long.remainderUnsigned(head, shardCount);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
