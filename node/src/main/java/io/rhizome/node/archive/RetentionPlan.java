/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.io.IOException;
import java.util.List;

/**
 * What retention deletes in one tenant's archive: snapshots older than the newest one at or before
 * the boundary (which must stay, so the boundary itself is restorable), and segments that start
 * well before that snapshot (segments are uploaded before a snapshot is taken, so a chain never
 * runs from before a snapshot into the time after it; the margin covers another node's chain).
 */
final class RetentionPlan {
  private static final long MARGIN_MILLIS = 60_000;

  private RetentionPlan() {}

  static void expire(ArchiveTarget target, String prefix, long boundaryUnixMs) throws IOException {
    List<String> snapshots =
        target.list(prefix + "snapshots/").stream().filter(k -> k.endsWith(".db")).toList();
    long keep = -1;
    for (String s : snapshots) {
      long t = ArchiveLayout.timeOf(s).orElse(Long.MAX_VALUE);
      if (t <= boundaryUnixMs) {
        keep = Math.max(keep, t);
      }
    }
    if (keep < 0) {
      return;
    }
    for (String s : snapshots) {
      if (ArchiveLayout.timeOf(s).orElse(Long.MAX_VALUE) < keep) {
        target.delete(ArchiveLayout.positionOf(s));
        target.delete(s);
      }
    }
    for (String segment : target.list(prefix + "segments/")) {
      if (ArchiveLayout.timeOf(segment).orElse(Long.MAX_VALUE) < keep - MARGIN_MILLIS) {
        target.delete(segment);
      }
    }
  }
}
