/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.nio.file.Path;

/**
 * The JDBC URL under which the node opens a tenant's live SQLite file: on a shard with one copy, a
 * SQLite URI naming the {@code unix-excl} VFS.
 *
 * <p>Why: with the default VFS every transaction takes and drops POSIX advisory locks with {@code
 * fcntl} system calls (6 per single-row insert, 2 per point select, 5% of the CPU of an 8-client
 * point select), only to coordinate with other processes. A node is the only process that opens its
 * tenants' files. {@code unix-excl} takes one lock on the file for the whole process at the first
 * transaction, then coordinates this process's connections in memory (SQLite tracks their locks per
 * file there in either VFS) and keeps the WAL index in the heap instead of a {@code -shm} file.
 * Durability and crash recovery are unchanged: the WAL is written and synced as before, and the
 * first connection to open a file rebuilds the index from it, as it does after a crash with the
 * default VFS.
 *
 * <p>The price: while the node has a tenant open, no other process can read the file ({@code
 * sqlite3} says "database is locked"); backups and copies go through the node (docs/operations.md,
 * "Reading a tenant's file on a running node").
 *
 * <p>Replicated shards keep the default VFS: their WAL is shipped, checkpointed by the node and
 * kept past a connection's close by {@code WalKeeper}'s shared locks, and with {@code unix-excl} a
 * planned handover's old primary lost its WAL position (NodeFailoverTest); that interplay was not
 * worked out, so those shards do not use it.
 */
public final class TenantFileUrl {
  private TenantFileUrl() {}

  /**
   * The URL of {@code file}: with {@code unix-excl} if {@code processLocked}, else SQLite's default
   * VFS; path characters that a URI would read ({@code % ? #}) escaped.
   */
  public static String of(Path file, boolean processLocked) {
    StringBuilder uri = new StringBuilder("jdbc:sqlite:file:");
    for (char c : file.toString().toCharArray()) {
      switch (c) {
        case '%' -> uri.append("%25");
        case '?' -> uri.append("%3f");
        case '#' -> uri.append("%23");
        default -> uri.append(c);
      }
    }
    return processLocked ? uri.append("?vfs=unix-excl").toString() : uri.toString();
  }
}
