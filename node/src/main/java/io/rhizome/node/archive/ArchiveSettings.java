/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node archives (docs/replication.md, "Point-in-time recovery").
 *
 * @param flushInterval the longest a shipped commit waits in memory before it is uploaded (the
 *     archive's lag under steady writes)
 * @param retention how far back a restore can go; older objects are deleted, except the newest
 *     snapshot before the boundary
 * @param snapshotBytes a tenant gets a new snapshot after this many bytes of segments, which bounds
 *     what a restore replays
 * @param maxQueuedBytes shipped frames held for upload at most; past it the archive drops frames
 *     and takes a snapshot of the tenants concerned instead (a gap in what can be restored)
 */
public record ArchiveSettings(
    Duration flushInterval, Duration retention, long snapshotBytes, long maxQueuedBytes) {
  public static final ArchiveSettings DEFAULT =
      new ArchiveSettings(Duration.ofSeconds(1), Duration.ofDays(7), 64L << 20, 256L << 20);

  public ArchiveSettings {
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(retention, "retention");
  }

  public ArchiveSettings withRetention(Duration newRetention) {
    return new ArchiveSettings(flushInterval, newRetention, snapshotBytes, maxQueuedBytes);
  }
}
