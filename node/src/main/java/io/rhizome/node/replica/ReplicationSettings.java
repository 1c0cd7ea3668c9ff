/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node replicates (docs/replication.md).
 *
 * @param zone this node's failure domain label ("" = none): followers go to other zones first
 * @param ackTimeout how long a commit waits for an in-sync follower before dropping it from the set
 * @param snapshotTimeout how long a snapshot of one tenant to one follower may take
 * @param checkpointBytes the node checkpoints a tenant once its WAL is this long (SQLite's default
 *     automatic checkpoint, 1000 pages of 4 KiB, in bytes)
 * @param upkeepInterval how often primaries sync catching-up followers and restore the factor
 * @param replaceAfter how long a follower's node may be gone before another node replaces it
 */
public record ReplicationSettings(
    String zone,
    Duration ackTimeout,
    Duration snapshotTimeout,
    long checkpointBytes,
    Duration upkeepInterval,
    Duration replaceAfter) {

  public static final ReplicationSettings DEFAULT =
      new ReplicationSettings(
          "",
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          4L << 20,
          Duration.ofSeconds(1),
          Duration.ofSeconds(10));

  public ReplicationSettings {
    Objects.requireNonNull(zone, "zone");
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("the ack timeout must be positive");
    }
    if (replaceAfter.isNegative()) {
      throw new IllegalArgumentException("the replacement delay must not be negative");
    }
    if (checkpointBytes < 4096) {
      throw new IllegalArgumentException("checkpointBytes must be at least one page");
    }
  }

  public ReplicationSettings withZone(String newZone) {
    return new ReplicationSettings(
        newZone, ackTimeout, snapshotTimeout, checkpointBytes, upkeepInterval, replaceAfter);
  }

  public ReplicationSettings withAckTimeout(Duration timeout) {
    return new ReplicationSettings(
        zone, timeout, snapshotTimeout, checkpointBytes, upkeepInterval, replaceAfter);
  }

  public ReplicationSettings withReplaceAfter(Duration after) {
    return new ReplicationSettings(
        zone, ackTimeout, snapshotTimeout, checkpointBytes, upkeepInterval, after);
  }

  public ReplicationSettings withCheckpointBytes(long bytes) {
    return new ReplicationSettings(
        zone, ackTimeout, snapshotTimeout, bytes, upkeepInterval, replaceAfter);
  }
}
