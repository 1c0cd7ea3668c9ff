/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one session calls after each commit that wrote, before the client hears of it: on a shard
 * with one copy and {@code synchronous = FULL}, the sync of the tenant's WAL that makes the commit
 * durable (shared with the tenant's other commits through {@link GroupCommit}); else nothing.
 *
 * <p>It also tells when the WAL has outgrown the size SQLite's own checkpoints keep it to: with the
 * sync out of SQLite's write lock, writers of one tenant overlap, some connection is nearly always
 * reading the log, every checkpoint SQLite tries after a commit stops short of the newest frames,
 * and the log never starts over (docs/benchmarks.md, "Eight clients writing one tenant"). The
 * session then checkpoints in a way that waits for the readers ({@code CheckpointingFence}). The
 * connections of such shards keep at most {@link #limitBytes} of WAL file once the log starts over
 * ({@code journal_size_limit}), so a longer file means a log that did not.
 *
 * <p>The WAL is opened at the first sync and closed with the session. While the session holds its
 * handle, SQLite keeps that file (it deletes it only when the last connection to the tenant
 * closes), so the descriptor is never one of a file that was dropped and made again.
 *
 * <p>Confined to the thread running the session.
 */
public final class WalSync implements AutoCloseable {
  /** For sessions whose commits are made durable elsewhere (replicated shards) or not at all. */
  public static final WalSync NONE = new WalSync(null, null, null);

  /** SQLite's default {@code wal_autocheckpoint}, which the node keeps: frames of WAL. */
  public static final int CHECKPOINT_FRAMES = 1000;

  /**
   * Syncs of one commit each run in the process between two looks at a WAL's size: each tenant's
   * WAL is looked at after one in this many such syncs on average, and after every sync that
   * covered several commits (writers that overlap, where the log fails to start over). A look is an
   * {@code fstat}, and on Linux 6.13 and later a file whose times were read gets a fine-grained
   * time at its next write: the inode changes, and the next sync writes it out and waits for that
   * too (a third wait for the disk per commit where there were two: 7,400 against 9,500 inserts a
   * second from one client, measured). A lone writer pays that once in 64 commits; its log starts
   * over by SQLite's own checkpoints unless readers overlap it.
   */
  static final int SYNCS_PER_LOOK = 64;

  private static final AtomicInteger SYNCS = new AtomicInteger();

  private static final int HEADER_BYTES = 32;
  private static final int FRAME_HEADER_BYTES = 24;

  private final GroupCommit group;
  private final Path wal;
  private final String key;
  private FileChannel channel;
  private long limitBytes;
  private boolean closed;

  WalSync(GroupCommit group, Path db, Path wal) {
    this.group = group;
    this.wal = wal;
    this.key = db == null ? null : db.toString();
  }

  /**
   * The WAL file's size at SQLite's checkpoint: the log has {@link #CHECKPOINT_FRAMES} frames of
   * {@code pageSize} bytes.
   */
  public static long limitBytes(long pageSize) {
    return HEADER_BYTES + CHECKPOINT_FRAMES * (FRAME_HEADER_BYTES + pageSize);
  }

  /**
   * Makes every commit this session has made durable.
   *
   * @return whether the WAL has outgrown {@link #limitBytes}: the caller should checkpoint it and
   *     make the log start over (looked at as {@link #SYNCS_PER_LOOK} says)
   * @throws IOException when the WAL could not be opened or synced: whether the commit survives a
   *     crash is unknown
   */
  public boolean committed() throws IOException {
    if (group == null) {
      return false;
    }
    if (closed) {
      throw new IOException("the session's WAL sync is closed");
    }
    if (channel == null && !open()) {
      // No WAL, or no header in it yet: no commit was written to it, so none waits for a sync
      // (a statement taken for a write that wrote nothing, as a session's first PRAGMA).
      return false;
    }
    FileChannel log = channel;
    // fdatasync: the WAL's size, when a commit grew it, is synced with its data.
    int covered = group.committed(key, () -> log.force(false));
    boolean look = covered > 1 || covered == 1 && SYNCS.incrementAndGet() % SYNCS_PER_LOOK == 0;
    return look && log.size() > limitBytes;
  }

  /** Opens the WAL and reads its page size; false when there is no WAL or no header yet. */
  private boolean open() throws IOException {
    FileChannel log;
    try {
      log = FileChannel.open(wal, StandardOpenOption.WRITE, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    try {
      // The page size is a big-endian 32-bit number at offset 8 of the WAL header.
      ByteBuffer size = ByteBuffer.allocate(4);
      while (size.hasRemaining() && log.read(size, 8 + size.position()) >= 0) {
        // reads until the 4 bytes are in, or the end of the file
      }
      if (size.hasRemaining()) {
        log.close();
        return false;
      }
      limitBytes = limitBytes(size.flip().getInt() & 0xffffffffL);
    } catch (IOException e) {
      log.close();
      throw e;
    }
    channel = log;
    return true;
  }

  @Override
  public void close() {
    if (group == null) {
      return;
    }
    closed = true;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing was written through it: nothing to lose.
      }
      channel = null;
    }
  }
}
