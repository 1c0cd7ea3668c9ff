/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.util.concurrent.CompletableFuture;

/** What replication asks of a node's sessions when a shard changes hands. */
public interface ShardSessions {
  /**
   * Refuses new writes to the shard at {@code epoch} (gateways retry auto-commit writes, a write in
   * a transaction gets 40001) and completes when the writes already running have finished.
   */
  CompletableFuture<Void> freezeWrites(int shard, long epoch);

  /** Lifts {@link #freezeWrites}. */
  void thawWrites(int shard);

  /**
   * Ends the shard's sessions with the placement the map has now (gateways re-route them) and
   * closes the idle SQLite handles of its tenants; returns once they are closed or a bound passed.
   * After it, no connection of this node has the shard's files open, so they may be written as a
   * follower's copies.
   */
  void release(int shard);
}
