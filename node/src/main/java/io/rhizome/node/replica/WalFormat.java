/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SQLite's WAL file format (sqlite.org/fileformat2.html, "The Write-Ahead Log"): a 32-byte header,
 * then frames of a 24-byte header and one page each. All header fields are big-endian; the
 * checksums are SQLite's Fibonacci-weighted sums over 32-bit words read in the byte order the magic
 * number names, chained from the header through every frame of a generation.
 *
 * <pre>
 *   header: magic(4) version(4) page_size(4) checkpoint_seq(4) salt1(4) salt2(4) cksum1(4) cksum2(4)
 *   frame:  page_number(4) commit_size_in_pages(4, 0 unless it ends a transaction)
 *           salt1(4) salt2(4) cksum1(4) cksum2(4) page(page_size)
 * </pre>
 */
final class WalFormat {
  static final int HEADER_BYTES = 32;
  static final int FRAME_HEADER_BYTES = 24;
  private static final int MAGIC = 0x377f0682;

  private WalFormat() {}

  /** A parsed, checksum-verified WAL header. */
  record Header(
      int pageSize, int salt1, int salt2, int checksum1, int checksum2, boolean bigEndian) {
    /** The position of a generation with no frames yet: just past the header. */
    LogPosition start() {
      return new LogPosition(salt1, salt2, HEADER_BYTES, checksum1, checksum2, pageSize);
    }

    int frameBytes() {
      return FRAME_HEADER_BYTES + pageSize;
    }
  }

  /** The header in {@code bytes} (32 of them), or null when it is not a valid WAL header. */
  static Header header(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int magic = b.getInt(0);
    if ((magic & ~1) != MAGIC) {
      return null;
    }
    boolean bigEndian = (magic & 1) != 0;
    int pageSize = b.getInt(8);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      return null;
    }
    long sum = checksum(bigEndian, 0, 0, bytes, 0, 24);
    int c1 = b.getInt(24);
    int c2 = b.getInt(28);
    if ((int) (sum >>> 32) != c1 || (int) sum != c2) {
      return null;
    }
    return new Header(pageSize, b.getInt(16), b.getInt(20), c1, c2, bigEndian);
  }

  /**
   * SQLite's checksum over {@code length} bytes (a multiple of 8) continuing from ({@code s1},
   * {@code s2}); returns the new pair as {@code s1 << 32 | s2}.
   */
  static long checksum(boolean bigEndian, int s1, int s2, byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i += 8) {
      int x0 = word(data, i, bigEndian);
      int x1 = word(data, i + 4, bigEndian);
      s1 += x0 + s2;
      s2 += x1 + s1;
    }
    return ((long) s1 << 32) | (s2 & 0xffffffffL);
  }

  private static int word(byte[] d, int i, boolean bigEndian) {
    if (bigEndian) {
      return (d[i] & 0xff) << 24
          | (d[i + 1] & 0xff) << 16
          | (d[i + 2] & 0xff) << 8
          | (d[i + 3] & 0xff);
    }
    return (d[i + 3] & 0xff) << 24
        | (d[i + 2] & 0xff) << 16
        | (d[i + 1] & 0xff) << 8
        | (d[i] & 0xff);
  }

  static int bigEndianInt(byte[] d, int i) {
    return (d[i] & 0xff) << 24
        | (d[i + 1] & 0xff) << 16
        | (d[i + 2] & 0xff) << 8
        | (d[i + 3] & 0xff);
  }
}
