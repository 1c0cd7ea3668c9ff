/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.CancelStatementResponse;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.DropTenantResponse;
import io.rhizome.proto.FreezeShardRequest;
import io.rhizome.proto.ListSessionsRequest;
import io.rhizome.proto.ListSessionsResponse;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.ReleaseShardRequest;
import io.rhizome.proto.ReleaseShardResponse;
import io.rhizome.proto.RelocateTenantRequest;
import io.rhizome.proto.RelocateTenantResponse;
import io.rhizome.proto.RestoreChunk;
import io.rhizome.proto.RestoreTenantResponse;
import io.rhizome.proto.ShardTenantsRequest;
import io.rhizome.proto.ShardTenantsResponse;
import io.rhizome.proto.TenantInfoRequest;
import io.rhizome.proto.TenantInfoResponse;
import io.rhizome.proto.TenantStatsRequest;
import io.rhizome.proto.TenantStatsResponse;
import io.rhizome.proto.ThawShardRequest;
import io.rhizome.proto.ThawShardResponse;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.TenantNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeAdmin gRPC service. Failures are gRPC statuses: INVALID_ARGUMENT for a bad tenant name,
 * FAILED_PRECONDITION when this node does not own the shard at the given epoch, UNAVAILABLE when
 * the tenant's sessions did not end in time (nothing was moved; the drop can be retried), INTERNAL
 * when the files could not be moved to the trash or measured. A cancel never fails: an unknown key
 * is simply not matched. The shard-move RPCs are {@link ShardMoveSource}'s.
 */
