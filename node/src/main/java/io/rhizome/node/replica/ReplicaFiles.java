/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A follower's copies of tenant files: {@code shards/<shard>/<tenant>.db} and its {@code -wal},
 * byte for byte the primary's up to the last commit received, at the paths a primary uses, so a
 * promoted follower opens them like any primary. No SQLite connection ever has them open while this
 * node follows the shard.
 *
 * <p>Per tenant it keeps the committed position (scanned from the file the first time) and the
 * running chain of a batch whose chunks are still arriving. Appends verify that the bytes continue
 * the copy (same generation, same offset, checksums chain) before writing anything: a batch that
 * does not is refused as a mismatch, and the primary sends a snapshot instead.
 *
 * <p>Thread safety: one stream per shard writes, but a shard may be followed again (a new stream
 * after a failover) while an old stream winds down, so every tenant's state is guarded by its own
 * lock.
 */
public final class ReplicaFiles {
  /** Where snapshots are staged before they are renamed into place (not a shard number). */
  static final String INCOMING = ".incoming";

  private final TenantStore store;
  private final TenantTrash trash;
  private final Map<Key, Copy> copies = new ConcurrentHashMap<>();

  private record Key(int shard, String tenant) {}

  /** One tenant's copy; guarded by itself. */
  private static final class Copy {
    LogPosition committed;
    WalChain running;
    FileChannel stagedDb;
    FileChannel stagedWal;
  }

  /** A batch that did not continue the copy: nothing was written. */
  static final class MismatchException extends Exception {
    private final LogPosition position;

    MismatchException(String message, LogPosition position) {
      super(message, null, false, false);
      this.position = position;
    }

    LogPosition position() {
      return position;
    }
  }

  public ReplicaFiles(TenantStore store, TenantTrash trash) {
    this.store = store;
    this.trash = trash;
  }

  /** The positions of the tenant copies this node holds for {@code shard}. */
  SortedMap<String, LogPosition> positions(int shard) throws IOException {
    SortedMap<String, LogPosition> positions = new TreeMap<>();
    for (String tenant : store.tenantsOfShard(shard)) {
      positions.put(tenant, position(shard, tenant));
    }
    return positions;
  }

  /** Where the copy of {@code tenant} ends (NONE when there is none). */
  LogPosition position(int shard, String tenant) throws IOException {
    Copy copy = copy(shard, tenant);
    synchronized (copy) {
      return loaded(shard, tenant, copy);
    }
  }

