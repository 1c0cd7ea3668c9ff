/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

/**
 * Walks WAL frames the way SQLite's recovery does: a frame counts only if its salts are the
 * header's and its checksum continues the chain; the log ends at the last valid frame that ends a
 * transaction. Fed whole frames in order (from a file or from the replication stream), it tracks
 * both the running end (every valid frame) and the committed end.
 */
final class WalChain {
  private final WalFormat.Header header;
  private long offset;
  private int s1;
  private int s2;
  private LogPosition committed;
  private boolean broken;

  /** A chain continuing at {@code from}, a position of {@code header}'s generation. */
  WalChain(WalFormat.Header header, LogPosition from) {
    this.header = header;
    this.offset = from.offset();
    this.s1 = from.checksum1();
    this.s2 = from.checksum2();
    this.committed = from;
  }

  /** A chain at the start of {@code header}'s generation. */
  static WalChain start(WalFormat.Header header) {
    return new WalChain(header, header.start());
  }

  /**
   * Takes the frames in {@code data[off, off + len)}, which start at the chain's running end; stops
   * at the first frame that does not continue it.
   *
   * @return how many bytes were valid frames
   */
  int feed(byte[] data, int off, int len) {
    int frame = header.frameBytes();
    int done = 0;
    while (!broken && done + frame <= len) {
      int at = off + done;
      if (WalFormat.bigEndianInt(data, at + 8) != header.salt1()
          || WalFormat.bigEndianInt(data, at + 12) != header.salt2()) {
        broken = true;
        break;
      }
      long sum = WalFormat.checksum(header.bigEndian(), s1, s2, data, at, 8);
      sum =
          WalFormat.checksum(
              header.bigEndian(),
              (int) (sum >>> 32),
              (int) sum,
              data,
              at + WalFormat.FRAME_HEADER_BYTES,
              header.pageSize());
      int c1 = (int) (sum >>> 32);
      int c2 = (int) sum;
      if (c1 != WalFormat.bigEndianInt(data, at + 16)
          || c2 != WalFormat.bigEndianInt(data, at + 20)) {
        broken = true;
        break;
      }
      s1 = c1;
      s2 = c2;
      offset += frame;
      done += frame;
      if (WalFormat.bigEndianInt(data, at + 4) != 0) {
        committed =
            new LogPosition(header.salt1(), header.salt2(), offset, c1, c2, header.pageSize());
      }
    }
    return done;
  }

  /** A frame did not continue the chain: nothing after it counts. */
  boolean broken() {
    return broken;
  }

  /** Just past the last valid frame. */
  long runningOffset() {
    return offset;
  }

  /** The running checksum just past the last valid frame (first word). */
  int checksumAtRunning1() {
    return s1;
  }

  /** The running checksum just past the last valid frame (second word). */
  int checksumAtRunning2() {
    return s2;
  }

  /** Just past the last valid frame that ends a transaction. */
  LogPosition committed() {
    return committed;
  }

  WalFormat.Header header() {
    return header;
  }
}
