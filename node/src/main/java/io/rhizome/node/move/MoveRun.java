/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.ShardTenant;
import io.rhizome.proto.ShardTenantsRequest;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.ThawShardRequest;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at carrying a move through its phases, run by the destination (see docs/operations.md
 * for the protocol). Every step is idempotent and the attempt starts from what the move record
 * says, so an attempt cut short by any crash is simply run again:
 *
 * <ol>
 *   <li>COPYING (or FROZEN left by a crashed attempt, whose freeze died with its lease): copy every
 *       tenant file while the source serves, then catch up on tenants written meanwhile until few
 *       are left;
 *   <li>freeze: the lease-bound freeze record with phase FROZEN, then the source's FreezeShard
 *       (which waits for running writes), copy the tenants written since their copy, install;
 *   <li>flip placement to (this node, epoch + 1), which requires the freeze to still hold;
 *   <li>CLEANUP: tell the source to release the shard; DONE.
 * </ol>
 *
 * A cancel before the flip rolls back: the freeze is released and the source thawed.
 */
final class MoveRun {
  private static final Logger LOG = LoggerFactory.getLogger(MoveRun.class);

  /** Catch-up passes stop when this little is left to copy under the freeze. */
  private static final int CATCH_UP_TENANTS = 16;

  private static final long CATCH_UP_BYTES = 4L << 20;
  private static final int MAX_CATCH_UP_PASSES = 5;

  /** Progress is written to the move record at most this often. */
  private static final long PROGRESS_INTERVAL_MILLIS = 1_000;

  private static final long RPC_DEADLINE_SECONDS = 30;

  /** Tenant copies in flight at once. */
  private static final int COPY_STREAMS = 4;

  private final String nodeId;
  private final Topology topology;
  private final MoveSettings settings;
  private final TenantBackups backups;
  private final PeerChannels peers;
  private MoveRecord move;
  private final ExecutorService copyPool;
  private long lastProgressMillis; // guarded by this
  private final AtomicLong bytesCopied = new AtomicLong();
  private final AtomicInteger tenantsCopied = new AtomicInteger();

