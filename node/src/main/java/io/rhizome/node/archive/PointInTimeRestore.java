/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rhizome.proto.WalPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a tenant's database as it was at a moment from its archive: the newest snapshot taken at
 * or before that moment, then the chain of segments that continues it (each starts where the last
 * one ended, by WAL position), replaying every batch committed at or before the moment: the page of
 * every frame written in log order, the file cut to the size each commit names.
 */
public final class PointInTimeRestore {
  /** The archive holds nothing from which that moment can be rebuilt. */
  public static final class NotCoveredException extends Exception {
    NotCoveredException(String message) {
      super(message);
    }
  }

  /** What a restore put together. */
  public record Restored(long snapshotUnixMs, long lastCommitUnixMs, int batches) {}

  private PointInTimeRestore() {}

  /**
   * Writes the tenant's database as of {@code atUnixMs} to {@code out}.
   *
   * @param createdUnixMs the tenant record's creation time (it names its archive)
   */
  public static Restored build(
      ArchiveTarget target,
      String cluster,
      String tenant,
      long createdUnixMs,
      long atUnixMs,
      Path out)
      throws IOException, NotCoveredException {
    String prefix = ArchiveLayout.tenantPrefix(cluster, tenant, createdUnixMs);
    String snapshot = null;
    long snapshotMs = -1;
    for (String key : target.list(prefix + "snapshots/")) {
      Optional<Long> t = ArchiveLayout.timeOf(key);
      if (key.endsWith(".db") && t.isPresent() && t.get() <= atUnixMs && t.get() >= snapshotMs) {
        snapshot = key;
        snapshotMs = t.get();
      }
    }
    if (snapshot == null) {
      throw new NotCoveredException(
          "the archive of \"" + tenant + "\" has no snapshot at or before that time");
    }
    target.download(snapshot, out);
    WalPosition at = position(target.get(ArchiveLayout.positionOf(snapshot)));
    Map<WalPosition, Segment> byStart = new HashMap<>();
    for (String key : target.list(prefix + "segments/")) {
      long first = ArchiveLayout.timeOf(key).orElse(Long.MAX_VALUE);
      // A segment continuing the snapshot was shipped after it was taken.
      if (first >= snapshotMs - 1 && first <= atUnixMs) {
        Segment s = Segment.decode(target.get(key));
        byStart.putIfAbsent(s.from, s);
      }
    }
    long last = snapshotMs;
    int replayed = 0;
    try (FileChannel db =
        FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Segment next = byStart.get(at);
      replay:
      while (next != null) {
        for (Segment.Batch batch : next.batches) {
          if (batch.commitUnixMs() > atUnixMs) {
            break replay;
          }
          apply(db, batch);
          last = batch.commitUnixMs();
          replayed++;
        }
        next = byStart.get(next.end);
      }
      db.force(true);
    }
    return new Restored(snapshotMs, last, replayed);
  }

  /** Writes each frame's page and cuts the file to the size of the batch's last commit. */
  private static void apply(FileChannel db, Segment.Batch batch) throws IOException {
    int pageSize = batch.pageSize();
    int frame = 24 + pageSize;
    byte[] f = batch.frames();
    long size = -1;
    for (int at = 0; at + frame <= f.length; at += frame) {
      long page = ByteBuffer.wrap(f, at, 4).getInt() & 0xffffffffL;
      int commit = ByteBuffer.wrap(f, at + 4, 4).getInt();
      ByteBuffer data = ByteBuffer.wrap(f, at + 24, pageSize);
      long pos = (page - 1) * pageSize;
      while (data.hasRemaining()) {
        pos += db.write(data, pos);
      }
      if (commit != 0) {
        size = (commit & 0xffffffffL) * pageSize;
      }
    }
    if (size >= 0 && db.size() > size) {
      db.truncate(size);
    }
  }

  private static WalPosition position(byte[] bytes) throws IOException {
    try {
      return WalPosition.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("a corrupt snapshot position", e);
    }
  }

  /** Lists, for an operator, the snapshot times of a tenant's archive. */
  public static List<Long> snapshotTimes(
      ArchiveTarget target, String cluster, String tenant, long createdUnixMs) throws IOException {
    List<Long> times = new ArrayList<>();
    for (String key :
        target.list(ArchiveLayout.tenantPrefix(cluster, tenant, createdUnixMs) + "snapshots/")) {
      if (key.endsWith(".db")) {
        ArchiveLayout.timeOf(key).ifPresent(times::add);
      }
    }
    return times;
  }
}
