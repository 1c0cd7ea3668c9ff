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
   * follower's copies, unless a session outlived the bound: {@link #holdClosed} tells.
   */
  void release(int shard);

  /**
   * Keeps the tenant's files closed to this node's SQLite connections (sessions, warm-ups, the
   * handle cache) until the hold is closed, so that a follower may write them as raw copies; null
   * when one has them open, and nothing is held. A connection open while frames are appended would
   * not know them, and its close-time checkpoint, as the file's last connection, would delete them.
   */
  FilesHold holdClosed(int shard, String tenant);

  /** A tenant's files kept closed to this node's connections ({@link #holdClosed}). */
  interface FilesHold extends AutoCloseable {
    @Override
    void close();
  }
}
