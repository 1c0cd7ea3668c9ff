/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.grpc.BindableService;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.rhizome.node.access.PeerAuthorization;
import io.rhizome.node.archive.ArchiveConfig;
import io.rhizome.node.archive.Archiver;
import io.rhizome.node.catalog.TenantCatalog;
import io.rhizome.node.exec.SqliteErrors;
import io.rhizome.node.frames.FrameServer;
import io.rhizome.node.functions.SqlFunctions;
import io.rhizome.node.move.MoveSettings;
import io.rhizome.node.move.PeerChannels;
import io.rhizome.node.move.ShardMover;
import io.rhizome.node.replica.Replication;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.node.rpc.SessionMetrics;
import io.rhizome.node.store.GroupCommit;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.tls.ClusterTls;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running storage node: the NodeSession and NodeAdmin gRPC services over the tenant files in the
 * data directory, registered as live in the topology.
 */
public final class NodeServer implements AutoCloseable {
  /**
   * The largest request a gateway may send: one client message can be 1 GiB (a Query's text, a
   * Bind's values), and a request carries it plus its own framing. gRPC's default of 4 MiB would
   * end the session of any client that sends a larger value.
   */
  static final int MAX_REQUEST_BYTES = (1 << 30) + (16 << 20);

  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);

  private final NodeConfig config;
  private final Server server;

  /** The session-frames listener, or null when sessions come over gRPC only. */
  private final FrameServer frames;

  private final ThreadPoolExecutor workers;
  private final TenantHandles handles;
  private final ScheduledExecutorService sweeper;
  private final NodeServices services;
  private final NodeRegistration registration;
  private final ShardMover mover;
  private final Replication replication;
  private final Archiver archiver;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean draining;

  /** How often a drain looks for sessions that became idle. */
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private NodeServer(
      NodeConfig config,
      Server server,
      FrameServer frames,
      ThreadPoolExecutor workers,
      TenantHandles handles,
      ScheduledExecutorService sweeper,
      NodeServices services,
      NodeRegistration registration,
      ShardMover mover,
      Replication replication,
      Archiver archiver) {
    this.config = config;
    this.server = server;
    this.frames = frames;
    this.workers = workers;
    this.handles = handles;
    this.sweeper = sweeper;
    this.services = services;
    this.registration = registration;
    this.mover = mover;
    this.replication = replication;
    this.archiver = archiver;
  }

  /**
   * Adds the node's services to {@code serverBuilder}, starts the server, then registers the node
   * in {@code topology} as up at {@link NodeConfig#advertiseAddress()}. Calls are not authorised
   * and moves reach other nodes in plaintext: for a standalone process (in-process transport) and a
   * cluster run without cluster TLS.
   *
   * @throws IOException when the server cannot start
   * @throws TopologyException when the node cannot register; the server is stopped again
   */
  public static NodeServer start(
      NodeConfig config, Topology topology, ServerBuilder<?> serverBuilder)
      throws IOException, TopologyException {
    return start(config, topology, serverBuilder, null, NodeInstruments.NONE);
  }

  /**
   * Like {@link #start(NodeConfig, Topology, ServerBuilder)} in a cluster with mutual TLS: {@code
   * serverBuilder} must serve with {@link ClusterTls#serverCredentials()}, every call is let
   * through only for the roles its method is for ({@link PeerAuthorization}), and moves reach other
   * nodes with {@link ClusterTls#channelCredentials()}.
   */
  public static NodeServer start(
      NodeConfig config, Topology topology, ServerBuilder<?> serverBuilder, ClusterTls clusterTls)
      throws IOException, TopologyException {
    return start(config, topology, serverBuilder, clusterTls, NodeInstruments.NONE);
  }

  /**
   * Like {@link #start(NodeConfig, Topology, ServerBuilder)}, reporting through {@code
   * instruments}.
   */
  public static NodeServer start(
      NodeConfig config,
      Topology topology,
      ServerBuilder<?> serverBuilder,
      NodeInstruments instruments)
      throws IOException, TopologyException {
    return start(config, topology, serverBuilder, null, instruments);
  }

  /**
   * Starts a node with cluster TLS ({@code clusterTls}, or null for none: plaintext moves and no
   * authorisation of callers, as in standalone) reporting through {@code instruments}.
   */
  public static NodeServer start(
      NodeConfig config,
      Topology topology,
      ServerBuilder<?> serverBuilder,
      ClusterTls clusterTls,
      NodeInstruments instruments)
      throws IOException, TopologyException {
    return start(config, topology, serverBuilder, clusterTls, instruments, null);
  }

  /**
   * Like {@link #start(NodeConfig, Topology, ServerBuilder, ClusterTls, NodeInstruments)}, also
   * serving client sessions over session frames at {@code sessions} (null: gRPC only). The bound
   * address, with the host of {@link NodeConfig#advertiseAddress()}, goes into the node's record,
   * where gateways find it; with {@code clusterTls} the listener uses the same mutual TLS and role
   * checks as gRPC.
   */
  public static NodeServer start(
      NodeConfig config,
      Topology topology,
      ServerBuilder<?> serverBuilder,
      ClusterTls clusterTls,
      NodeInstruments instruments,
      SessionListen sessions)
      throws IOException, TopologyException {
    // Before anything listens: an invalid custom function stops the node at startup.
    SqlFunctions functions = SqlFunctions.load(Thread.currentThread().getContextClassLoader());
    if (!functions.isEmpty()) {
      LOG.info("custom SQL functions: {}", String.join(", ", functions.names()));
    }
    functions = functions.checkedAgainst(TenantCatalog.functionNames());
    TenantStore store =
        new TenantStore(
            config.dataDir(),
            config.synchronous(),
            config.busyTimeout(),
            new TenantLockdown(config.quotas(), config.limits().maxValueBytes()),
            functions);
    NodeLimits limits = config.limits();
    TenantHandles handles =
        new TenantHandles(store, limits.maxOpenTenants(), limits.tenantIdleTimeout());
    // Each session queues at most one task on the pool at a time (its SessionLane), so a
    // queue of maxSessions never rejects while the node runs.
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            config.workerThreads(),
            config.workerThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.maxSessions()),
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-node-worker-%d")
                .setDaemon(true)
                .build());
    TenantTrash trash = new TenantTrash(config.dataDir());
    TenantBackups backups = new TenantBackups(config.dataDir(), store, trash);
    ChannelCredentials peerCredentials =
        clusterTls == null ? InsecureChannelCredentials.create() : clusterTls.channelCredentials();
    Replication replication =
        new Replication(
            config.nodeId(),
            topology,
            store,
            trash,
            config.replication(),
            new PeerChannels(peerCredentials));
    store.nodeCheckpoints(replication::nodeCheckpoints);
    NodeServices services =
        new NodeServices(
            config.nodeId(),
            topology,
            store,
            handles,
            trash,
            backups,
            new SqliteErrors(
                config.dataDir().toAbsolutePath().normalize().toString(), config.busyTimeout()),
            workers,
            new NodeServices.Limits(
                config.maxSessions(),
                limits.maxSessionsPerTenant(),
                limits.maxConcurrentStatements(),
                limits.statementQueue()),
            config.shutdownTimeout(),
            config.moveSource(),
            instruments.metrics(),
            instruments.slowStatements(),
            replication,
            config.archive().map(ArchiveConfig::target));
    for (BindableService service : services.services()) {
      serverBuilder.addService(service);
    }
    if (clusterTls != null) {
      serverBuilder.intercept(new PeerAuthorization());
    }
    serverBuilder.maxInboundMessageSize(MAX_REQUEST_BYTES);
    serverBuilder.callExecutor(NodeServices.callExecutors());
    Server server;
    try {
      server = serverBuilder.build().start();
    } catch (IOException | RuntimeException e) {
      services.close();
      replication.close();
      workers.shutdownNow();
      throw e;
    }
    FrameServer frames = null;
    String sessionAddress = "";
    if (sessions != null) {
      try {
        frames =
            FrameServer.start(
                sessions.address(),
                sessions.loops(),
                sessions.channelType(),
                clusterTls == null ? null : clusterTls.sessionServerContext(),
                services,
                MAX_REQUEST_BYTES);
      } catch (IOException | RuntimeException e) {
        server.shutdownNow();
        services.close();
        replication.close();
        workers.shutdownNow();
        throw e;
      }
      sessionAddress = sessions.advertised(config.advertiseAddress(), frames.boundAddress());
    }
    NodeRegistration registration;
    try {
      registration =
          topology.registerNode(
              NodeRecord.newBuilder()
                  .setFormat(1)
                  .setId(config.nodeId())
                  .setAddress(config.advertiseAddress())
                  .setSessionAddress(sessionAddress)
                  .setState(NodeState.NODE_UP)
                  .setZone(config.replication().zone())
                  .setStartedUnixMs(System.currentTimeMillis())
                  .build());
    } catch (TopologyException | RuntimeException e) {
      if (frames != null) {
        frames.close();
      }
      server.shutdownNow();
      services.close();
      replication.close();
      workers.shutdownNow();
      throw e;
    }
    ScheduledExecutorService sweeper = startSweeper(handles, limits.tenantIdleTimeout());
    ShardMover mover =
        new ShardMover(
            config.nodeId(),
            topology,
            MoveSettings.fromEnvironment(config.dataDir()),
            backups,
            new PeerChannels(peerCredentials));
    mover.start();
    Archiver archiver = null;
    if (config.archive().isPresent()) {
      archiver =
          new Archiver(
              topology.cluster().getName(),
              config.nodeId(),
              topology,
              config.archive().get().target(),
              config.archive().get().settings(),
              replication::snapshotForArchive,
              config.dataDir().resolve("archive-tmp"));
      replication.archive(archiver);
      archiver.start();
    }
    replication.start();
    LOG.info(
        "node {} serving at {}{}",
        config.nodeId(),
        config.advertiseAddress(),
        sessionAddress.isEmpty() ? "" : ", session frames at " + sessionAddress);
    reportUnownedShards(store, topology, config.nodeId());
    return new NodeServer(
        config,
        server,
        frames,
        workers,
        handles,
        sweeper,
        services,
        registration,
        mover,
        replication,
        archiver);
  }

  private static void reportUnownedShards(TenantStore store, Topology topology, String nodeId) {
    try {
      SortedMap<Integer, String> unowned =
          UnownedShards.find(store.shardsOnDisk(), topology.shards(), nodeId);
      if (!unowned.isEmpty()) {
        LOG.warn(
            "the data directory holds tenant files of shards this node does not own, which it will"
                + " not serve: {}",
            UnownedShards.describe(unowned));
      }
    } catch (IOException e) {
      LOG.warn("could not list the shards in the data directory: {}", e.getClass().getName());
    }
  }

  /** Closes idle handles a little after their idle timeout, on one daemon thread. */
  private static ScheduledExecutorService startSweeper(TenantHandles handles, Duration idle) {
    long periodMillis = Math.max(100, Math.min(30_000, idle.toMillis() / 2));
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("rhizome-node-handle-sweeper")
                .setDaemon(true)
                .build());
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            handles.closeExpired();
          } catch (RuntimeException e) {
            LOG.error("closing idle tenant handles failed", e);
          }
        },
        periodMillis,
        periodMillis,
        TimeUnit.MILLISECONDS);
    return sweeper;
  }

  /** The port the server listens on, or -1 (in-process servers have none). */
  public int port() {
    return server.getPort();
  }

  /** The port of the session-frames listener, or -1 when there is none. */
  public int sessionPort() {
    return frames == null ? -1 : frames.boundAddress().getPort();
  }

  /** Gateway connections to the session-frames listener open now (0 without one). */
  public int sessionConnections() {
    return frames == null ? 0 : frames.connections();
  }

  /** Counters of the node's sessions. */
  public SessionMetrics metrics() {
    return services.metrics();
  }

  /** The node's services: sessions, statement slots and per-tenant figures, for operators. */
  public NodeServices services() {
    return services;
  }

  /** Whether the node takes new sessions: started, and neither draining nor closed. */
  public boolean ready() {
    return !draining && !closed.get();
  }

  /**
   * The first part of a graceful shutdown. While it still serves, the node hands each shard it is
   * the primary of to a live in-sync follower (a planned handover: the shard's sessions are
   * re-routed by the gateways, auto-commit writes wait out a short freeze); then it refuses new
   * sessions (57P03), ends every session that is idle outside a transaction (57P01) and each other
   * one as soon as its request and transaction are over, until none is left, {@code grace} has
   * passed, or {@code hurry} opens. {@link #close} then ends whatever is left.
   */
  public void drain(Duration grace, CountDownLatch hurry) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    if (hurry.getCount() > 0) {
      long started = System.nanoTime();
      List<Integer> handed = replication.handOverAll(deadline);
      if (!handed.isEmpty()) {
        LOG.info(
            "node {}: handed {} shards over to their followers in {} ms",
            config.nodeId(),
            handed.size(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    }
    draining = true;
    int open;
    while ((open = services.endIdleSessions()) > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || hurry.await(Math.min(left, DRAIN_POLL_NANOS), TimeUnit.NANOSECONDS)) {
        LOG.info("node {}: {} sessions still busy at the end of the grace", config.nodeId(), open);
        return;
      }
    }
  }

  /** The shards whose writes are frozen here for a move now. */
  public Set<Integer> frozenShards() {
    return services.frozenShards();
  }

  /**
   * The replicas of the shards this node is the primary of (each follower's lag) and its archive's
   * position and lag.
   */
  public io.rhizome.proto.ReplicaStatusResponse replicaStatus() {
    return replication.status();
  }

  /** Counters of the node's SQLite handle cache. */
  public TenantHandles.Stats handleStats() {
    return handles.stats();
  }

  /** The commits of shards with one copy and the WAL syncs that made them durable. */
  public GroupCommit groupCommit() {
    return handles.store().groupCommit();
  }

  /** The node's SQLite handle cache, for tests that hold a handle as a session would. */
  TenantHandles handles() {
    return handles;
  }

  /**
   * Deregisters the node, ends its sessions (57P01), stops the server and the workers, each bounded
   * by {@link NodeConfig#shutdownTimeout()}, and closes whatever SQLite connections are still open.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long timeoutMillis = config.shutdownTimeout().toMillis();
    // First: a move cut short here resumes from its record when the node is back.
    mover.close();
    try {
      registration.close();
    } catch (RuntimeException e) {
      LOG.warn("deregistering node {} failed", config.nodeId(), e);
    }
    try {
      services.endSessions().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("sessions did not end within {} ms", timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (frames != null) {
      // After the sessions ended: their last answers and ends were written.
      frames.close();
    }
    server.shutdown();
    replication.stopFollowing();
    workers.shutdown();
    try {
      if (!server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
      if (!workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
        workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    services.closeRemainingSessions();
    services.close();
    replication.close();
    if (archiver != null) {
      archiver.close();
    }
    sweeper.shutdownNow();
    handles.close();
    LOG.info("node {} stopped", config.nodeId());
  }
}
