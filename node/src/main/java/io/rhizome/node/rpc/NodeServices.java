/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.exec.SqliteErrors;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.move.ShardCleanup;
import io.rhizome.node.move.ShardFreezes;
import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.replica.Replication;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.SessionRequest;
import io.rhizome.topology.Topology;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The node's gRPC services and the session state they share. */
public final class NodeServices implements AutoCloseable {
  private final SessionRegistry registry;
  private final SessionMetrics metrics = new SessionMetrics();
  private final TenantStatsTable tenantStats = new TenantStatsTable();
  private final StatementGate gate;
  private final ShardWrites writes = new ShardWrites();

  /** Runs the source side of shard moves: drain waits, the freeze watch, deferred deletions. */
  private final ScheduledExecutorService moveScheduler =
      Executors.newSingleThreadScheduledExecutor(
          new ThreadFactoryBuilder().setNameFormat("rhizome-node-moves").setDaemon(true).build());

  private final ShardFreezes freezes;
  private final TenantRelocation relocations;

  /**
   * Threads of the warm-ups: two warm-ups at once, each reading the record on one and opening the
   * file on another; more are skipped.
   */
  private static final int WARMUP_THREADS = 4;

  private final ThreadPoolExecutor warmupThreads;
  private final List<BindableService> services;
  private final SessionEnvironment env;

  /** The bounds a node's sessions share. */
  public record Limits(
      int maxSessions, int maxSessionsPerTenant, int maxConcurrentStatements, int statementQueue) {}

  /**
   * @param handles leases every session its tenant's connection
   * @param trash where dropped tenants' files go
   * @param backups backs up and restores tenant files
   * @param workers the bounded pool that runs every session's statements
   * @param limits sessions (node, tenant) and requests past these are refused
   * @param sessionEndTimeout how long a tenant drop waits for the tenant's sessions to end
   * @param moveSource how the node behaves as the source of a shard move
   * @param nodeMetrics where per-statement figures go
   * @param slowStatements requests that take this long are logged; null for none
   * @param replication the node's replication: commit hooks and the follower's service
   * @param archive where the cluster's archives are, for restores to a moment (empty: none)
   */
  public NodeServices(
      String nodeId,
      Topology topology,
      TenantStore store,
      TenantHandles handles,
      TenantTrash trash,
      TenantBackups backups,
      SqliteErrors errors,
      Executor workers,
      Limits limits,
      Duration sessionEndTimeout,
      MoveSourceSettings moveSource,
      NodeMetrics nodeMetrics,
      Duration slowStatements,
      Replication replication,
      java.util.Optional<io.rhizome.node.archive.ArchiveTarget> archive) {
    this.registry = new SessionRegistry(limits.maxSessions(), limits.maxSessionsPerTenant());
    this.gate = new StatementGate(limits.maxConcurrentStatements(), limits.statementQueue());
    Ownership ownership = new Ownership(nodeId, topology);
    CancelKeyTable cancelKeys = new CancelKeyTable(nodeId, new SecureRandom());
    this.relocations =
        new TenantRelocation(
            nodeId,
            topology,
            store,
            handles,
            registry,
            sessionEndTimeout,
            Executors.newSingleThreadExecutor(
                new ThreadFactoryBuilder()
                    .setNameFormat("rhizome-node-relocation")
                    .setDaemon(true)
                    .build()));
    // No queue: warm-ups past the threads are skipped (see TenantWarmups).
    this.warmupThreads =
        new ThreadPoolExecutor(
            WARMUP_THREADS,
            WARMUP_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-node-warmup-%d")
                .setDaemon(true)
                .build());
    this.env =
        new SessionEnvironment(
            nodeId,
            topology,
            ownership,
            store,
            handles,
            errors,
            registry,
            cancelKeys,
            gate,
            metrics,
            writes,
            relocations,
            workers,
            nodeMetrics,
            tenantStats,
            slowStatements,
            replication);
    SessionEnvironment env = this.env;
    this.freezes =
        new ShardFreezes(nodeId, topology, writes, moveSource, moveScheduler, Clock.systemUTC());
    ShardCleanup cleanup =
        new ShardCleanup(nodeId, topology, store, handles, trash, moveScheduler, Clock.systemUTC());
    this.services =
        List.of(
            new NodeSessionService(env, new TenantWarmups(env, warmupThreads)),
            new NodeAdminService(
                ownership,
                registry,
                cancelKeys,
                store,
                handles,
                trash,
                backups,
                writes,
                new ShardMoveSource(env, freezes, cleanup, moveSource, sessionEndTimeout),
                relocations,
                sessionEndTimeout,
                new SessionLister(nodeId, registry),
                new TenantStatsLister(nodeId, tenantStats, store),
                new ArchiveRestores(
                    topology,
                    archive,
                    backups,
                    new TenantSwap(registry, handles, backups, sessionEndTimeout))),
            replication.service());
    replication.sessions(
        new ShardSessionControl(topology, registry, writes, handles, store, sessionEndTimeout));
    freezes.start();
  }

