/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.util.Optional;

/**
 * Keys of a tenant's archive: {@code <cluster>/<tenant>/<created>/snapshots/<ms>-<node>-<n>.db} (a
 * database image at a commit, its WAL position in {@code .pos} beside it) and {@code
 * .../segments/<first ms>-<node>-<n>.seg}. The tenant's creation time keeps a tenant dropped and
 * created again under the same name apart. Times are 13-digit milliseconds, so keys sort by time.
 */
final class ArchiveLayout {
  private ArchiveLayout() {}

  static String tenantPrefix(String cluster, String tenant, long createdUnixMs) {
    return cluster + "/" + tenant + "/" + createdUnixMs + "/";
  }

  static String snapshot(String prefix, long unixMs, String node, long n) {
    return prefix + "snapshots/" + stamp(unixMs) + "-" + node + "-" + n + ".db";
  }

  static String positionOf(String snapshotKey) {
    return snapshotKey.substring(0, snapshotKey.length() - ".db".length()) + ".pos";
  }

  static String segment(String prefix, long firstUnixMs, String node, long n) {
    return prefix + "segments/" + stamp(firstUnixMs) + "-" + node + "-" + n + ".seg";
  }

  /** The time at the start of a snapshot's or segment's file name. */
  static Optional<Long> timeOf(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dash = name.indexOf('-');
    if (dash != 13) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(name.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String stamp(long unixMs) {
    return String.format("%013d", unixMs);
  }
}