  MoveRun(
      String nodeId,
      Topology topology,
      MoveSettings settings,
      TenantBackups backups,
      PeerChannels peers,
      MoveRecord move) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.settings = settings;
    this.backups = backups;
    this.peers = peers;
    this.move = move;
    this.copyPool =
        Executors.newFixedThreadPool(
            COPY_STREAMS,
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-move-copy-%d")
                .setDaemon(true)
                .build());
  }

  /**
   * Drives the move as far as it goes; throws when this attempt failed and should be retried. A
   * shard with more than one copy moves through its replica set instead ({@link MoveByHandover}).
   */
  void run() throws Exception {
    try {
      Optional<ShardRecord> placement = topology.shard(move.getShard());
      if (placement.isPresent() && MoveByHandover.applies(topology, placement.get())) {
        new MoveByHandover(nodeId, topology, peers, move).run();
        return;
      }
      attempt();
    } finally {
      copyPool.shutdownNow();
    }
  }

  private void attempt() throws Exception {
    MoveStaging staging = new MoveStaging(settings.dataDir(), move.getShard(), move.getId());
    if (move.getPhase() == MovePhase.MOVE_CLEANUP) {
      finish();
      return;
    }
    if (move.getCancelRequested()) {
      rollBack(staging, null, "cancelled");
      return;
    }
    NodeAdminGrpc.NodeAdminBlockingStub source = NodeAdminGrpc.newBlockingStub(sourceChannel());
    staging.reset();
    TenantCopier copier =
        new TenantCopier(source, staging, backups, move.getShard(), move.getFromEpoch());
    copyWhileServing(source, copier);
    settings.pauseAt("copied", move.getId());
    move = topology.move(move.getShard()).filter(m -> m.getId().equals(move.getId())).orElse(move);
    if (move.getCancelRequested() || finished(move)) {
      rollBack(staging, null, "cancelled");
      return;
    }
    Topology.Freeze freeze = topology.freezeShard(move);
    try {
      move = freeze.move();
      ShardTenantsResponse frozen =
          deadline(source)
              .freezeShard(
                  FreezeShardRequest.newBuilder()
                      .setShard(move.getShard())
                      .setEpoch(move.getFromEpoch())
                      .setMoveId(move.getId())
                      .build());
      if (copier.bootId() != null && !copier.bootId().equals(frozen.getBootId())) {
        throw new TenantCopier.SourceRestartedException();
      }
      settings.pauseAt("frozen", move.getId());
      long started = System.nanoTime();
      for (String gone : copier.gone(frozen.getTenantsList())) {
        copier.forget(gone);
      }
      List<ShardTenant> stale = copier.stale(frozen.getTenantsList());
      copyAll(copier, stale);
      staging.sync();
      staging.install();
      settings.pauseAt("installed", move.getId());
      ShardRecord placement;
      try {
        placement = topology.flipShard(move, freeze);
      } catch (TopologyException e) {
        // Only a failed compare says the flip did not happen; after a timeout it may have, and
        // the installed files are then the shard's only current copy.
        if (e.reason() == TopologyException.Reason.FAILED_PRECONDITION) {
          staging.trashShardDir();
        }
        throw e;
      }
      LOG.info(
          "move {}: shard {} now on {} at epoch {}; {} tenants copied under the freeze in {} ms",
          move.getId(),
          move.getShard(),
          nodeId,
          placement.getEpoch(),
          stale.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (Exception e) {
      // Release the freeze at once rather than at the source's next check.
      freeze.close();
      thawQuietly(source);
      throw e;
    } finally {
      freeze.close();
    }
    move = topology.move(move.getShard()).orElse(move);
    settings.pauseAt("flipped", move.getId());
    finish();
  }

  private void copyWhileServing(NodeAdminGrpc.NodeAdminBlockingStub source, TenantCopier copier)
      throws Exception {
    ShardTenantsResponse listing = listTenants(source);
    long total = listing.getTenantsList().stream().mapToLong(ShardTenant::getSizeBytes).sum();
    progress(b -> b.setBytesTotal(total).setTenantsTotal(listing.getTenantsCount()));
    copyAll(copier, listing.getTenantsList());
    for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
      ShardTenantsResponse now = listTenants(source);
      if (copier.bootId() != null && !copier.bootId().equals(now.getBootId())) {
        throw new TenantCopier.SourceRestartedException();
      }
      for (String gone : copier.gone(now.getTenantsList())) {
        copier.forget(gone);
      }
      List<ShardTenant> stale = copier.stale(now.getTenantsList());
      long staleBytes = stale.stream().mapToLong(ShardTenant::getSizeBytes).sum();
      if (stale.size() <= CATCH_UP_TENANTS && staleBytes <= CATCH_UP_BYTES) {
        return;
      }
      copyAll(copier, stale);
    }
  }

  /**
   * Copies tenants a few at a time: per tenant the copy is a round trip plus a small file, so under
   * the freeze, where every millisecond is a client's pause, streams in parallel pay off.
   */
  private void copyAll(TenantCopier copier, List<ShardTenant> tenants) throws Exception {
    List<Future<?>> copies = new ArrayList<>(tenants.size());
    for (ShardTenant tenant : tenants) {
      copies.add(copyPool.submit(() -> copyOne(copier, tenant)));
    }
    try {
      for (Future<?> copy : copies) {
        copy.get();
      }
    } catch (ExecutionException e) {
      copies.forEach(c -> c.cancel(true));
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private Void copyOne(TenantCopier copier, ShardTenant tenant) throws Exception {
    copier.copy(tenant.getTenant(), bytesCopied::addAndGet);
    tenantsCopied.incrementAndGet();
    synchronized (this) {
      long now = System.currentTimeMillis();
      if (now - lastProgressMillis >= PROGRESS_INTERVAL_MILLIS) {
        lastProgressMillis = now;
        long bytes = bytesCopied.get();
        int tenants = tenantsCopied.get();
        progress(b -> b.setBytesCopied(bytes).setTenantsCopied(tenants));
      }
    }
    return null;
  }

  private void progress(UnaryOperator<MoveRecord.Builder> change) throws TopologyException {
    move =
        topology.updateMove(
            move.getShard(), move.getId(), m -> change.apply(m.toBuilder()).build());
  }

  private ShardTenantsResponse listTenants(NodeAdminGrpc.NodeAdminBlockingStub source) {
    return deadline(source)
        .shardTenants(
            ShardTenantsRequest.newBuilder()
                .setShard(move.getShard())
                .setEpoch(move.getFromEpoch())
                .build());
  }

  /** After the flip: the source ends its sessions of the shard; then the move is done. */
  private void finish() throws TopologyException {
    try {
      deadline(NodeAdminGrpc.newBlockingStub(sourceChannel()))
          .releaseShard(
              ReleaseShardRequest.newBuilder()
                  .setShard(move.getShard())
                  .setNewEpoch(move.getFromEpoch() + 1)
                  .build());
    } catch (RuntimeException | SourceGoneException e) {
      // A source that is down learns of the flip from the map when it comes back (fencing by
      // epoch); its sessions died with it.
      LOG.warn(
          "move {}: could not tell source {} to release shard {}: {}",
          move.getId(),
          move.getFromNode(),
          move.getShard(),
          e.getMessage());
    }
    move = end(topology, move, MovePhase.MOVE_DONE, "");
    LOG.info("move {} of shard {} done", move.getId(), move.getShard());
  }

  /** Undoes an unflipped move: freeze released, source thawed, staged files gone. */
  private void rollBack(MoveStaging staging, NodeAdminGrpc.NodeAdminBlockingStub source, String why)
      throws TopologyException {
    staging.discard();
    if (source == null) {
      try {
        source = NodeAdminGrpc.newBlockingStub(sourceChannel());
      } catch (SourceGoneException e) {
        source = null;
      }
    }
    if (source != null) {
      thawQuietly(source);
    }
    Optional<ShardRecord> placement = topology.shard(move.getShard());
    if (placement.isPresent() && !placement.get().getNodeId().equals(nodeId)) {
      try {
        staging.trashShardDir();
      } catch (IOException e) {
        LOG.warn("move {}: could not trash a partial copy: {}", move.getId(), e.getMessage());
      }
    }
    if (!finished(move)) {
      move = end(topology, move, MovePhase.MOVE_CANCELLED, why);
    }
    LOG.info("move {} of shard {} rolled back ({})", move.getId(), move.getShard(), why);
  }

  private void thawQuietly(NodeAdminGrpc.NodeAdminBlockingStub source) {
    try {
      deadline(source)
          .thawShard(
              ThawShardRequest.newBuilder()
                  .setShard(move.getShard())
                  .setEpoch(move.getFromEpoch())
                  .setMoveId(move.getId())
                  .build());
    } catch (StatusRuntimeException e) {
      // The source thaws by itself once the freeze record is gone.
      LOG.debug("move {}: thawing the source failed: {}", move.getId(), e.getStatus());
    }
  }

  private Channel sourceChannel() throws SourceGoneException {
    Optional<NodeRecord> node = topology.node(move.getFromNode());
    if (node.isEmpty()) {
      throw new SourceGoneException(move.getFromNode());
    }
    return peers.channel(node.get().getAddress());
  }

  private static NodeAdminGrpc.NodeAdminBlockingStub deadline(
      NodeAdminGrpc.NodeAdminBlockingStub stub) {
    return stub.withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** The source node is not live: the move waits for it (or for a cancel). */
  static final class SourceGoneException extends Exception {
    SourceGoneException(String nodeId) {
      super("source node " + nodeId + " is not live");
    }
  }

  /** Records the end of {@code move}: its final phase, when, and the error ("" when done). */
  static MoveRecord end(Topology topology, MoveRecord move, MovePhase phase, String error)
      throws TopologyException {
    long now = System.currentTimeMillis();
    return topology.updateMove(
        move.getShard(),
        move.getId(),
        m -> m.toBuilder().setPhase(phase).setFinishedUnixMs(now).setError(error).build());
  }

  static boolean finished(MoveRecord move) {
    return move.getPhase() == MovePhase.MOVE_DONE || move.getPhase() == MovePhase.MOVE_CANCELLED;
  }
}
