/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.grpc.BindableService;
import io.rhizome.node.move.PeerChannels;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in replication (docs/replication.md): as a primary, a {@link ShardReplicator} per
 * replicated shard it owns, reached from each session through its {@link CommitHook}; as a
 * follower, the {@link ReplicaService} that takes the stream into {@link ReplicaFiles}. A
 * background round keeps primaries' followers caught up and their number at the factor.
 *
 * <p>A shard with one copy and no archive costs nothing here: its sessions get {@link
 * CommitHook#NONE} and its connections keep SQLite's own checkpoints.
 */
public final class Replication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

  private final String nodeId;
  private final Topology topology;
  private final ReplicationSettings settings;
  private final ReplicaFiles files;
  private final Seals seals = new Seals();
  private final PeerChannels peers;
  private final ReplicaContext context;
  private final Map<Integer, ShardReplicator> replicators = new ConcurrentHashMap<>();
  private final ScheduledExecutorService upkeep;
  private final ScheduledExecutorService failoverChecks;
  private final ExecutorService checkpointer;
  private final Failovers failovers;
  private final ReplicaService service;
  private volatile ShardSessions sessions;

  public Replication(
      String nodeId,
      Topology topology,
      TenantStore store,
      TenantTrash trash,
      ReplicationSettings settings,
      PeerChannels peers) {
    this.nodeId = nodeId;
    this.peers = peers;
    this.topology = topology;
    this.settings = settings;
    this.files = new ReplicaFiles(store, trash);
    this.upkeep =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-replication-upkeep")
                .setDaemon(true)
                .build());
    this.failoverChecks =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-replication-failover")
                .setDaemon(true)
                .build());
    this.checkpointer =
        Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-replication-checkpoint")
                .setDaemon(true)
                .build());
    this.context =
        new ReplicaContext(
            nodeId,
            topology,
            store,
            peers,
            settings,
            new Checkpoints(checkpointer, settings.checkpointBytes()));
    this.failovers = new Failovers(nodeId, topology, seals, files, 5);
    store.onReplaced(this::replaced);
    this.service = new ReplicaService(nodeId, topology, this, seals);
  }

  /** A tenant's files were replaced or dropped here: its followers start it afresh. */
  private void replaced(String tenant, int shard) {
    ShardReplicator replicator = replicators.get(shard);
    if (replicator != null) {
      replicator.reset(tenant);
    }
  }

  /** How this node ends a shard's sessions and freezes its writes; set once at start. */
  public void sessions(ShardSessions control) {
    this.sessions = control;
  }

  ShardSessions sessions() {
    return sessions;
  }

  ReplicaFiles files() {
    return files;
  }

  /**
   * Archives every shipped batch from now on (point-in-time recovery): shards with one copy then go
   * through the commit hook too.
   */
  public void archive(ArchiveSink sink) {
    context.archive(sink);
  }

  private boolean archiving() {
    return context.archive() != ArchiveSink.NONE;
  }

  /**
   * A database image of the tenant as of its last shipped commit, written to {@code into}, for the
   * archive; only on the shard's primary.
   *
   * @return the WAL position the image holds
   */
  public io.rhizome.proto.WalPosition snapshotForArchive(int shard, String tenant, Path into)
      throws Exception {
    ShardRecord record =
        topology
            .shard(shard)
            .filter(r -> r.getNodeId().equals(nodeId))
            .orElseThrow(() -> new IllegalStateException("not the primary of shard " + shard));
    return replicator(shard, record.getEpoch()).archiveSnapshot(tenant, into);
  }

  /** The follower's gRPC service. */
  public BindableService service() {
    return service;
  }

  /**
   * Ends the replication streams primaries keep open to this node, and refuses new ones: the first
   * step of shutting down, so that the server does not wait for them.
   */
  public void stopFollowing() {
    service.stop();
  }

  /**
   * Whether the node, not SQLite, checkpoints the shard's tenants: every shard with more than one
   * copy. Fixed per shard (a shard's factor never changes), so a cached connection keeps it right.
   */
  public boolean nodeCheckpoints(int shard) {
    return topology.shard(shard).map(this::replicated).orElse(false);
  }

  /** What a session of {@code tenant} on {@code shard} at {@code epoch} calls after each commit. */
  public CommitHook hook(int shard, long epoch, String tenant) {
    Optional<ShardRecord> record = topology.shard(shard);
    if (record.isEmpty() || !replicated(record.get())) {
      return CommitHook.NONE;
    }
    return () -> {
      try {
        replicator(shard, epoch).committed(tenant);
      } catch (ShardReplicator.FencedPrimaryException e) {
        throw new CommitUnconfirmedException(e.getMessage(), true, e);
      } catch (ShardReplicator.UnconfirmedException e) {
        throw new CommitUnconfirmedException(e.getMessage(), false, e);
      }
    };
  }

  /** Whether commits of the shard go through a replicator: copies to keep, or an archive. */
  private boolean replicated(ShardRecord record) {
    return archiving() || topology.replicaSets().replicationFactor(record) > 1;
  }

  private ShardReplicator replicator(int shard, long epoch)
      throws ShardReplicator.FencedPrimaryException {
    ShardReplicator current =
        replicators.compute(
            shard,
            (s, existing) -> {
              if (existing != null && existing.epoch() >= epoch) {
                return existing;
              }
              if (existing != null) {
                existing.close();
              }
              return new ShardReplicator(shard, epoch, context);
            });
    if (current.epoch() != epoch) {
      throw new ShardReplicator.FencedPrimaryException(
          "shard " + shard + " has epoch " + current.epoch() + " here, not " + epoch, null);
    }
    return current;
  }

  /**
   * How often a follower looks for a primary whose lease ended: a look at the cached map, so it can
   * be frequent; it bounds how late a failover starts after the lease ends.
   */
  private static final long FAILOVER_CHECK_MILLIS = 200;

  /** Starts the background rounds. */
  public void start() {
    long period = settings.upkeepInterval().toMillis();
    upkeep.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
    failoverChecks.scheduleWithFixedDelay(
        this::failoverRound, FAILOVER_CHECK_MILLIS, FAILOVER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void failoverRound() {
    try {
      failovers.round();
    } catch (RuntimeException e) {
      LOG.warn("looking for shards to take over failed", e);
    }
  }

  /**
   * A planned handover of {@code shard} to the in-sync follower {@code target} (see {@link
   * Handover}).
   */
  ShardRecord handover(int shard, long epoch, String target) throws Exception {
    return handover(shard, epoch, target, settings.snapshotTimeout().toMillis());
  }

  private ShardRecord handover(int shard, long epoch, String target, long freezeTimeoutMillis)
      throws Exception {
    ShardRecord record =
        topology
            .shard(shard)
            .orElseThrow(() -> new Handover.RefusedException("shard " + shard + " has no owner"));
    ShardReplicator replicator = replicator(shard, record.getEpoch());
    ShardRecord promoted =
        Handover.run(
            topology, nodeId, shard, epoch, target, sessions, replicator, freezeTimeoutMillis);
    replicators.remove(shard, replicator);
    replicator.close();
    files.forget(shard);
    return promoted;
  }

  /**
   * Hands every shard this node is the primary of to a live in-sync follower ({@link
   * io.rhizome.topology.ReplicaSets#handoverTargets}, best first; the next one when a target
   * refuses), one shard after the other: the first step of a graceful shutdown, so that the shards'
   * writers see a re-route (their auto-commit writes wait out a freeze of a few milliseconds)
   * rather than wait for a failover once this node's registration ends. A shard with no such
   * follower, or whose handover fails, stays here and fails over as before. Stops starting
   * handovers once {@code deadlineNanos} ({@link System#nanoTime}) has passed.
   *
   * @return the shards handed over
   */
  public List<Integer> handOverAll(long deadlineNanos) {
    List<Integer> handed = new ArrayList<>();
    for (ShardRecord record : topology.shards()) {
      if (!record.getNodeId().equals(nodeId) || !replicated(record)) {
        continue;
      }
      for (String target : topology.replicaSets().handoverTargets(record)) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          LOG.info("graceful stop: no time left to hand over shard {}", record.getShard());
          return handed;
        }
        try {
          handover(
              record.getShard(), record.getEpoch(), target, TimeUnit.NANOSECONDS.toMillis(left));
          handed.add(record.getShard());
          break;
        } catch (Handover.RefusedException e) {
          LOG.info("shard {}: no handover to {}: {}", record.getShard(), target, e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return handed;
        } catch (Exception e) {
          LOG.warn("shard {}: handover to {} failed", record.getShard(), target, e);
        }
      }
    }
    return handed;
  }

  /**
   * The followers of the shards this node is the primary of, with their lag, and the archive's
   * position and lag (for the console and the node's meters).
   */
  public io.rhizome.proto.ReplicaStatusResponse status() {
    io.rhizome.proto.ReplicaStatusResponse.Builder status =
        io.rhizome.proto.ReplicaStatusResponse.newBuilder()
            .setSnapshotsSent(context.snapshotsSent());
    ArchiveSink archive = context.archive();
    replicators.forEach(
        (shard, replicator) ->
            status.addShards(
                io.rhizome.proto.ShardReplicaStatus.newBuilder()
                    .setShard(shard)
                    .addAllFollowers(replicator.lag())
                    .setArchivedUnixMs(archive.archivedUnixMs())
                    .setArchiveQueued(archive.queued())
                    .setArchiveLagMs(archive.lagMillis())));
    return status.build();
  }

  private void round() {
    try {
      Set<Integer> mine = new HashSet<>();
      for (ShardRecord record : topology.shards()) {
        if (record.getNodeId().equals(nodeId) && replicated(record)) {
          mine.add(record.getShard());
          try {
            replicator(record.getShard(), record.getEpoch()).upkeep();
          } catch (ShardReplicator.FencedPrimaryException e) {
            LOG.debug("shard {}: {}", record.getShard(), e.getMessage());
          }
        }
      }
      replicators
          .entrySet()
          .removeIf(
              e -> {
                if (mine.contains(e.getKey())) {
                  return false;
                }
                e.getValue().close();
                return true;
              });
    } catch (Exception e) {
      LOG.warn("replication upkeep failed", e);
    }
  }

  @Override
  public void close() {
    upkeep.shutdownNow();
    failoverChecks.shutdownNow();
    checkpointer.shutdownNow();
    replicators.values().forEach(ShardReplicator::close);
    replicators.clear();
    peers.close();
  }
}
