/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import com.google.protobuf.ByteString;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.ReplicaAck;
import io.rhizome.proto.ReplicaDrop;
import io.rhizome.proto.ReplicaFrames;
import io.rhizome.proto.ReplicaRequest;
import io.rhizome.proto.ReplicaSnapshot;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SnapshotPart;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The primary's side of one shard at one epoch (docs/replication.md, "The commit path"): after a
 * commit, reads the tenant's new committed frames and brings every follower of the shard record up
 * to them, waiting for the acknowledgement of each in-sync follower; one that does not acknowledge
 * in time is taken out of the in-sync set by compare-and-set before the commit is acknowledged.
 * Catching-up followers get the same stream and are synced tenant by tenant in the background, then
 * made in-sync while acknowledgements of the shard wait.
 *
 * <p>Locks: a commit holds the membership read lock and its tenant's tail lock; making a follower
 * in-sync takes the membership write lock, so no commit is acknowledged while the set changes.
 */
final class ShardReplicator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReplicator.class);

  /** Largest frame or snapshot chunk in one message (whole frames; one frame may exceed it). */
  static final int CHUNK_BYTES = 1 << 20;

  private final int shard;
  private final long epoch;
  private final ReplicaContext context;
  private final Map<String, TenantTail> tails = new ConcurrentHashMap<>();
  private final Map<String, FollowerLink> links = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock membership = new ReentrantReadWriteLock();

  /**
   * Held (shared) by whatever opens SQLite connections to the shard's files for this primary (a
   * snapshot, a checkpoint, an archive image); {@link #retire} takes it exclusively, so once it
   * returns none is open and none will be.
   */
  private final ReentrantReadWriteLock opening = new ReentrantReadWriteLock();

  private volatile boolean closed;

  /** The shard is no longer this node's at the epoch: nothing more may be acknowledged. */
  static final class FencedPrimaryException extends Exception {
    FencedPrimaryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The commit could not be confirmed (followers and metadata unreachable): not acknowledged. */
  static final class UnconfirmedException extends Exception {
    UnconfirmedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  ShardReplicator(int shard, long epoch, ReplicaContext context) {
    this.shard = shard;
    this.epoch = epoch;
    this.context = context;
  }

  long epoch() {
    return epoch;
  }

  /**
   * Ships what the tenant committed and is not yet on the in-sync followers, and returns once they
   * all acknowledged it (or were taken out of the in-sync set).
   *
   * @throws FencedPrimaryException when the shard moved on without this node
   * @throws UnconfirmedException when neither the followers nor the metadata could confirm
   */
  void committed(String tenant) throws FencedPrimaryException, UnconfirmedException {
    CrashPoints.reach(CrashPoints.PRIMARY_COMMITTED);
    membership.readLock().lock();
    try {
      TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
      tail.lock.lock();
      try {
        ShardRecord record = record();
        WalScan.Result scan = scan(tail);
        List<FollowerLink> waitFor = new ArrayList<>();
        Map<FollowerLink, CompletableFuture<ReplicaAck>> acks = new HashMap<>();
        for (ShardFollower follower : record.getFollowersList()) {
          FollowerLink link = link(follower.getNodeId());
          if (follower.getState() == FollowerState.IN_SYNC) {
            waitFor.add(link);
            acks.put(link, bringUp(link, tail, scan, true));
          } else if (link.connected() && !link.awaiting(tenant)) {
            // A catching-up follower gets what streams cheaply; its sync is the upkeep's job, and
            // a follower that is down must not cost a commit anything. Nobody waits for its
            // acknowledgement, so while one is due, later frames wait for a later commit: sent
            // from the position it acknowledged last, they would overlap the ones in flight.
            bringUp(link, tail, scan, false);
          }
        }
        CrashPoints.reach(CrashPoints.PRIMARY_SENT);
        if (scan.exists() && !scan.end().equals(tail.end) && context.syncsCommits()) {
          // While the followers write and sync the frames: the commit waits for the slower of
          // the two syncs, not for both one after the other (SQLite's COMMIT did not sync here).
          syncLocally(tail);
        }
        List<String> failed = await(tail, scan, waitFor, acks);
        if (!failed.isEmpty()) {
          drop(failed);
        }
        CrashPoints.reach(CrashPoints.PRIMARY_ACKED);
        LogPosition from = tail.end;
        tail.shipped(scan);
        if (scan.exists()) {
          archive(tenant, from, scan);
          context.checkpoints().maybe(this, tenant, scan.end());
        }
      } finally {
        tail.lock.unlock();
      }
    } finally {
      membership.readLock().unlock();
    }
  }

  /**
   * Makes the tenant's WAL durable on this node. Its connections run with {@code synchronous =
   * NORMAL} (see {@code TenantStore#nodeCheckpoints}), so a commit is acknowledged only after this.
   */
  private void syncLocally(TenantTail tail) throws UnconfirmedException {
    try (FileChannel log =
        FileChannel.open(context.wal(shard, tail.tenant), StandardOpenOption.WRITE)) {
      log.force(false);
    } catch (IOException e) {
      throw new UnconfirmedException("syncing the WAL of " + tail.tenant + " failed", e);
    }
  }

  /** Hands the batch's frames to the archive, if the node has one. */
  private void archive(String tenant, LogPosition from, WalScan.Result scan)
      throws UnconfirmedException {
    ArchiveSink sink = context.archive();
    long start = scan.start().offset();
    long end = scan.end().offset();
    if (sink == ArchiveSink.NONE || end <= start) {
      return;
    }
    byte[] frames;
    try (FileChannel log = FileChannel.open(context.wal(shard, tenant), StandardOpenOption.READ)) {
      frames = WalScan.read(log, start, (int) (end - start));
    } catch (IOException e) {
      throw new UnconfirmedException("reading frames for the archive failed", e);
    }
    sink.shipped(
        shard,
        tenant,
        from.toProto(),
        scan.end().toProto(),
        System.currentTimeMillis(),
        scan.end().pageSize(),
        frames);
  }

  /**
   * A copy of the tenant's database as of what was shipped last, for the archive: everything
   * committed is shipped first, then with the tail lock held (no checkpoint) and a connection open
   * (no checkpoint at another's close) the database file and the WAL up to that point are copied,
   * and the copy's WAL is applied into it.
   *
   * @return the position the copy holds
   */
  io.rhizome.proto.WalPosition archiveSnapshot(String tenant, Path into) throws Exception {
    TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
    committed(tenant);
    Path wal = TenantStore.walFile(into);
    tail.lock.lock();
    if (!serving()) {
      tail.lock.unlock();
      throw new FencedPrimaryException("shard " + shard + " was handed over", null);
    }
    try (SQLiteConnection hold = context.open(shard, tenant)) {
      LogPosition at = tail.end;
      java.nio.file.Files.copy(
          context.db(shard, tenant), into, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      java.nio.file.Files.deleteIfExists(wal);
      if (at.exists()) {
        try (FileChannel in =
                FileChannel.open(context.wal(shard, tenant), StandardOpenOption.READ);
            FileChannel out =
                FileChannel.open(wal, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          in.transferTo(0, at.offset(), out);
        }
      }
    } finally {
      opening.readLock().unlock();
      tail.lock.unlock();
    }
    LogPosition held = WalApply.checkpoint(into, wal);
    return held.toProto();
  }

  /** The shard record, which must still be at this node and epoch. */
  private ShardRecord record() throws FencedPrimaryException {
    Optional<ShardRecord> record = context.topology().shard(shard);
    if (record.isEmpty()
        || !record.get().getNodeId().equals(context.nodeId())
        || record.get().getEpoch() != epoch) {
      throw new FencedPrimaryException(
          "shard " + shard + " is no longer this node's at epoch " + epoch, null);
    }
    return record.get();
  }

  private WalScan.Result scan(TenantTail tail) throws UnconfirmedException {
    try {
      return WalScan.scan(context.wal(shard, tail.tenant), tail.end);
    } catch (IOException e) {
      throw new UnconfirmedException("reading the WAL of " + tail.tenant + " failed", e);
    }
  }

  /**
   * Sends {@code link} what it lacks of the tenant; completes with the acknowledgement of the last
   * message (a completed null when it lacks nothing).
   */
  private CompletableFuture<ReplicaAck> bringUp(
      FollowerLink link, TenantTail tail, WalScan.Result scan, boolean inSync) {
    try {
      link.connect(context.settings().ackTimeout().toMillis());
      return send(link, tail, scan, inSync);
    } catch (TimeoutException | ExecutionException | IOException | SQLException e) {
      if (inSync) {
        LOG.warn(
            "shard {}: follower {} unreachable: {}",
            shard,
            link.node(),
            e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      }
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * @param snapshots whether a follower that cannot be streamed to gets a snapshot now (else it is
   *     left for the upkeep)
   */
  private CompletableFuture<ReplicaAck> send(
      FollowerLink link, TenantTail tail, WalScan.Result scan, boolean snapshots)
      throws IOException, SQLException {
    String tenant = tail.tenant;
    LogPosition at = link.position(tenant);
    LogPosition end = scan.exists() ? scan.end() : tail.end;
    if (at.equals(end) && (end.exists() || tail.end.equals(at))) {
      return CompletableFuture.completedFuture(null);
    }
    Path wal = context.wal(shard, tenant);
    if (scan.exists()) {
      if (end.offset() == WalFormat.HEADER_BYTES && at.equals(tail.end)) {
        return CompletableFuture.completedFuture(null); // a new generation with no commit yet
      }
      try (FileChannel log = FileChannel.open(wal, StandardOpenOption.READ)) {
        if (at.sameGeneration(end)
            && at.offset() <= end.offset()
            && at.equals(WalScan.positionAt(log, scan.parsed(), at.offset()))) {
          return frames(link, tenant, log, null, at.offset(), end);
        }
        boolean holdsPrevious =
            at.exists()
                && !at.sameGeneration(end)
                && (at.equals(tail.previousGenerationEnd)
                    || (at.equals(tail.end) && scan.newGeneration(tail.end)));
        if (holdsPrevious) {
          return frames(link, tenant, log, scan.header(), WalFormat.HEADER_BYTES, end);
        }
      }
    }
    return snapshots ? snapshot(link, tenant, scan) : CompletableFuture.completedFuture(null);
  }

  /** Frames [from, end.offset) of the tenant's WAL, in chunks; the last one syncs. */
  private CompletableFuture<ReplicaAck> frames(
      FollowerLink link, String tenant, FileChannel log, byte[] header, long from, LogPosition end)
      throws IOException {
    int frame = WalFormat.FRAME_HEADER_BYTES + end.pageSize();
    int perChunk = Math.max(1, CHUNK_BYTES / frame) * frame;
    long now = System.currentTimeMillis();
    CompletableFuture<ReplicaAck> last = null;
    long at = from;
    boolean first = true;
    while (at < end.offset() || first) {
      int length = (int) Math.min(perChunk, end.offset() - at);
      byte[] data = WalScan.read(log, at, length);
      boolean sync = at + length >= end.offset();
      ReplicaFrames.Builder frames =
          ReplicaFrames.newBuilder()
              .setTenant(tenant)
              .setOffset(at)
              .setData(ByteString.copyFrom(data))
              .setSync(sync)
              .setCommitUnixMs(now);
      if (first && header != null) {
        frames.setHeader(ByteString.copyFrom(header));
      }
      if (sync) {
        frames.setEnd(end.toProto());
      }
      ReplicaFrames built = frames.build();
      last =
          link.send(
              tenant,
              seq -> ReplicaRequest.newBuilder().setFrames(built.toBuilder().setSeq(seq)).build());
      at += length;
      first = false;
    }
    return last;
  }

  /**
   * The tenant's database file as it is and its WAL up to the scanned end. Called with the tail
   * lock held, so no checkpoint of the node's runs; a connection is held open meanwhile, so SQLite
   * cannot checkpoint at the close of another one either: the database file does not change.
   */
  private CompletableFuture<ReplicaAck> snapshot(
      FollowerLink link, String tenant, WalScan.Result scan) throws IOException, SQLException {
    Path db = context.db(shard, tenant);
    if (!Files.exists(db)) {
      return CompletableFuture.completedFuture(null);
    }
    if (!serving()) {
      throw new SQLException("shard " + shard + " was handed over: no snapshot from here");
    }
    try (SQLiteConnection hold = context.open(shard, tenant)) {
      LOG.info("shard {}: sending follower {} a snapshot of {}", shard, link.node(), tenant);
      context.snapshotSent();
      WalScan.Result now =
          scan.exists() ? scan : WalScan.scan(context.wal(shard, tenant), scan.end());
      long walBytes = now.exists() ? now.end().offset() : 0;
      LogPosition end = now.exists() ? now.end() : LogPosition.NONE;
      sendFile(link, tenant, db, SnapshotPart.DATABASE, Long.MAX_VALUE, false, end);
      return sendFile(
          link, tenant, context.wal(shard, tenant), SnapshotPart.WAL, walBytes, true, end);
    } finally {
      opening.readLock().unlock();
    }
  }

  /**
   * Takes {@link #opening} shared unless this primary is retired or retiring; the caller unlocks it
   * once its connections are closed. Never waits: {@code tryLock} goes ahead of a waiting {@link
   * #retire} (which waits for the holders), so a thread that holds a tail lock cannot end up
   * waiting behind it for a holder that waits for that tail lock.
   */
  private boolean serving() {
    if (!opening.readLock().tryLock()) {
      return false;
    }
    if (closed) {
      opening.readLock().unlock();
      return false;
    }
    return true;
  }

  /** Work on SQLite connections of the shard's files. */
  interface FileWork {
    void run() throws Exception;
  }

  /**
   * Runs {@code work}, which opens connections to the shard's files and closes them before it
   * returns, unless this primary is retired; {@link #retire} waits for it.
   *
   * @return whether it ran
   */
  boolean whileServing(FileWork work) throws Exception {
    if (!serving()) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      opening.readLock().unlock();
    }
  }

  /**
   * Ends this primary's part after a handover: waits until none of its own connections to the
   * shard's files is open (the shard's sessions are {@link ShardSessions#release}d apart), opens no
   * more, and closes its streams.
   */
  void retire() {
    opening.writeLock().lock();
    try {
      closed = true;
    } finally {
      opening.writeLock().unlock();
    }
    close();
  }

  private CompletableFuture<ReplicaAck> sendFile(
      FollowerLink link,
      String tenant,
      Path file,
      SnapshotPart part,
      long limit,
      boolean lastPart,
      LogPosition end)
      throws IOException {
    CompletableFuture<ReplicaAck> last = null;
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = Math.min(limit, in.size());
      long at = 0;
      do {
        int length = (int) Math.min(CHUNK_BYTES, size - at);
        byte[] data = WalScan.read(in, at, length);
        at += length;
        boolean done = lastPart && at >= size;
        ReplicaSnapshot chunk =
            ReplicaSnapshot.newBuilder()
                .setTenant(tenant)
                .setPart(part)
                .setData(ByteString.copyFrom(data))
                .setLast(done)
                .setEnd(end.toProto())
                .build();
        last =
            link.send(
                tenant,
                seq ->
                    ReplicaRequest.newBuilder().setSnapshot(chunk.toBuilder().setSeq(seq)).build());
      } while (at < size);
    } catch (NoSuchFileException e) {
      if (!lastPart) {
        throw e;
      }
      ReplicaSnapshot chunk =
          ReplicaSnapshot.newBuilder()
              .setTenant(tenant)
              .setPart(part)
              .setLast(true)
              .setEnd(end.toProto())
              .build();
      last =
          link.send(
              tenant,
              seq ->
                  ReplicaRequest.newBuilder().setSnapshot(chunk.toBuilder().setSeq(seq)).build());
    }
    return last;
  }

  /**
   * Waits for the in-sync followers' acknowledgements; a follower whose copy did not match gets a
   * snapshot and is waited for again. Returns the followers that failed.
   */
  private List<String> await(
      TenantTail tail,
      WalScan.Result scan,
      List<FollowerLink> waitFor,
      Map<FollowerLink, CompletableFuture<ReplicaAck>> acks) {
    long deadline = System.nanoTime() + context.settings().ackTimeout().toNanos();
    List<String> failed = new ArrayList<>();
    for (FollowerLink link : waitFor) {
      CompletableFuture<ReplicaAck> ack = acks.get(link);
      boolean retried = false;
      while (true) {
        ReplicaAck answer;
        try {
          answer = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed.add(link.node());
          break;
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn(
              "shard {}: follower {} did not acknowledge {}: {}",
              shard,
              link.node(),
              tail.tenant,
              e instanceof ExecutionException ? e.getCause().toString() : "timed out");
          failed.add(link.node());
          break;
        }
        if (answer == null || (!answer.getMismatch() && !answer.getFenced())) {
          break;
        }
        if (answer.getFenced() || retried) {
          LOG.warn(
              "shard {}: follower {} refused {} ({})",
              shard,
              link.node(),
              tail.tenant,
              answer.getFenced() ? "fenced" : "its copy does not match, even after a snapshot");
          failed.add(link.node());
          break;
        }
        // The copy is not where this stream thought: send what it lacks from where it is.
        retried = true;
        link.learned(tail.tenant, answer.getPosition());
        ack = bringUp(link, tail, scan, true);
        deadline =
            Math.max(deadline, System.nanoTime() + context.settings().snapshotTimeout().toNanos());
      }
    }
    return failed;
  }

  /** Takes followers that did not acknowledge out of the in-sync set, or finds out it is fenced. */
  private void drop(List<String> failed) throws FencedPrimaryException, UnconfirmedException {
    try {
      context.topology().replicaSets().dropFromInSync(shard, context.nodeId(), epoch, failed);
      LOG.warn("shard {}: followers {} dropped from the in-sync set", shard, failed);
    } catch (TopologyException e) {
      if (e.reason() == TopologyException.Reason.FENCED) {
        throw new FencedPrimaryException(e.getMessage(), e);
      }
      throw new UnconfirmedException(
          "followers "
              + failed
              + " did not acknowledge and could not be dropped: "
              + e.getMessage(),
          e);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Background: catching up, restoring the factor, checkpoints

  /**
   * One round of upkeep: catching-up followers are synced tenant by tenant and then made in-sync;
   * followers on nodes that are gone are replaced while the set is short.
   */
  void upkeep() {
    if (closed) {
      return;
    }
    ShardRecord record;
    try {
      record = record();
    } catch (FencedPrimaryException e) {
      return;
    }
    closeLinksNotIn(record);
    try {
      replaceLostFollowers(record);
      leaveDrainingNodes(record);
    } catch (TopologyException e) {
      LOG.debug("shard {}: restoring the replication factor failed: {}", shard, e.getMessage());
      return;
    }
    for (ShardFollower follower : record.getFollowersList()) {
      if (follower.getState() == FollowerState.CATCHING_UP
          && context.topology().node(follower.getNodeId()).isPresent()) {
        try {
          catchUp(follower.getNodeId());
        } catch (Exception e) {
          LOG.info(
              "shard {}: catching up follower {} failed: {}",
              shard,
              follower.getNodeId(),
              e.toString());
        }
      }
    }
  }

  /** When each follower's node was first seen gone (System.nanoTime), by node id. */
  private final Map<String, Long> goneSince = new ConcurrentHashMap<>();

  /**
   * A catching-up follower whose node has been gone for {@link ReplicationSettings#replaceAfter()}
   * is replaced when another node can take its place: a node that restarts sooner keeps its place
   * and catches up by position (its copy is mostly current); with no other node it stays in any
   * case.
   */
  private void replaceLostFollowers(ShardRecord record) throws TopologyException {
    List<String> gone = new ArrayList<>();
    for (ShardFollower follower : record.getFollowersList()) {
      if (follower.getState() == FollowerState.IN_SYNC
          && context.topology().node(follower.getNodeId()).isEmpty()) {
        gone.add(follower.getNodeId());
      }
    }
    if (!gone.isEmpty()) {
      // No commit may have needed it since it died (an idle shard): leaving it named in sync would
      // hide that the shard has fewer copies than its factor.
      record =
          context.topology().replicaSets().dropFromInSync(shard, context.nodeId(), epoch, gone);
    }
    long now = System.nanoTime();
    for (ShardFollower follower : record.getFollowersList()) {
      boolean live = context.topology().node(follower.getNodeId()).isPresent();
      if (live) {
        goneSince.remove(follower.getNodeId());
        continue;
      }
      long since = goneSince.computeIfAbsent(follower.getNodeId(), n -> now);
      boolean longGone = now - since >= context.settings().replaceAfter().toNanos();
      if (longGone && follower.getState() == FollowerState.CATCHING_UP) {
        ShardRecord without =
            record.toBuilder()
                .clearFollowers()
                .addAllFollowers(
                    record.getFollowersList().stream()
                        .filter(f -> !f.getNodeId().equals(follower.getNodeId()))
                        .toList())
                .build();
        if (context.topology().replicaSets().nextFollower(without).isPresent()) {
          record =
              context
                  .topology()
                  .replicaSets()
                  .removeFollower(shard, context.nodeId(), epoch, follower.getNodeId());
          LOG.info("shard {}: follower {} is gone; replacing it", shard, follower.getNodeId());
        }
      }
    }
    Optional<String> next = context.topology().replicaSets().nextFollower(record);
    if (next.isPresent()) {
      context.topology().replicaSets().addFollower(shard, context.nodeId(), epoch, next.get());
      LOG.info("shard {}: added follower {} to restore the replication factor", shard, next.get());
    }
  }

  /**
   * Moves the shard's copies off draining nodes, so that a drain empties its node: while a follower
   * is on a draining node and fewer than {@code factor - 1} followers are elsewhere, a node that
   * qualifies ({@link io.rhizome.topology.ReplicaSets#nextFollower}) joins as CATCHING_UP beside
   * it; once {@code factor - 1} followers elsewhere are in sync, the ones on draining nodes leave
   * the set. Until then they stay and keep the factor (with no other node, for good).
   */
  private void leaveDrainingNodes(ShardRecord record) throws TopologyException {
    Set<String> draining = context.topology().drainingNodes();
    List<ShardFollower> elsewhere =
        record.getFollowersList().stream().filter(f -> !draining.contains(f.getNodeId())).toList();
    if (elsewhere.size() == record.getFollowersCount()) {
      return;
    }
    int wanted = context.topology().replicaSets().replicationFactor(record) - 1;
    long inSync = elsewhere.stream().filter(f -> f.getState() == FollowerState.IN_SYNC).count();
    if (inSync >= wanted) {
      for (ShardFollower f : record.getFollowersList()) {
        if (draining.contains(f.getNodeId())) {
          context
              .topology()
              .replicaSets()
              .removeFollower(shard, context.nodeId(), epoch, f.getNodeId());
          LOG.info("shard {}: follower {} left the set: its node drains", shard, f.getNodeId());
        }
      }
    } else if (elsewhere.size() < wanted) {
      ShardRecord without = record.toBuilder().clearFollowers().addAllFollowers(elsewhere).build();
      Optional<String> next = context.topology().replicaSets().nextFollower(without);
      if (next.isPresent()) {
        context.topology().replicaSets().addFollower(shard, context.nodeId(), epoch, next.get());
        LOG.info(
            "shard {}: added follower {} to take over a copy from a draining node",
            shard,
            next.get());
      }
    }
  }

  /** Brings every tenant of the shard to {@code node}, then makes it in-sync. */
  private void catchUp(String node)
      throws IOException,
          TopologyException,
          TimeoutException,
          ExecutionException,
          InterruptedException {
    FollowerLink link = link(node);
    link.connect(context.settings().ackTimeout().toMillis());
    Set<String> tenants = context.tenantsOnDisk(shard);
    for (String tenant : tenants) {
      syncOne(link, tenant);
    }
    for (String gone : link.tenants()) {
      if (!tenants.contains(gone)) {
        link.send(
                gone,
                seq ->
                    ReplicaRequest.newBuilder()
                        .setDrop(ReplicaDrop.newBuilder().setSeq(seq).setTenant(gone))
                        .build())
            .get(context.settings().snapshotTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    membership.writeLock().lock();
    try {
      for (String tenant : context.tenantsOnDisk(shard)) {
        TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
        tail.lock.lock();
        try {
          WalScan.Result scan = scan(tail);
          LogPosition end = scan.exists() ? scan.end() : tail.end;
          if (!link.position(tenant).equals(end) && Files.exists(context.db(shard, tenant))) {
            // Written since its sync, or frames still in flight: with the shard's commits held
            // (the write lock) the last ones are sent and waited for here, so that a follower of
            // a busy shard gets in sync instead of being a commit behind at every round.
            long timeout = context.settings().ackTimeout().toMillis();
            link.settle(tenant, timeout);
            ReplicaAck answer = send(link, tail, scan, true).get(timeout, TimeUnit.MILLISECONDS);
            if (answer != null && answer.getMismatch()) {
              link.learned(tenant, answer.getPosition());
            }
            if (!link.position(tenant).equals(end)) {
              return; // the next round goes on from here
            }
          }
        } catch (UnconfirmedException | IOException | SQLException e) {
          return;
        } finally {
          tail.lock.unlock();
        }
      }
      context.topology().replicaSets().markInSync(shard, context.nodeId(), epoch, node);
      LOG.info("shard {}: follower {} is in sync", shard, node);
    } finally {
      membership.writeLock().unlock();
    }
  }

  private void syncOne(FollowerLink link, String tenant)
      throws InterruptedException, ExecutionException, TimeoutException {
    TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
    tail.lock.lock();
    try {
      // A commit's frames may still be in flight: sent from before them, these would overlap.
      link.settle(tenant, context.settings().ackTimeout().toMillis());
      WalScan.Result scan = scan(tail);
      CompletableFuture<ReplicaAck> ack = send(link, tail, scan, true);
      ReplicaAck answer =
          ack.get(context.settings().snapshotTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (answer != null && answer.getMismatch()) {
        link.learned(tenant, answer.getPosition());
        ack = send(link, tail, scan, true);
        ack.get(context.settings().snapshotTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (IOException | SQLException | UnconfirmedException e) {
      throw new ExecutionException(e);
    } finally {
      tail.lock.unlock();
    }
  }

  /**
   * Forgets what this primary knew of a tenant's WAL history: its files were replaced (a restore)
   * or dropped, so every follower gets a snapshot of what is there next.
   */
  void reset(String tenant) {
    TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
    tail.lock.lock();
    try {
      tail.end = LogPosition.NONE;
      tail.previousGenerationEnd = LogPosition.NONE;
      tail.header = null;
    } finally {
      tail.lock.unlock();
    }
  }

  /** Work done with a tenant's tail lock held. */
  interface TailWork {
    void run() throws Exception;
  }

  /**
   * Ships what the tenant committed, then runs {@code work} with its tail lock held: no frame can
   * be read for shipping meanwhile (the checkpoint's rule).
   */
  void withTail(String tenant, TailWork work) throws Exception {
    TenantTail tail = tails.computeIfAbsent(tenant, TenantTail::new);
    committed(tenant);
    tail.lock.lock();
    try {
      work.run();
    } finally {
      tail.lock.unlock();
    }
  }

  /** Each follower's distance from what this primary shipped last. */
  List<io.rhizome.proto.FollowerLag> lag() {
    List<io.rhizome.proto.FollowerLag> lags = new ArrayList<>();
    for (FollowerLink link : links.values()) {
      int behind = 0;
      long bytes = 0;
      for (TenantTail tail : tails.values()) {
        LogPosition end = tail.end;
        LogPosition at = link.position(tail.tenant);
        if (end.exists() && !end.equals(at)) {
          behind++;
          if (at.sameGeneration(end) && at.offset() < end.offset()) {
            bytes += end.offset() - at.offset();
          }
        }
      }
      lags.add(
          io.rhizome.proto.FollowerLag.newBuilder()
              .setNodeId(link.node())
              .setTenantsBehind(behind)
              .setBytesBehind(bytes)
              .setConnected(link.connected())
              .build());
    }
    return lags;
  }

  int shard() {
    return shard;
  }

  ReplicaContext context() {
    return context;
  }

  private FollowerLink link(String node) {
    return links.computeIfAbsent(
        node, n -> new FollowerLink(shard, epoch, context.nodeId(), n, () -> context.channelTo(n)));
  }

  private void closeLinksNotIn(ShardRecord record) {
    Set<String> current = new java.util.HashSet<>();
    record.getFollowersList().forEach(f -> current.add(f.getNodeId()));
    links
        .entrySet()
        .removeIf(
            e -> {
              if (current.contains(e.getKey())) {
                return false;
              }
              e.getValue().close();
              return true;
            });
  }

  @Override
  public void close() {
    closed = true;
    links.values().forEach(FollowerLink::close);
    links.clear();
  }
}
