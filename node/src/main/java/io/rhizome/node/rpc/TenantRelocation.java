/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.exec.Errors;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.RelocateTenantRequest;
import io.rhizome.proto.RelocateTenantResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames a tenant's files from its shared shard to the private shard the topology assigned it
 * ({@link Topology#beginRelocation}), both owned by this node, then records it there.
 *
 * <p>The one thing that must never happen is opening the tenant's file at the old shard after the
 * rename: SQLite would create an empty database there. So while the record says relocating no
 * session opens the tenant (SessionCall refuses with a frozen WRONG_DB_SERVER, which gateways
 * retry, and asks this class to finish the relocation), and while the rename runs the registry
 * refuses new sessions (RELOCATING) and the open ones are ended first. Every step is idempotent: a
 * relocation cut short (crash, metadata unavailable) is finished by the next session open.
 *
 * <p>One relocation per tenant at a time runs on this class's own thread: it waits for sessions to
 * end, which need the statement workers.
 */
final class TenantRelocation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantRelocation.class);
  private static final List<String> SUFFIXES = List.of("-wal", "-shm", "-journal", "");

  /** How long the cache may take to show the relocation the caller just wrote. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(5);

  private final String nodeId;
  private final Topology topology;
  private final TenantStore store;
  private final TenantHandles handles;
  private final SessionRegistry registry;
  private final Duration sessionEndTimeout;
  private final ExecutorService runner;
  private final ConcurrentHashMap<String, CompletableFuture<TenantRecord>> running =
      new ConcurrentHashMap<>();

  TenantRelocation(
      String nodeId,
      Topology topology,
      TenantStore store,
      TenantHandles handles,
      SessionRegistry registry,
      Duration sessionEndTimeout,
      ExecutorService runner) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.store = store;
    this.handles = handles;
    this.registry = registry;
    this.sessionEndTimeout = sessionEndTimeout;
    this.runner = runner;
  }

  /** The RelocateTenant RPC: runs (or joins) the tenant's relocation and waits for it, bounded. */
  void relocate(RelocateTenantRequest request, StreamObserver<RelocateTenantResponse> response) {
    String tenant = request.getTenant();
    if (!TenantNames.isValid(tenant)) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("invalid tenant name").asRuntimeException());
      return;
    }
    try {
      TenantRecord record = awaitRelocating(tenant, request.getToShard());
      if (record.getShard() != request.getShard() && record.getShard() != request.getToShard()) {
        throw new StatusException(
            Status.FAILED_PRECONDITION.withDescription(
                "tenant " + tenant + " is not on shard " + request.getShard()));
      }
      if (record.getRelocatingToShard() != 0) {
        requireOwned(record.getShard(), request.getEpoch());
      }
      relocation(tenant)
          .get(sessionEndTimeout.toMillis() + RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      response.onNext(RelocateTenantResponse.getDefaultInstance());
      response.onCompleted();
    } catch (StatusException e) {
      response.onError(e.getStatus().asRuntimeException());
    } catch (ExecutionException e) {
      Status status =
          e.getCause() instanceof StatusException s
              ? s.getStatus()
              : Status.INTERNAL.withDescription("relocating the tenant failed");
      response.onError(status.asRuntimeException());
    } catch (TimeoutException e) {
      response.onError(
          Status.UNAVAILABLE
              .withDescription("relocating the tenant did not finish in time; it goes on")
              .asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asRuntimeException());
    }
  }

  /**
   * A session open found the tenant's record relocating: finish the relocation in the background
   * (once per tenant at a time) if this node owns the shards, so the gateway's retry gets in.
   */
  void recover(String tenant) {
    relocation(tenant)
        .whenComplete(
            (record, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "finishing the relocation of tenant {} failed: {}",
                    tenant,
                    failure.getCause() == null ? failure : failure.getCause().getMessage());
              }
            });
  }

  /**
   * FAILED_PRECONDITION for admin calls that read or write the tenant's files (backup, restore,
   * info) while it is being relocated; empty otherwise.
   */
  Optional<Status> busy(String tenant) {
    Optional<TenantRecord> record;
    try {
      record = topology.tenant(tenant);
    } catch (TopologyException e) {
      return Optional.of(Status.UNAVAILABLE.withDescription("the cluster metadata is unavailable"));
    }
    if (registry.relocating(tenant)
        || record.isPresent() && record.get().getRelocatingToShard() != 0) {
      return Optional.of(
          Status.FAILED_PRECONDITION.withDescription(
              "tenant " + tenant + " is being moved to a shard of its own; try again shortly"));
    }
    return Optional.empty();
  }

  /** The frozen refusal a session of a relocating tenant gets: gateways retry it. */
  static io.rhizome.proto.Error refusal(int shard, long epoch, String nodeId) {
    return Errors.error(
            SqlState.CANNOT_CONNECT_NOW, "the database is being moved to a shard of its own; retry")
        .toBuilder()
        .setWrongDbServer(
            WrongDbServer.newBuilder()
                .setShard(shard)
                .setEpoch(epoch)
                .setOwnerHint(nodeId)
                .setFrozen(true))
        .build();
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }

  private CompletableFuture<TenantRecord> relocation(String tenant) {
    CompletableFuture<TenantRecord> fresh = new CompletableFuture<>();
    CompletableFuture<TenantRecord> current = running.putIfAbsent(tenant, fresh);
    if (current != null) {
      return current;
    }
    try {
      runner.execute(
          () -> {
            try {
              fresh.complete(run(tenant));
            } catch (StatusException e) {
              fresh.completeExceptionally(e);
            } catch (RuntimeException e) {
              LOG.error("relocating tenant {} failed", tenant, e);
              fresh.completeExceptionally(e);
            } finally {
              running.remove(tenant, fresh);
            }
          });
    } catch (RuntimeException e) {
      running.remove(tenant, fresh);
      fresh.completeExceptionally(
          new StatusException(Status.UNAVAILABLE.withDescription("the node is shutting down")));
    }
    return fresh;
  }

  /** One attempt, on the runner thread. */
  private TenantRecord run(String tenant) throws StatusException {
    TenantRecord record = read(tenant);
    int to = record.getRelocatingToShard();
    if (to == 0) {
      return record;
    }
    int from = record.getShard();
    long epoch = owned(from).getEpoch();
    long toEpoch = owned(to).getEpoch();
    if (!registry.beginRelocation(tenant)) {
      throw new StatusException(
          Status.UNAVAILABLE.withDescription(
              "tenant " + tenant + " is being dropped or restored; try again"));
    }
    try {
      SessionRegistry.Ended ended =
          registry.endSessions(tenant::equals, refusal(from, epoch, nodeId));
      try {
        ended.closed().get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw new StatusException(
            Status.UNAVAILABLE.withDescription("the tenant's sessions did not end in time"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StatusException(Status.CANCELLED);
      }
      // The ended sessions returned their handles; none may stay open on the old path.
      handles.closeIdle(from, tenant);
      handles.closeIdle(to, tenant);
      rename(tenant, from, to);
      TenantRecord done;
      try {
        done = topology.completeRelocation(tenant, to);
      } catch (TopologyException e) {
        // The files are at the new shard and the record still says relocating: the next session
        // open of the tenant finishes it (the rename is then found done).
        throw new StatusException(
            Status.UNAVAILABLE.withDescription(
                "the tenant's files moved but recording it failed (" + e.reason() + "); retry"));
      }
      LOG.info(
          "tenant {} relocated from shard {} (epoch {}) to its own shard {} (epoch {})",
          tenant,
          from,
          epoch,
          to,
          toEpoch);
      return done;
    } finally {
      registry.endRelocation(tenant);
    }
  }

  /**
   * Renames the tenant's files from shard {@code from} to {@code to} and syncs both directories.
   * Idempotent: a file already at the destination and gone from the source was renamed before. A
   * file at both places is refused (nothing is overwritten).
   */
  private void rename(String tenant, int from, int to) throws StatusException {
    Path source = store.tenantFile(from, tenant);
    Path target = store.tenantFile(to, tenant);
    try {
      Files.createDirectories(target.getParent());
      for (String suffix : SUFFIXES) {
        Path src = source.resolveSibling(source.getFileName() + suffix);
        Path dst = target.resolveSibling(target.getFileName() + suffix);
        if (Files.exists(src) && Files.exists(dst)) {
          LOG.error(
              "relocating tenant {}: a file{} is at both shard {} and shard {}; left as is",
              tenant,
              suffix,
              from,
              to);
          throw new StatusException(
              Status.FAILED_PRECONDITION.withDescription(
                  "the tenant's files are at both shards; an operator must look"));
        }
      }
      // Companions first, the database last: until it has moved, the source still looks whole.
      for (String suffix : SUFFIXES) {
        Path src = source.resolveSibling(source.getFileName() + suffix);
        if (Files.exists(src)) {
          Files.move(
              src,
              target.resolveSibling(target.getFileName() + suffix),
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
      forceDirectory(target.getParent());
      forceDirectory(source.getParent());
    } catch (IOException e) {
      // The message may hold a path: log the type only.
      LOG.error("relocating tenant {} failed: {}", tenant, e.getClass().getName());
      throw new StatusException(
          Status.INTERNAL.withDescription("could not rename the tenant's files"));
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private TenantRecord read(String tenant) throws StatusException {
    try {
      return topology
          .tenant(tenant)
          .orElseThrow(
              () ->
                  new StatusException(
                      Status.NOT_FOUND.withDescription("tenant " + tenant + " does not exist")));
    } catch (TopologyException e) {
      throw new StatusException(
          Status.UNAVAILABLE.withDescription("the cluster metadata is unavailable"));
    }
  }

  /**
   * The tenant's record once this node's cache shows it relocating to {@code to} (or done), waiting
   * a moment for the watch: the caller wrote it through another process.
   */
  private TenantRecord awaitRelocating(String tenant, int to) throws StatusException {
    long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
    while (true) {
      TenantRecord record = read(tenant);
      boolean relocating = record.getRelocatingToShard() == to;
      boolean done = record.getShard() == to && record.getRelocatingToShard() == 0;
      if (to != 0 && (relocating || done)) {
        return record;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new StatusException(
            Status.FAILED_PRECONDITION.withDescription(
                "tenant " + tenant + " is not being relocated to shard " + to));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StatusException(Status.CANCELLED);
      }
    }
  }

  private void requireOwned(int shard, long epoch) throws StatusException {
    ShardRecord placement = owned(shard);
    if (placement.getEpoch() != epoch) {
      throw new StatusException(
          Status.FAILED_PRECONDITION.withDescription(
              "shard " + shard + " is not owned by this node at epoch " + epoch));
    }
  }

  /** The shard's placement read through, which must be this node. */
  private ShardRecord owned(int shard) throws StatusException {
    Optional<ShardRecord> placement;
    try {
      placement = topology.refreshShard(shard);
    } catch (TopologyException e) {
      throw new StatusException(
          Status.UNAVAILABLE.withDescription("the cluster metadata is unavailable"));
    }
    if (placement.isEmpty() || !placement.get().getNodeId().equals(nodeId)) {
      throw new StatusException(
          Status.FAILED_PRECONDITION.withDescription(
              "shard " + shard + " is not owned by this node"));
    }
    return placement.get();
  }
}
