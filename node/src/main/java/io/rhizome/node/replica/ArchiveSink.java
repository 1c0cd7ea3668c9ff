/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

/** Receives every batch a primary shipped, for the archive (point-in-time recovery). */
interface ArchiveSink {
  ArchiveSink NONE = (shard, tenant, from, scan) -> {};

  /**
   * The tenant's WAL from {@code from} to {@code scan.end()} is on every in-sync follower. Called
   * with the tenant's tail lock held: it must only queue work, never wait for it.
   */
  void shipped(int shard, String tenant, LogPosition from, WalScan.Result scan);
}
