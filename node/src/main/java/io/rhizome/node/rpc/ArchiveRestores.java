/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.archive.ArchiveTarget;
import io.rhizome.node.archive.PointInTimeRestore;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.proto.RestoreTenantAtRequest;
import io.rhizome.proto.RestoreTenantResponse;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RestoreTenantAt: rebuilds a tenant's database as of a moment from the archive ({@link
 * PointInTimeRestore}) into the node's backup scratch directory, then installs it like a restore
 * from a file ({@link TenantSwap}).
 */
final class ArchiveRestores {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveRestores.class);

  private final Topology topology;
  private final Optional<ArchiveTarget> archive;
  private final TenantBackups backups;
  private final TenantSwap swap;

  ArchiveRestores(
      Topology topology, Optional<ArchiveTarget> archive, TenantBackups backups, TenantSwap swap) {
    this.topology = topology;
    this.archive = archive;
    this.backups = backups;
    this.swap = swap;
  }

  /** Called once the tenant's name and the node's ownership were checked. */
  void restore(RestoreTenantAtRequest request, StreamObserver<RestoreTenantResponse> response) {
    if (archive.isEmpty()) {
      response.onError(
          Status.UNIMPLEMENTED
              .withDescription("this node has no archive (--archive-dir or --archive)")
              .asRuntimeException());
      return;
    }
    String tenant = request.getTenant();
    Path tmp = backups.newTempFile(tenant);
    try {
      Optional<TenantRecord> record = topology.tenant(tenant);
      if (record.isEmpty() || record.get().getShard() != request.getShard()) {
        response.onError(
            Status.NOT_FOUND.withDescription("no such tenant on that shard").asRuntimeException());
        return;
      }
      PointInTimeRestore.Restored built =
          PointInTimeRestore.build(
              archive.get(),
              topology.cluster().getName(),
              tenant,
              record.get().getCreatedUnixMs(),
              request.getAtUnixMs(),
              tmp);
      TenantSwap.Swapped swapped =
          swap.install(tenant, request.getShard(), tmp, request.getForce());
      LOG.info(
          "restored tenant {} to {} from the archive: snapshot of {}, {} batches replayed",
          tenant,
          java.time.Instant.ofEpochMilli(request.getAtUnixMs()),
          java.time.Instant.ofEpochMilli(built.snapshotUnixMs()),
          built.batches());
      response.onNext(
          RestoreTenantResponse.newBuilder()
              .setSizeBytes(swapped.sizeBytes())
              .setTrashedAs(swapped.trashed().map(Path::toString).orElse(""))
              .setSnapshotUnixMs(built.snapshotUnixMs())
              .setLastCommitUnixMs(built.lastCommitUnixMs())
              .build());
      response.onCompleted();
    } catch (PointInTimeRestore.NotCoveredException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    } catch (TenantSwap.OpenSessionsException e) {
      response.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
    } catch (TenantBackups.InvalidDatabaseException e) {
      response.onError(
          Status.DATA_LOSS
              .withDescription("the rebuilt database is not valid: " + e.getMessage())
              .asRuntimeException());
    } catch (TimeoutException | ExecutionException e) {
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the tenant's sessions did not end in time")
              .asRuntimeException());
    } catch (TopologyException e) {
      response.onError(
          Status.UNAVAILABLE.withDescription("the metadata is unavailable").asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asRuntimeException());
    } catch (IOException e) {
      LOG.warn("restoring tenant {} from the archive failed: {}", tenant, e.toString());
      response.onError(
          Status.UNAVAILABLE
              .withDescription("reading the archive failed: " + e.getMessage())
              .asRuntimeException());
    } finally {
      TenantBackups.deleteWithCompanions(tmp);
    }
  }
}
