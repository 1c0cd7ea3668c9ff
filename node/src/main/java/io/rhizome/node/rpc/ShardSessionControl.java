/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.replica.ShardSessions;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShardSessions} over the node's session registry, write tracking and handle cache: the same
 * steps a shard move's source takes at its freeze and after its flip.
 */
final class ShardSessionControl implements ShardSessions {
  private static final Logger LOG = LoggerFactory.getLogger(ShardSessionControl.class);

  private final Topology topology;
  private final SessionRegistry registry;
  private final ShardWrites writes;
  private final TenantHandles handles;
  private final TenantStore store;
  private final Duration sessionEndTimeout;

  ShardSessionControl(
      Topology topology,
      SessionRegistry registry,
      ShardWrites writes,
      TenantHandles handles,
      TenantStore store,
      Duration sessionEndTimeout) {
    this.topology = topology;
    this.registry = registry;
    this.writes = writes;
    this.handles = handles;
    this.store = store;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  @Override
  public CompletableFuture<Void> freezeWrites(int shard, long epoch) {
    return writes.freeze(shard, epoch, ShardWrites.HANDOVER, Instant.now());
  }

  @Override
  public void thawWrites(int shard) {
    writes.lift(shard);
  }

  @Override
  public FilesHold holdClosed(int shard, String tenant) {
    TenantHandles.Hold hold = handles.holdClosed(shard, tenant);
    return hold == null ? null : hold::close;
  }

  @Override
  public void release(int shard) {
    Optional<ShardRecord> placement = topology.shard(shard);
    WrongDbServer.Builder moved = WrongDbServer.newBuilder().setShard(shard);
    placement.ifPresent(p -> moved.setEpoch(p.getEpoch()).setOwnerHint(p.getNodeId()));
    Map<String, Integer> shardOfTenant = new HashMap<>();
    for (String tenant : registry.tenantsWithSessions()) {
      try {
        topology.tenant(tenant).ifPresent(t -> shardOfTenant.put(t.getName(), t.getShard()));
      } catch (TopologyException e) {
        LOG.debug("no record of tenant {} while releasing shard {}", tenant, shard);
      }
    }
    SessionRegistry.Ended ended =
        registry.endSessions(
            tenant -> shardOfTenant.getOrDefault(tenant, topology.shardOf(tenant)) == shard,
            SessionFence.wrongServer(moved.build()));
    try {
      ended.closed().get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("sessions of shard {} did not all end in time", shard);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      for (String tenant : store.tenantsOfShard(shard)) {
        handles.closeIdle(shard, tenant);
      }
    } catch (IOException e) {
      LOG.warn("listing the tenants of shard {} failed: {}", shard, e.getMessage());
    }
    if (ended.sessions() > 0) {
      LOG.info("shard {}: ended {} sessions, it is served elsewhere now", shard, ended.sessions());
    }
  }
}
