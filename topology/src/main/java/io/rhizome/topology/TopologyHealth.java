/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

/**
 * How this process's view of the cluster map is doing, for its metrics.
 *
 * @param appliedRevision the highest store revision the cache has applied: processes whose
 *     revisions stay apart for long have a watch that lags
 * @param watchRestarts times the watch ended and the cache was reloaded (the store was unreachable,
 *     or compacted past the watch)
 * @param storeErrors calls to the metadata store that failed (timed out, unavailable, refused)
 */
public record TopologyHealth(long appliedRevision, long watchRestarts, long storeErrors) {
  /** A topology that keeps no such figures. */
  public static final TopologyHealth NONE = new TopologyHealth(0, 0, 0);
}
