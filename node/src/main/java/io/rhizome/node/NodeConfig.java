/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.node.archive.ArchiveConfig;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.replica.ReplicationSettings;
import io.rhizome.node.store.Synchronous;
import io.rhizome.node.store.TenantQuotas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a storage node.
 *
 * @param nodeId the node's id in the cluster map ("standalone" inside a standalone process)
 * @param dataDir holds {@code shards/<shard>/<tenant>.db}
 * @param advertiseAddress how gateways reach the node: "host:port" or "inprocess:NAME"
 * @param maxSessions open sessions past this are refused with 53300; each holds one SQLite
 *     connection (up to three file descriptors: database, WAL, shared memory)
 * @param busyTimeout how long a statement waits for another session's write lock before 55P03
 * @param synchronous whether an acknowledged commit must be on the disk (see {@link Synchronous})
 * @param workerThreads threads that run statements, shared by all sessions
 * @param shutdownTimeout how long closing the node (or dropping a tenant) waits for sessions to end
 * @param quotas limits every tenant gets (database size, statement time)
 * @param limits bounds on open handles, sessions per tenant and concurrent statements
 * @param moveSource drain timeout, freeze bound and grace period of the node as a shard move's
 *     source
 * @param replication zone label, acknowledgement timeout and checkpoint size of replication
 * @param archive where shipped commits are archived for point-in-time recovery (empty: nowhere)
 */
public record NodeConfig(
    String nodeId,
    Path dataDir,
    String advertiseAddress,
    int maxSessions,
    Duration busyTimeout,
    Synchronous synchronous,
    int workerThreads,
    Duration shutdownTimeout,
    TenantQuotas quotas,
    NodeLimits limits,
    MoveSourceSettings moveSource,
    ReplicationSettings replication,
    Optional<ArchiveConfig> archive) {

  public static final int DEFAULT_MAX_SESSIONS = 256;
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(advertiseAddress, "advertiseAddress");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(synchronous, "synchronous");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(moveSource, "moveSource");
    Objects.requireNonNull(replication, "replication");
    Objects.requireNonNull(archive, "archive");
    if (nodeId.isBlank()) {
      throw new IllegalArgumentException("nodeId must not be blank");
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1");
    }
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be at least 1");
    }
    if (busyTimeout.isNegative() || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /**
   * A node with the default {@link MoveSourceSettings} and {@link ReplicationSettings}, archiving
   * nowhere.
   */
  public NodeConfig(
      String nodeId,
      Path dataDir,
      String advertiseAddress,
      int maxSessions,
      Duration busyTimeout,
      Synchronous synchronous,
      int workerThreads,
      Duration shutdownTimeout,
      TenantQuotas quotas,
      NodeLimits limits) {
    this(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        limits,
        MoveSourceSettings.DEFAULT,
        ReplicationSettings.DEFAULT,
        Optional.empty());
  }

  /** A node with the default {@link NodeLimits}. */
  public NodeConfig(
      String nodeId,
      Path dataDir,
      String advertiseAddress,
      int maxSessions,
      Duration busyTimeout,
      Synchronous synchronous,
      int workerThreads,
      Duration shutdownTimeout,
      TenantQuotas quotas) {
    this(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        NodeLimits.DEFAULT);
  }

  /** This configuration with other resource limits. */
  public NodeConfig withLimits(NodeLimits newLimits) {
    return new NodeConfig(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        newLimits,
        moveSource,
        replication,
        archive);
  }

  /** This configuration with other shard-move settings (drain timeout, grace period, ...). */
  public NodeConfig withMoveSource(MoveSourceSettings newMoveSource) {
    return new NodeConfig(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        limits,
        newMoveSource,
        replication,
        archive);
  }

  /** This configuration with other replication settings. */
  public NodeConfig withReplication(ReplicationSettings newReplication) {
    return new NodeConfig(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        limits,
        moveSource,
        newReplication,
        archive);
  }

  /** This configuration archiving as {@code newArchive} says. */
  public NodeConfig withArchive(Optional<ArchiveConfig> newArchive) {
    return new NodeConfig(
        nodeId,
        dataDir,
        advertiseAddress,
        maxSessions,
        busyTimeout,
        synchronous,
        workerThreads,
        shutdownTimeout,
        quotas,
        limits,
        moveSource,
        replication,
        newArchive);
  }

  /** A node with default limits. */
  public static NodeConfig of(String nodeId, Path dataDir, String advertiseAddress) {
    return new NodeConfig(
        nodeId,
        dataDir,
        advertiseAddress,
        DEFAULT_MAX_SESSIONS,
        DEFAULT_BUSY_TIMEOUT,
        Synchronous.FULL,
        defaultWorkerThreads(),
        DEFAULT_SHUTDOWN_TIMEOUT,
        TenantQuotas.DEFAULT);
  }

  /** Enough threads that a few sessions waiting on a busy lock do not stall the others. */
  public static int defaultWorkerThreads() {
    return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  }
}
