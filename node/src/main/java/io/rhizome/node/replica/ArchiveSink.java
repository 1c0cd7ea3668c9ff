/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.proto.WalPosition;

/** Receives every batch a primary shipped, for the archive (point-in-time recovery). */
public interface ArchiveSink {
  ArchiveSink NONE = (shard, tenant, from, end, commitUnixMs, pageSize, frames) -> {};

  /**
   * The tenant's committed WAL from {@code from} to {@code end} is on every in-sync follower:
   * {@code frames} are those whole frames (of {@code pageSize} pages), ending with a commit frame.
   * Called with the tenant's tail lock held: it must only queue work, never wait for it.
   */
  void shipped(
      int shard,
      String tenant,
      WalPosition from,
      WalPosition end,
      long commitUnixMs,
      int pageSize,
      byte[] frames);

  /** The commit time of the newest batch in the archive (0: none, or no archive). */
  default long archivedUnixMs() {
    return 0;
  }

  /** How long the oldest commit not yet archived has waited, in milliseconds. */
  default long lagMillis() {
    return 0;
  }

  /** Batches waiting to be archived. */
  default int queued() {
    return 0;
  }
}
