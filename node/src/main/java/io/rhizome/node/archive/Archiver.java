/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.rhizome.node.replica.ArchiveSink;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.WalPosition;
import io.rhizome.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's archive (docs/replication.md, "Point-in-time recovery"): every batch its primaries ship
 * is queued (bounded) and, once per flush interval, uploaded as one segment per tenant; a tenant's
 * first batch, a batch that does not continue the last one (another primary, frames dropped because
 * the queue was full), and every {@link ArchiveSettings#snapshotBytes} of segments start with a
 * snapshot (a database image at a known position), from which a restore replays the chain of
 * segments. Uploads run on one background thread and never delay a commit.
 */
public final class Archiver implements ArchiveSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

  /** Takes a database image of a tenant as of its last shipped commit (the primary's side). */
  @FunctionalInterface
  public interface SnapshotSource {
    WalPosition snapshot(int shard, String tenant, Path into) throws Exception;
  }

  private record Shipped(
      int shard,
      String tenant,
      WalPosition from,
      WalPosition end,
      long commitUnixMs,
      int pageSize,
      byte[] frames) {}

  /** What the archive holds of one tenant, as this node wrote it. */
  private static final class Chain {
    String prefix;
    WalPosition end;
    boolean needsSnapshot = true;

    /** Nothing appended since the snapshot: batches it already holds are skipped, not a break. */
    boolean atSnapshot;

    long bytesSinceSnapshot;
    final List<Segment.Batch> open = new ArrayList<>();
    WalPosition openFrom;
  }

  private final String cluster;
  private final String nodeId;
  private final Topology topology;
  private final ArchiveTarget target;
  private final ArchiveSettings settings;
  private final SnapshotSource snapshots;
  private final Path scratch;
  private final ScheduledExecutorService worker;
  private final ArrayDeque<Shipped> queue = new ArrayDeque<>(); // guarded by itself
  private long queuedBytes; // guarded by queue
  private final Map<String, Chain> chains = new HashMap<>(); // worker thread only
  private final AtomicLong sequence = new AtomicLong();
  private volatile long archivedUnixMs;
  private volatile long oldestQueuedUnixMs;

  public Archiver(
      String cluster,
      String nodeId,
      Topology topology,
      ArchiveTarget target,
      ArchiveSettings settings,
      SnapshotSource snapshots,
      Path scratch)
      throws IOException {
    this.cluster = cluster;
    this.nodeId = nodeId;
    this.topology = topology;
    this.target = target;
    this.settings = settings;
    this.snapshots = snapshots;
    this.scratch = Files.createDirectories(scratch);
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("rhizome-archiver").setDaemon(true).build());
  }

  public void start() {
    long period = settings.flushInterval().toMillis();
    worker.scheduleWithFixedDelay(this::flush, period, period, TimeUnit.MILLISECONDS);
    worker.scheduleWithFixedDelay(this::expire, 1, 60, TimeUnit.MINUTES);
    LOG.info("archiving shipped commits to {}", target.describe());
  }

  @Override
  public void shipped(
      int shard,
      String tenant,
      WalPosition from,
      WalPosition end,
      long commitUnixMs,
      int pageSize,
      byte[] frames) {
    synchronized (queue) {
      if (queuedBytes + frames.length > settings.maxQueuedBytes()) {
        // Dropped: the chain breaks here and the tenant's next batch starts with a snapshot.
        queue.add(new Shipped(shard, tenant, from, end, commitUnixMs, pageSize, null));
        return;
      }
      if (queue.isEmpty()) {
        oldestQueuedUnixMs = commitUnixMs;
      }
      queue.add(new Shipped(shard, tenant, from, end, commitUnixMs, pageSize, frames));
      queuedBytes += frames.length;
    }
  }

  /** The commit time of the newest batch in the target (0: none yet). */
  @Override
  public long archivedUnixMs() {
    return archivedUnixMs;
  }

  /** How long the oldest commit not yet in the target has waited (0: none waits). */
  @Override
  public long lagMillis() {
    synchronized (queue) {
      return queue.isEmpty() ? 0 : Math.max(0, System.currentTimeMillis() - oldestQueuedUnixMs);
    }
  }

  @Override
  public int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  /** Uploads what was shipped since the last flush; the worker thread only. */
  private void flush() {
    List<Shipped> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue);
    }
    try {
      for (Shipped s : batch) {
        take(s);
      }
      for (Map.Entry<String, Chain> e : chains.entrySet()) {
        upload(e.getKey(), e.getValue());
      }
      synchronized (queue) {
        for (Shipped s : batch) {
          queue.poll();
          if (s.frames() != null) {
            queuedBytes -= s.frames().length;
          }
        }
        if (!queue.isEmpty()) {
          oldestQueuedUnixMs = queue.peek().commitUnixMs();
        }
      }
      if (!batch.isEmpty()) {
        archivedUnixMs = batch.get(batch.size() - 1).commitUnixMs();
      }
    } catch (Exception e) {
      // Left in the queue: the next flush tries again (the queue's bound drops what no longer
      // fits).
      LOG.warn("archiving to {} failed: {}", target.describe(), e.toString());
      chains.values().forEach(c -> c.open.clear());
      chains.values().forEach(c -> c.needsSnapshot = true);
    }
  }

  private void take(Shipped s) throws Exception {
    Chain chain = chains.computeIfAbsent(s.tenant(), t -> new Chain());
    if (s.frames() == null) {
      upload(s.tenant(), chain);
      chain.needsSnapshot = true;
      return;
    }
    if (!chain.needsSnapshot && !chain.atSnapshot && !s.from().equals(chain.end)) {
      upload(s.tenant(), chain);
      chain.needsSnapshot = true;
    }
    if (chain.needsSnapshot || chain.bytesSinceSnapshot > settings.snapshotBytes()) {
      upload(s.tenant(), chain);
      if (!snapshot(s.shard(), s.tenant(), chain)) {
        return;
      }
    }
    if (!s.from().equals(chain.end)) {
      return; // already in the snapshot
    }
    chain.atSnapshot = false;
    if (chain.open.isEmpty()) {
      chain.openFrom = s.from();
    }
    chain.open.add(new Segment.Batch(s.commitUnixMs(), s.pageSize(), s.frames()));
    chain.end = s.end();
    chain.bytesSinceSnapshot += s.frames().length;
  }

  private boolean snapshot(int shard, String tenant, Chain chain) throws Exception {
    Optional<TenantRecord> record = topology.tenant(tenant);
    if (record.isEmpty()) {
      chains.remove(tenant);
      return false;
    }
    chain.prefix = ArchiveLayout.tenantPrefix(cluster, tenant, record.get().getCreatedUnixMs());
    Path image = scratch.resolve(tenant + ".db");
    try {
      WalPosition position = snapshots.snapshot(shard, tenant, image);
      // Read after the copy: every commit in it was shipped before this, so a restore to this
      // moment or later may start from it.
      long at = System.currentTimeMillis();
      String key = ArchiveLayout.snapshot(chain.prefix, at, nodeId, sequence.incrementAndGet());
      target.put(ArchiveLayout.positionOf(key), position.toByteArray());
      target.put(key, image);
      chain.end = position;
      chain.needsSnapshot = false;
      chain.atSnapshot = true;
      chain.bytesSinceSnapshot = 0;
      LOG.debug("archived a snapshot of {} at {}", tenant, key);
      return true;
    } finally {
      Files.deleteIfExists(image);
      Files.deleteIfExists(image.resolveSibling(image.getFileName() + "-wal"));
    }
  }

  private void upload(String tenant, Chain chain) throws IOException {
    if (chain.open.isEmpty()) {
      return;
    }
    Segment segment = new Segment(chain.openFrom, chain.end, List.copyOf(chain.open));
    target.put(
        ArchiveLayout.segment(
            chain.prefix, segment.firstCommitMs(), nodeId, sequence.incrementAndGet()),
        segment.encode());
    chain.open.clear();
  }

  /**
   * Deletes what is older than the retention, keeping for each tenant the newest snapshot before
   * the boundary and everything after it, so every moment of the window stays restorable.
   */
  private void expire() {
    long boundary = System.currentTimeMillis() - settings.retention().toMillis();
    try {
      for (String prefix : tenantPrefixes()) {
        RetentionPlan.expire(target, prefix, boundary);
      }
    } catch (IOException e) {
      LOG.warn("expiring old archives failed: {}", e.toString());
    }
  }

  private List<String> tenantPrefixes() throws IOException {
    List<String> prefixes = new ArrayList<>();
    for (String key : target.list(cluster + "/")) {
      int at = key.indexOf("/snapshots/");
      if (at > 0) {
        String prefix = key.substring(0, at + 1);
        if (!prefixes.contains(prefix)) {
          prefixes.add(prefix);
        }
      }
    }
    return prefixes;
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
    target.close();
  }
}