  /**
   * Writes frames at {@code offset} of the copy's WAL, after checking that they continue it; a
   * {@code header} starts a new generation (offset 32) after the current WAL was applied into the
   * database file. With {@code sync} the WAL is forced to disk before this returns.
   *
   * @return the copy's committed position afterwards
   */
  LogPosition append(
      int shard, String tenant, byte[] header, long offset, byte[] data, boolean sync)
      throws IOException, MismatchException {
    Copy copy = copy(shard, tenant);
    synchronized (copy) {
      LogPosition committed = loaded(shard, tenant, copy);
      Path db = store.tenantFile(shard, tenant);
      Path wal = TenantStore.walFile(db);
      if (header != null) {
        WalFormat.Header parsed = WalFormat.header(header);
        if (parsed == null || offset != WalFormat.HEADER_BYTES) {
          throw new MismatchException("not a WAL header", committed);
        }
        if (!Files.exists(db)) {
          throw new MismatchException("no copy to start a generation on", committed);
        }
        if (committed.exists()
            && committed.salt1() == parsed.salt1()
            && committed.salt2() == parsed.salt2()) {
          throw new MismatchException("the generation is already under way", committed);
        }
        WalChain chain = WalChain.start(parsed);
        if (chain.feed(data, 0, data.length) != data.length) {
          throw new MismatchException("the frames do not chain from the header", committed);
        }
        // Everything of the old generation goes into the database file first: the new header
        // makes its frames unreadable.
        WalApply.checkpoint(db, wal);
        try (FileChannel out =
            FileChannel.open(
                wal,
                StandardOpenOption.WRITE,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          WalApply.writeFully(out, 0, header, 0, header.length);
          WalApply.writeFully(out, offset, data, 0, data.length);
          if (sync) {
            out.force(false);
          }
        }
        copy.running = chain;
        copy.committed = chain.committed();
        return copy.committed;
      }
      if (copy.running == null) {
        if (!committed.exists()) {
          throw new MismatchException("no copy of the tenant", committed);
        }
        copy.running = new WalChain(headerOf(wal), committed);
      }
      if (offset != copy.running.runningOffset()) {
        long running = copy.running.runningOffset();
        copy.running = null;
        throw new MismatchException(
            "the frames start at " + offset + ", the copy ends at " + running, committed);
      }
      WalChain trial = new WalChain(copy.running.header(), runningPosition(copy.running));
      if (trial.feed(data, 0, data.length) != data.length) {
        copy.running = null;
        throw new MismatchException("the frames do not continue the copy", committed);
      }
      try (FileChannel out = FileChannel.open(wal, StandardOpenOption.WRITE)) {
        WalApply.writeFully(out, offset, data, 0, data.length);
        if (sync) {
          out.force(false);
        }
      }
      copy.running = trial;
      copy.committed = trial.committed();
      return copy.committed;
    }
  }

  /**
   * Takes one chunk of a snapshot: the database file's bytes, then the WAL's; {@code last} installs
   * both (the old WAL removed first, then the database renamed into place, then the WAL, so a crash
   * leaves the old copy, or the new database alone, never a WAL over a database it does not belong
   * to).
   *
   * @return the copy's position after a {@code last} chunk, else null
   */
  LogPosition snapshot(int shard, String tenant, boolean wal, byte[] data, boolean last)
      throws IOException {
    Copy copy = copy(shard, tenant);
    synchronized (copy) {
      Path db = store.tenantFile(shard, tenant);
      Path incoming = Files.createDirectories(db.getParent().resolve(INCOMING));
      Path stagedDb = incoming.resolve(db.getFileName());
      Path stagedWal = TenantStore.walFile(stagedDb);
      if (copy.stagedDb == null) {
        copy.stagedDb = open(stagedDb);
        copy.stagedWal = open(stagedWal);
      }
      FileChannel into = wal ? copy.stagedWal : copy.stagedDb;
      WalApply.writeFully(into, into.size(), data, 0, data.length);
      if (!last) {
        return null;
      }
      boolean hasWal = copy.stagedWal.size() > 0;
      try {
        copy.stagedDb.force(true);
        copy.stagedWal.force(true);
      } finally {
        closeStaged(copy);
      }
      Path liveWal = TenantStore.walFile(db);
      Files.deleteIfExists(liveWal);
      Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-shm"));
      Files.move(stagedDb, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (hasWal) {
        Files.move(
            stagedWal,
            liveWal,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(stagedWal);
      }
      syncDirectory(db.getParent());
      copy.running = null;
      copy.committed = WalScan.scan(liveWal, LogPosition.NONE).end();
      return copy.committed;
    }
  }

  /** Moves the copy of a tenant the primary no longer has to the trash. */
  void drop(int shard, String tenant) throws IOException {
    Copy copy = copy(shard, tenant);
    synchronized (copy) {
      Path db = store.tenantFile(shard, tenant);
      if (Files.exists(db)) {
        trash.trash(db, tenant, Instant.now());
      }
      copy.committed = LogPosition.NONE;
      copy.running = null;
    }
  }

  /**
   * Forgets what it knows of the shard's copies (the node becomes the shard's primary, or stops
   * following it): the next stream reads the files again.
   */
  public void forget(int shard) {
    Map<Key, Copy> gone = new HashMap<>();
    copies.forEach(
        (k, v) -> {
          if (k.shard() == shard) {
            gone.put(k, v);
          }
        });
    gone.forEach(
        (k, v) -> {
          synchronized (v) {
            closeStaged(v);
            copies.remove(k, v);
          }
        });
  }

  private Copy copy(int shard, String tenant) {
    return copies.computeIfAbsent(new Key(shard, tenant), k -> new Copy());
  }

  private LogPosition loaded(int shard, String tenant, Copy copy) throws IOException {
    if (copy.committed == null) {
      Path db = store.tenantFile(shard, tenant);
      // A database without a WAL counts as no copy: the primary cannot tell which of its states
      // it is, and sends a snapshot.
      copy.committed =
          Files.exists(db)
              ? WalScan.scan(TenantStore.walFile(db), LogPosition.NONE).end()
              : LogPosition.NONE;
    }
    return copy.committed;
  }

  private static LogPosition runningPosition(WalChain chain) {
    // The running end of a batch in progress is not a commit; only its offset and checksum matter.
    return new LogPosition(
        chain.header().salt1(),
        chain.header().salt2(),
        chain.runningOffset(),
        chain.checksumAtRunning1(),
        chain.checksumAtRunning2(),
        chain.header().pageSize());
  }

  private static WalFormat.Header headerOf(Path wal) throws IOException {
    try (FileChannel in = FileChannel.open(wal, StandardOpenOption.READ)) {
      WalFormat.Header header = WalFormat.header(WalScan.read(in, 0, WalFormat.HEADER_BYTES));
      if (header == null) {
        throw new IOException("the WAL copy lost its header");
      }
      return header;
    }
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(
        file,
        StandardOpenOption.WRITE,
        StandardOpenOption.READ,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static void closeStaged(Copy copy) {
    for (FileChannel c : new FileChannel[] {copy.stagedDb, copy.stagedWal}) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          // Closing a staged file we are about to replace or drop: nothing to keep.
        }
      }
    }
    copy.stagedDb = null;
    copy.stagedWal = null;
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories for reading; renames are durable there by
      // other means.
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }
}
