/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.BindableService;
import io.rhizome.node.exec.SqliteErrors;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.topology.Topology;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The node's gRPC services and the session state they share. */
public final class NodeServices {
  private final SessionRegistry registry;
  private final SessionMetrics metrics = new SessionMetrics();
  private final List<BindableService> services;

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
      Duration sessionEndTimeout) {
    this.registry = new SessionRegistry(limits.maxSessions(), limits.maxSessionsPerTenant());
    StatementGate gate =
        new StatementGate(limits.maxConcurrentStatements(), limits.statementQueue());
    Ownership ownership = new Ownership(nodeId, topology);
    CancelKeyTable cancelKeys = new CancelKeyTable(nodeId, new SecureRandom());
    SessionEnvironment env =
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
            workers);
    this.services =
        List.of(
            new NodeSessionService(env),
            new NodeAdminService(
                ownership,
                registry,
                cancelKeys,
                store,
                handles,
                trash,
                backups,
                sessionEndTimeout,
                new SessionLister(nodeId, registry)));
  }

  public List<BindableService> services() {
    return services;
  }

  public SessionMetrics metrics() {
    return metrics;
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
}
