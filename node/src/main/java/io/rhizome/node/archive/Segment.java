/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rhizome.proto.WalPosition;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An archive segment: a run of committed batches of one tenant, chained by WAL position (each batch
 * starts where the one before ended), so a restore can follow them from a snapshot's position.
 * Layout (big-endian):
 *
 * <pre>
 *   "RZSEG001"
 *   int32 n, n bytes: WalPosition where the run starts
 *   int32 n, n bytes: WalPosition where the run ends
 *   batches until the end: int64 commit_unix_ms, int32 page_size, int32 n, n bytes of WAL frames
 * </pre>
 */
final class Segment {
  private static final byte[] MAGIC = "RZSEG001".getBytes(StandardCharsets.US_ASCII);

  /** One shipped batch: whole WAL frames ending with a commit frame. */
  record Batch(long commitUnixMs, int pageSize, byte[] frames) {}

  final WalPosition from;
  final WalPosition end;
  final List<Batch> batches;

  Segment(WalPosition from, WalPosition end, List<Batch> batches) {
    this.from = from;
    this.end = end;
    this.batches = batches;
  }

  long firstCommitMs() {
    return batches.isEmpty() ? 0 : batches.get(0).commitUnixMs();
  }

  byte[] encode() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    byte[] f = from.toByteArray();
    out.writeInt(f.length);
    out.write(f);
    byte[] e = end.toByteArray();
    out.writeInt(e.length);
    out.write(e);
    for (Batch b : batches) {
      out.writeLong(b.commitUnixMs());
      out.writeInt(b.pageSize());
      out.writeInt(b.frames().length);
      out.write(b.frames());
    }
    out.flush();
    return bytes.toByteArray();
  }

  static Segment decode(byte[] data) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not an archive segment");
    }
    WalPosition from = position(in);
    WalPosition end = position(in);
    List<Batch> batches = new ArrayList<>();
    while (true) {
      long ms;
      try {
        ms = in.readLong();
      } catch (EOFException done) {
        break;
      }
      int pageSize = in.readInt();
      int n = in.readInt();
      if (n < 0 || n > data.length) {
        throw new IOException("a corrupt archive segment");
      }
      byte[] frames = new byte[n];
      in.readFully(frames);
      batches.add(new Batch(ms, pageSize, frames));
    }
    return new Segment(from, end, batches);
  }

  private static WalPosition position(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1024) {
      throw new IOException("a corrupt archive segment");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    try {
      return WalPosition.parseFrom(b);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("a corrupt archive segment", e);
    }
  }
}
