/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a tenant's {@code -wal} file: where its committed frames end, from a known position on (the
 * primary after a commit) or from the start (a follower finding out what its copy holds).
 */
final class WalScan {
  /** Frames read per positional read. */
  private static final int FRAMES_PER_READ = 64;

  private WalScan() {}

  /**
   * What a scan found.
   *
   * @param header the file's 32 header bytes (null when the file holds no valid WAL)
   * @param start where the scan began: the given position when it is of the file's generation, else
   *     the start of the generation
   * @param end just past the last commit frame at or after {@code start}
   */
  record Result(byte[] header, WalFormat.Header parsed, LogPosition start, LogPosition end) {
    static final Result NONE = new Result(null, null, LogPosition.NONE, LogPosition.NONE);

    boolean exists() {
      return parsed != null;
    }

    /** Whether the scan started a generation the caller did not know. */
    boolean newGeneration(LogPosition known) {
      return exists() && !start.equals(known);
    }
  }

  /** Scans {@code wal} from {@code from} (or from its start when of another generation). */
  static Result scan(Path wal, LogPosition from) throws IOException {
    try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
      return scan(channel, from);
    } catch (NoSuchFileException e) {
      return Result.NONE;
    }
  }

  static Result scan(FileChannel channel, LogPosition from) throws IOException {
    long size = channel.size();
    if (size < WalFormat.HEADER_BYTES) {
      return Result.NONE;
    }
    byte[] headerBytes = read(channel, 0, WalFormat.HEADER_BYTES);
    WalFormat.Header header = WalFormat.header(headerBytes);
    if (header == null) {
      return Result.NONE;
    }
    LogPosition start =
        from.exists()
                && from.salt1() == header.salt1()
                && from.salt2() == header.salt2()
                && from.pageSize() == header.pageSize()
            ? from
            : header.start();
    WalChain chain = new WalChain(header, start);
    int frame = header.frameBytes();
    long at = start.offset();
    // Sized to what is there: after a commit, a frame or a few rather than FRAMES_PER_READ.
    int bufferFrames = (int) Math.max(1, Math.min(FRAMES_PER_READ, (size - at) / frame));
    byte[] buffer = new byte[frame * bufferFrames];
    while (!chain.broken() && at + frame <= size) {
      int frames = (int) Math.min(FRAMES_PER_READ, (size - at) / frame);
      int length = frames * frame;
      readInto(channel, at, buffer, length);
      int valid = chain.feed(buffer, 0, length);
      at += valid;
    }
    return new Result(headerBytes, header, start, chain.committed());
  }

  /**
   * The position at {@code offset} of {@code wal}'s current generation, read from the frame that
   * ends there (SQLite stores the running checksum in every frame header), or NONE when no frame of
   * that generation ends there.
   */
  static LogPosition positionAt(FileChannel channel, WalFormat.Header header, long offset)
      throws IOException {
    if (offset == WalFormat.HEADER_BYTES) {
      return header.start();
    }
    int frame = header.frameBytes();
    if (offset < WalFormat.HEADER_BYTES + frame
        || (offset - WalFormat.HEADER_BYTES) % frame != 0
        || offset > channel.size()) {
      return LogPosition.NONE;
    }
    byte[] h = read(channel, offset - frame, WalFormat.FRAME_HEADER_BYTES);
    if (WalFormat.bigEndianInt(h, 8) != header.salt1()
        || WalFormat.bigEndianInt(h, 12) != header.salt2()) {
      return LogPosition.NONE;
    }
    return new LogPosition(
        header.salt1(),
        header.salt2(),
        offset,
        WalFormat.bigEndianInt(h, 16),
        WalFormat.bigEndianInt(h, 20),
        header.pageSize());
  }

  static byte[] read(FileChannel channel, long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    readInto(channel, position, bytes, length);
    return bytes;
  }

  static void readInto(FileChannel channel, long position, byte[] into, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new EOFException("the WAL ended while it was being read");
      }
    }
  }
}