final class NodeAdminService extends NodeAdminGrpc.NodeAdminImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAdminService.class);

  private final Ownership ownership;
  private final SessionRegistry registry;
  private final CancelKeyTable cancelKeys;
  private final TenantStore store;
  private final TenantHandles handles;
  private final TenantTrash trash;
  private final TenantBackups backups;
  private final ShardWrites writes;
  private final ShardMoveSource moves;
  private final TenantRelocation relocations;
  private final Duration sessionEndTimeout;
  private final SessionLister sessions;
  private final ArchiveRestores archiveRestores;

  private final TenantStatsLister tenantStats;

  NodeAdminService(
      Ownership ownership,
      SessionRegistry registry,
      CancelKeyTable cancelKeys,
      TenantStore store,
      TenantHandles handles,
      TenantTrash trash,
      TenantBackups backups,
      ShardWrites writes,
      ShardMoveSource moves,
      TenantRelocation relocations,
      Duration sessionEndTimeout,
      SessionLister sessions,
      TenantStatsLister tenantStats,
      ArchiveRestores archiveRestores) {
    this.tenantStats = tenantStats;
    this.ownership = ownership;
    this.registry = registry;
    this.cancelKeys = cancelKeys;
    this.store = store;
    this.handles = handles;
    this.trash = trash;
    this.backups = backups;
    this.writes = writes;
    this.moves = moves;
    this.relocations = relocations;
    this.sessionEndTimeout = sessionEndTimeout;
    this.sessions = sessions;
    this.archiveRestores = archiveRestores;
  }

  /** A tenant as it was at a moment, from the archive; see {@link ArchiveRestores}. */
  @Override
  public void restoreTenantAt(
      io.rhizome.proto.RestoreTenantAtRequest request,
      StreamObserver<io.rhizome.proto.RestoreTenantResponse> response) {
    if (refusedOrRelocating(
        request.getTenant(), request.getShard(), request.getEpoch(), response)) {
      return;
    }
    archiveRestores.restore(request, response);
  }

  /** The node's open sessions; see {@link SessionLister}. */
  @Override
  public void listSessions(
      ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    sessions.list(request, response);
  }

  @Override
  public void tenantStats(
      TenantStatsRequest request, StreamObserver<TenantStatsResponse> response) {
    tenantStats.list(request, response);
  }

  /**
   * Ends the tenant's open sessions (57P01 "tenant was dropped"), then moves its files to the
   * trash. Runs on a gRPC executor thread and waits there, bounded, for the sessions to close.
   */
  @Override
  public void dropTenant(DropTenantRequest request, StreamObserver<DropTenantResponse> response) {
    String tenant = request.getTenant();
    if (refused(tenant, request.getShard(), request.getEpoch(), response)) {
      return;
    }
    try {
      registry.beginDrop(tenant).get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // The ended sessions returned their handles to the cache; none may outlive the files.
      handles.closeIdle(request.getShard(), tenant);
      Optional<Path> trashed =
          trash.trash(store.tenantFile(request.getShard(), tenant), tenant, Instant.now());
      store.replaced(request.getShard(), tenant);
      LOG.info(
          "dropped tenant {} of shard {}: files {}",
          tenant,
          request.getShard(),
          trashed.map(p -> "moved to " + p).orElse("did not exist"));
      response.onNext(
          DropTenantResponse.newBuilder()
              .setExisted(trashed.isPresent())
              .setTrashedAs(trashed.map(Path::toString).orElse(""))
              .build());
      response.onCompleted();
    } catch (TimeoutException | ExecutionException e) {
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the tenant's sessions did not end in time")
              .asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asRuntimeException());
    } catch (IOException e) {
      LOG.error(
          "moving tenant {} of shard {} to the trash failed: {}",
          tenant,
          request.getShard(),
          e.getClass().getName());
      response.onError(
          Status.INTERNAL
              .withDescription("could not move the tenant's files to the trash")
              .asRuntimeException());
    } finally {
      registry.endDrop(tenant);
    }
  }

  /**
   * Writes a consistent copy of the tenant's database to a temporary file (on this gRPC executor
   * thread, like a drop's wait), then streams it under flow control and deletes it. The first chunk
   * carries the tenant's write generation, read before the copy began, so a mover can tell later
   * whether the copy is current; the last one the SHA-256 of the data.
   */
  @Override
  public void backupTenant(BackupTenantRequest request, StreamObserver<BackupChunk> response) {
    String tenant = request.getTenant();
    if (refusedOrRelocating(tenant, request.getShard(), request.getEpoch(), response)) {
      return;
    }
    BackupChunk first =
        BackupChunk.newBuilder()
            .setGeneration(writes.generation(tenant))
            .setBootId(writes.bootId())
            .build();
    Path tmp = backups.newTempFile(tenant);
    try {
      backups.backup(request.getShard(), tenant, tmp);
      BackupStreamer.start(tmp, first, (ServerCallStreamObserver<BackupChunk>) response);
    } catch (NoSuchFileException e) {
      response.onError(
          Status.NOT_FOUND.withDescription("the tenant has no database yet").asRuntimeException());
    } catch (IOException | SQLException e) {
      LOG.error("backing up tenant {} failed: {}", tenant, e.getClass().getName());
      response.onError(
          Status.INTERNAL.withDescription("could not back up the tenant").asRuntimeException());
    }
  }

  /** Receives a database file and swaps it in for the tenant's; see {@link RestoreReceiver}. */
  @Override
  public StreamObserver<RestoreChunk> restoreTenant(
      StreamObserver<RestoreTenantResponse> response) {
    return new RestoreReceiver(
        response,
        first ->
            !refusedOrRelocating(first.getTenant(), first.getShard(), first.getEpoch(), response),
        registry,
        handles,
        backups,
        store.lockdown().quotas().maxDatabaseBytes(),
        sessionEndTimeout);
  }

  /** The tenant's size on disk and open sessions. */
  @Override
  public void tenantInfo(TenantInfoRequest request, StreamObserver<TenantInfoResponse> response) {
    String tenant = request.getTenant();
    if (refusedOrRelocating(tenant, request.getShard(), request.getEpoch(), response)) {
      return;
    }
    try {
      Path file = store.tenantFile(request.getShard(), tenant);
      response.onNext(
          TenantInfoResponse.newBuilder()
              .setExists(Files.exists(file))
              .setSizeBytes(TenantTrash.sizeOnDisk(file))
              .setOpenSessions(registry.openSessions(tenant))
              .build());
      response.onCompleted();
    } catch (IOException e) {
      LOG.warn("measuring tenant {} failed: {}", tenant, e.getClass().getName());
      response.onError(
          Status.INTERNAL
              .withDescription("could not measure the tenant's files")
              .asRuntimeException());
    }
  }

  /** Moves a tenant's files to its own shard on this node; see {@link TenantRelocation}. */
  @Override
  public void relocateTenant(
      RelocateTenantRequest request, StreamObserver<RelocateTenantResponse> response) {
    relocations.relocate(request, response);
  }

  @Override
  public void shardTenants(
      ShardTenantsRequest request, StreamObserver<ShardTenantsResponse> response) {
    moves.shardTenants(request, response);
  }

  @Override
  public void freezeShard(
      FreezeShardRequest request, StreamObserver<ShardTenantsResponse> response) {
    moves.freezeShard(request, response);
  }

  @Override
  public void thawShard(ThawShardRequest request, StreamObserver<ThawShardResponse> response) {
    moves.thawShard(request, response);
  }

  @Override
  public void releaseShard(
      ReleaseShardRequest request, StreamObserver<ReleaseShardResponse> response) {
    moves.releaseShard(request, response);
  }

  /**
   * Answers INVALID_ARGUMENT or FAILED_PRECONDITION and returns true when the request is refused.
   */
  private boolean refused(String tenant, int shard, long epoch, StreamObserver<?> response) {
    if (!TenantNames.isValid(tenant)) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("invalid tenant name").asRuntimeException());
      return true;
    }
    Optional<WrongDbServer> refusal = ownership.refusal(shard, epoch);
    if (refusal.isPresent()) {
      response.onError(
          Status.FAILED_PRECONDITION
              .withDescription("shard " + shard + " is not owned by this node at epoch " + epoch)
              .asRuntimeException());
      return true;
    }
    return false;
  }

  /** Like {@link #refused}, and refused while the tenant's files are being relocated. */
  private boolean refusedOrRelocating(
      String tenant, int shard, long epoch, StreamObserver<?> response) {
    if (refused(tenant, shard, epoch, response)) {
      return true;
    }
    Optional<Status> busy = relocations.busy(tenant);
    busy.ifPresent(status -> response.onError(status.asRuntimeException()));
    return busy.isPresent();
  }

  /**
   * Cancels the running statement of the session holding the key, if any. Answers at once: the
   * statement stops on its own worker when SQLite notices the interrupt.
   */
  @Override
  public void cancelStatement(
      CancelStatementRequest request, StreamObserver<CancelStatementResponse> response) {
    Optional<SessionCall> session =
        cancelKeys.find(request.getBackendPid(), request.getCancelSecret());
    session.ifPresent(SessionCall::cancel);
    LOG.debug(
        "cancel request for process id {}: matched {}",
        request.getBackendPid(),
        session.isPresent());
    response.onNext(CancelStatementResponse.newBuilder().setMatched(session.isPresent()).build());
    response.onCompleted();
  }
}
