/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.move.MoveSourceSettings;
import io.rhizome.node.move.ShardCleanup;
import io.rhizome.node.move.ShardFreezes;
import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ReleaseShardResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.ShardTenant;
import io.rhizome.proto.ShardTenantsRequest;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.ThawShardRequest;
import io.rhizome.proto.ThawShardResponse;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's side of a shard move, behind the NodeAdmin RPCs ShardTenants, FreezeShard, ThawShard
 * and ReleaseShard (see rhizome.proto). Failures are gRPC statuses: FAILED_PRECONDITION when the
 * node does not own the shard at the epoch (or, for a release, still owns it) or the FreezeRecord
 * is missing, ABORTED when a freeze did not drain in time, UNAVAILABLE when the metadata store
 * could not be asked.
 */
final class ShardMoveSource {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMoveSource.class);

  private final String nodeId;
  private final Topology topology;
  private final Ownership ownership;
  private final SessionRegistry registry;
  private final TenantStore store;
  private final TenantHandles handles;
  private final ShardWrites writes;
  private final ShardFreezes freezes;
  private final ShardCleanup cleanup;
  private final MoveSourceSettings settings;
  private final Duration sessionEndTimeout;

  ShardMoveSource(
      SessionEnvironment env,
      ShardFreezes freezes,
      ShardCleanup cleanup,
      MoveSourceSettings settings,
      Duration sessionEndTimeout) {
    this.nodeId = env.nodeId();
    this.topology = env.topology();
    this.ownership = env.ownership();
    this.registry = env.registry();
    this.store = env.store();
    this.handles = env.handles();
    this.writes = env.writes();
    this.freezes = freezes;
    this.cleanup = cleanup;
    this.settings = settings;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  void shardTenants(ShardTenantsRequest request, StreamObserver<ShardTenantsResponse> response) {
    if (notOwned(request.getShard(), request.getEpoch(), response)) {
      return;
    }
    answerTenants(request.getShard(), response);
  }

  /**
   * Checks the move's FreezeRecord (read through) on this gRPC thread, then answers once the
   * shard's running writes have drained, from the move scheduler.
   */
  void freezeShard(FreezeShardRequest request, StreamObserver<ShardTenantsResponse> response) {
    int shard = request.getShard();
    if (notOwned(shard, request.getEpoch(), response)) {
      return;
    }
    Optional<FreezeRecord> record;
    try {
      record = topology.refreshFreeze(shard);
    } catch (TopologyException e) {
      unavailable(response, e);
      return;
    }
    if (record.isEmpty()
        || record.get().getEpoch() != request.getEpoch()
        || !record.get().getMoveId().equals(request.getMoveId())) {
      response.onError(
          Status.FAILED_PRECONDITION
              .withDescription(
                  "shard "
                      + shard
                      + " has no freeze record for move "
                      + request.getMoveId()
                      + " at epoch "
                      + request.getEpoch())
              .asRuntimeException());
      return;
    }
    LOG.info("freezing shard {} for move {}", shard, request.getMoveId());
    freezes
        .freeze(shard, request.getEpoch(), request.getMoveId())
        .whenComplete(
            (drained, failure) -> {
              if (failure == null) {
                answerTenants(shard, response);
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              response.onError(
                  Status.ABORTED.withDescription(cause.getMessage()).asRuntimeException());
            });
  }

  void thawShard(ThawShardRequest request, StreamObserver<ThawShardResponse> response) {
    boolean owner;
    try {
      owner = freezes.thaw(request.getShard(), request.getEpoch());
    } catch (TopologyException e) {
      unavailable(response, e);
      return;
    }
    LOG.info(
        "thawed shard {} for move {}: {}",
        request.getShard(),
        request.getMoveId(),
        owner ? "writes resume" : "the shard moved away");
    response.onNext(ThawShardResponse.newBuilder().setOwner(owner).build());
    response.onCompleted();
  }

  /**
   * Ends the shard's sessions naming the new owner, closes its tenants' idle handles and schedules
   * the deletion of the copy. Waits on this gRPC thread, bounded, for the sessions to close, like a
   * tenant drop.
   */
  void releaseShard(ReleaseShardRequest request, StreamObserver<ReleaseShardResponse> response) {
    int shard = request.getShard();
    if (shard < 0 || shard > Topology.MAX_SHARD) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("no such shard").asRuntimeException());
      return;
    }
    Optional<ShardRecord> placement;
    try {
      placement = topology.refreshShard(shard);
    } catch (TopologyException e) {
      unavailable(response, e);
      return;
    }
    if (placement.isEmpty()
        || placement.get().getEpoch() < request.getNewEpoch()
        || placement.get().getNodeId().equals(nodeId)) {
      response.onError(
          Status.FAILED_PRECONDITION
              .withDescription(
                  "shard "
                      + shard
                      + " has not moved away from this node at epoch "
                      + request.getNewEpoch()
                      + " (placement: "
                      + placement
                          .map(p -> p.getNodeId() + " at epoch " + p.getEpoch())
                          .orElse("none")
                      + ")")
              .asRuntimeException());
      return;
    }
    WrongDbServer moved =
        WrongDbServer.newBuilder()
            .setShard(shard)
            .setEpoch(placement.get().getEpoch())
            .setOwnerHint(placement.get().getNodeId())
            .build();
    // The record places the tenant (a private shard is not where its name hashes): read for the
    // tenants with sessions here only, which this node looked up when they opened (so they are
    // cached). A tenant whose record cannot be read (dropped, or the metadata unavailable) can only
    // have been on its hashed shard or gone.
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
            SessionFence.wrongServer(moved));
    try {
      ended.closed().get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("sessions of shard {} did not all end in time after its move", shard);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asRuntimeException());
      return;
    }
    try {
      for (String tenant : store.tenantsOfShard(shard)) {
        handles.closeIdle(shard, tenant);
      }
    } catch (IOException e) {
      LOG.warn("listing the tenants of shard {} failed: {}", shard, e.getClass().getName());
    }
    // The ownership check fences from now on: refreshShard put the new placement in the cache.
    writes.lift(shard);
    cleanup.schedule(shard, settings.gracePeriod());
    LOG.info(
        "released shard {} to {} at epoch {}: {} sessions ended",
        shard,
        placement.get().getNodeId(),
        placement.get().getEpoch(),
        ended.sessions());
    response.onNext(ReleaseShardResponse.newBuilder().setSessionsEnded(ended.sessions()).build());
    response.onCompleted();
  }

  /** The shard's tenant files with their generations, as of now. */
  private void answerTenants(int shard, StreamObserver<ShardTenantsResponse> response) {
    try {
      ShardTenantsResponse.Builder answer =
          ShardTenantsResponse.newBuilder().setBootId(writes.bootId());
      for (String tenant : store.tenantsOfShard(shard)) {
        // Before the size: a write after the read must show as a newer generation.
        long generation = writes.generation(tenant);
        answer.addTenants(
            ShardTenant.newBuilder()
                .setTenant(tenant)
                .setGeneration(generation)
                .setSizeBytes(size(store.tenantFile(shard, tenant))));
      }
      response.onNext(answer.build());
      response.onCompleted();
    } catch (IOException e) {
      LOG.error("listing the tenants of shard {} failed: {}", shard, e.getClass().getName());
      response.onError(
          Status.INTERNAL
              .withDescription("could not list the shard's tenant files")
              .asRuntimeException());
    }
  }

  /** Bytes of the database file and its WAL (what a copy reads). */
  private static long size(Path file) throws IOException {
    Path wal = TenantStore.walFile(file);
    return (Files.exists(file) ? Files.size(file) : 0) + (Files.exists(wal) ? Files.size(wal) : 0);
  }

  private boolean notOwned(int shard, long epoch, StreamObserver<?> response) {
    Optional<WrongDbServer> refusal = ownership.refusal(shard, epoch);
    if (refusal.isEmpty()) {
      return false;
    }
    WrongDbServer known = refusal.get();
    response.onError(
        Status.FAILED_PRECONDITION
            .withDescription(
                "shard "
                    + shard
                    + " is not owned by this node at epoch "
                    + epoch
                    + " (placement: "
                    + (known.getOwnerHint().isEmpty()
                        ? "none"
                        : known.getOwnerHint() + " at epoch " + known.getEpoch())
                    + ")")
            .asRuntimeException());
    return true;
  }

  private static void unavailable(StreamObserver<?> response, TopologyException e) {
    LOG.warn("the metadata store could not be asked: {}", e.reason());
    response.onError(
        Status.UNAVAILABLE
            .withDescription("the cluster metadata is unavailable")
            .asRuntimeException());
  }
}
