/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The node's checkpoints of replicated tenants (their connections run with {@code
 * wal_autocheckpoint = 0}): once a tenant's WAL passes the size SQLite would checkpoint at, one
 * connection takes SQLite's write lock ({@code BEGIN IMMEDIATE}: no commit can happen), everything
 * committed is shipped, and a second connection checkpoints with the tenant's tail lock held. The
 * checkpoint can then only copy back shipped frames, and the writer that later starts the log over
 * overwrites only shipped frames (docs/replication.md, "Nobody else may restart the log").
 */
final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private final ExecutorService executor;
  private final long thresholdBytes;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  Checkpoints(ExecutorService executor, long thresholdBytes) {
    this.executor = executor;
    this.thresholdBytes = thresholdBytes;
  }

  /** Queues a checkpoint of the tenant when its WAL is long enough (at most one queued each). */
  void maybe(ShardReplicator replicator, String tenant, LogPosition end) {
    if (end.offset() < thresholdBytes) {
      return;
    }
    String key = replicator.shard() + "/" + tenant;
    if (!queued.add(key)) {
      return;
    }
    executor.execute(
        () -> {
          try {
            checkpoint(replicator, tenant);
          } catch (Exception e) {
            LOG.warn(
                "checkpoint of tenant {} (shard {}) failed: {}",
                tenant,
                replicator.shard(),
                e.toString());
          } finally {
            queued.remove(key);
          }
        });
  }

  /**
   * Within {@link ShardReplicator#whileServing}: after a handover this node may append a follower's
   * frames to the WAL, and a connection of a checkpoint closing then as the file's last one would
   * checkpoint and delete that WAL.
   */
  private static void checkpoint(ShardReplicator replicator, String tenant) throws Exception {
    ReplicaContext context = replicator.context();
    replicator.whileServing(
        () -> {
          try (SQLiteConnection writer = context.open(replicator.shard(), tenant);
              Statement lock = writer.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            try {
              replicator.withTail(
                  tenant,
                  () -> {
                    try (SQLiteConnection checkpointer = context.open(replicator.shard(), tenant);
                        Statement s = checkpointer.createStatement()) {
                      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    }
                  });
            } finally {
              rollback(lock);
            }
          }
        });
  }

  private static void rollback(Statement lock) {
    try {
      lock.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debug("ending the checkpoint's write lock failed", e);
    }
  }
}
