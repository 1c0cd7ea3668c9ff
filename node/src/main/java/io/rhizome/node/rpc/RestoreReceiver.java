/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.proto.RestoreChunk;
import io.rhizome.proto.RestoreTenantResponse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RestoreTenant call: writes the streamed file to a temporary file (bounded by the node's
 * database size limit), and when the stream completes verifies it and swaps it in for the tenant's
 * files. Messages arrive one at a time on the call's serialized executor; gRPC asks for the next
 * one only when {@link #onNext} returns, so a slow disk holds back the client. The temporary file
 * is deleted on every path.
 */
final class RestoreReceiver implements StreamObserver<RestoreChunk> {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreReceiver.class);

  /** Checks the first message's tenant and ownership; answers the refusal itself. */
  interface Admission extends Predicate<RestoreChunk> {}

  private final StreamObserver<RestoreTenantResponse> response;
  private final Admission admission;
  private final SessionRegistry registry;
  private final TenantHandles handles;
  private final TenantBackups backups;
  private final long maxBytes;
  private final Duration sessionEndTimeout;

  private RestoreChunk first;
  private Path tmp;
  private FileChannel channel;
  private long written;
  private boolean ended;

  RestoreReceiver(
      StreamObserver<RestoreTenantResponse> response,
      Admission admission,
      SessionRegistry registry,
      TenantHandles handles,
      TenantBackups backups,
      long maxBytes,
      Duration sessionEndTimeout) {
    this.response = response;
    this.admission = admission;
    this.registry = registry;
    this.handles = handles;
    this.backups = backups;
    this.maxBytes = maxBytes;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  @Override
  public void onNext(RestoreChunk chunk) {
    if (ended) {
      return;
    }
    try {
      if (first == null) {
        first = chunk;
        if (!admission.test(chunk)) {
          ended = true;
          return;
        }
        tmp = backups.newTempFile(chunk.getTenant());
        channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      written += chunk.getData().size();
      if (written > maxBytes) {
        fail(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "the database is larger than this node's limit of " + maxBytes + " bytes"));
        return;
      }
      for (var buffer : chunk.getData().asReadOnlyByteBufferList()) {
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      LOG.error("writing a restore file failed: {}", e.getClass().getName());
      fail(Status.INTERNAL.withDescription("could not write the restored database"));
    }
  }

  @Override
  public void onError(Throwable t) {
    // The client went away or cancelled: nothing is replaced.
    ended = true;
    cleanUp();
  }

  @Override
  public void onCompleted() {
    if (ended) {
      return;
    }
    ended = true;
    if (first == null) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("no tenant named").asRuntimeException());
      return;
    }
    String tenant = first.getTenant();
    int shard = first.getShard();
    try {
      channel.force(true);
      channel.close();
      TenantSwap.Swapped swapped =
          new TenantSwap(registry, handles, backups, sessionEndTimeout)
              .install(tenant, shard, tmp, first.getForce());
      LOG.info(
          "restored tenant {} of shard {} ({} bytes); old files {}",
          tenant,
          shard,
          swapped.sizeBytes(),
          swapped.trashed().map(p -> "moved to " + p).orElse("did not exist"));
      response.onNext(
          RestoreTenantResponse.newBuilder()
              .setSizeBytes(swapped.sizeBytes())
              .setTrashedAs(swapped.trashed().map(Path::toString).orElse(""))
              .build());
      response.onCompleted();
    } catch (TenantSwap.OpenSessionsException e) {
      response.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
    } catch (TenantBackups.InvalidDatabaseException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (TimeoutException | ExecutionException e) {
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the tenant's sessions did not end in time")
              .asRuntimeException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asRuntimeException());
    } catch (IOException e) {
      LOG.error("restoring tenant {} failed: {}", tenant, e.getClass().getName());
      response.onError(
          Status.INTERNAL
              .withDescription("could not replace the tenant's files")
              .asRuntimeException());
    } finally {
      cleanUp();
    }
  }

  private void fail(Status status) {
    ended = true;
    cleanUp();
    response.onError(status.asRuntimeException());
  }

  private void cleanUp() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Deleted below all the same.
      }
    }
    if (tmp != null) {
      TenantBackups.deleteWithCompanions(tmp);
    }
  }
}