  /**
   * Which executor runs each call of {@link #services()} (see {@link
   * NodeSessionService#EXECUTORS}).
   */
  public static io.grpc.ServerCallExecutorSupplier callExecutors() {
    return NodeSessionService.EXECUTORS;
  }

  /**
   * Starts a session on a stream of another transport than gRPC (session frames): returns where the
   * transport delivers the stream's requests (on its event loop), its half-close ({@code
   * onCompleted}) and its failure ({@code onError}, as a cancel).
   */
  public StreamObserver<SessionRequest> openSession(SessionStream stream) {
    return new SessionCall(env, stream, false);
  }

  /**
   * Starts a session whose requests the gateway of this process delivers on its client event loops
   * (standalone's in-memory transport), as {@link #openSession(SessionStream)} otherwise.
   */
  public StreamObserver<SessionRequest> openClientLoopSession(SessionStream stream) {
    return new SessionCall(env, stream, true);
  }

  public List<BindableService> services() {
    return services;
  }

  public SessionMetrics metrics() {
    return metrics;
  }

  /** What each tenant did on this node since it started. */
  public TenantStatsTable tenantStats() {
    return tenantStats;
  }

  /** Sessions open now. */
  public int openSessions() {
    return registry.count();
  }

  /** Requests waiting for a statement slot now. */
  public int queuedRequests() {
    return gate.queued();
  }

  /** Requests holding a statement slot now. */
  public int runningRequests() {
    return gate.running();
  }

  /**
   * Refuses new sessions (57P03) and ends the open ones that are idle outside a transaction
   * (57P01); the others are left to finish what they run. Call again to end those that became idle
   * since.
   *
   * @return sessions still open
   */
  public int endIdleSessions() {
    List<SessionCall> open = registry.stopAdmittingAndList();
    for (SessionCall call : open) {
      call.endIfIdle();
    }
    return open.size();
  }

  /** The shards whose writes are frozen here for a move now, for operators and tests. */
  public Set<Integer> frozenShards() {
    return Set.copyOf(writes.freezes().keySet());
  }

  /**
   * Refuses new sessions and ends the open ones (57P01).
   *
   * @return completes when every open session has closed its connection
   */
  public CompletableFuture<Void> endSessions() {
    return registry.shutdown();
  }

  /**
   * Closes, from the calling thread, sessions that did not end in time. Call only once the worker
   * pool has terminated.
   */
  public void closeRemainingSessions() {
    registry.closeRemaining();
  }

  /** Stops the freeze watch and drops deletions still waiting for their grace period. */
  @Override
  public void close() {
    warmupThreads.shutdownNow();
    freezes.close();
    moveScheduler.shutdownNow();
    relocations.close();
  }
}
