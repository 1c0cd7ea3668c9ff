/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * SQLite's checkpoint done by hand on a copy no SQLite connection has open: the page of every
 * committed frame is written into the database file in log order (later frames overwrite earlier
 * ones), the file is cut to the size the last commit names, made durable, and then the WAL is
 * deleted. Repeating it after a crash half-way gives the same file, since the WAL is deleted only
 * once the database is durable.
 */
final class WalApply {
  private WalApply() {}

  /**
   * Applies {@code wal}'s committed frames into {@code db} and deletes {@code wal} (and a stale
   * {@code -shm} beside it).
   *
   * @return the position the database now holds (NONE when there was no WAL)
   */
  static LogPosition checkpoint(Path db, Path wal) throws IOException {
    WalScan.Result scan = WalScan.scan(wal, LogPosition.NONE);
    if (scan.exists() && scan.end().offset() > WalFormat.HEADER_BYTES) {
      try (FileChannel log = FileChannel.open(wal, StandardOpenOption.READ);
          FileChannel out =
              FileChannel.open(db, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
        applyFrames(log, scan.parsed(), scan.end().offset(), out);
        out.force(true);
      }
    }
    Files.deleteIfExists(wal);
    Files.deleteIfExists(wal.resolveSibling(db.getFileName() + "-shm"));
    return scan.end();
  }

  /** Writes the pages of the frames in [32, end) of {@code log} into {@code out}. */
  static void applyFrames(FileChannel log, WalFormat.Header header, long end, FileChannel out)
      throws IOException {
    int pageSize = header.pageSize();
    int frame = header.frameBytes();
    byte[] buffer = new byte[frame];
    long lastSize = -1;
    for (long at = WalFormat.HEADER_BYTES; at + frame <= end; at += frame) {
      WalScan.readInto(log, at, buffer, frame);
      long page = WalFormat.bigEndianInt(buffer, 0) & 0xffffffffL;
      int commitSize = WalFormat.bigEndianInt(buffer, 4);
      writeFully(out, (page - 1) * pageSize, buffer, WalFormat.FRAME_HEADER_BYTES, pageSize);
      if (commitSize != 0) {
        lastSize = (commitSize & 0xffffffffL) * pageSize;
      }
    }
    if (lastSize >= 0 && out.size() > lastSize) {
      out.truncate(lastSize);
    }
  }

  static void writeFully(FileChannel out, long position, byte[] data, int offset, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data, offset, length);
    long at = position;
    while (buffer.hasRemaining()) {
      at += out.write(buffer, at);
    }
  }
}
