/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.node.store.TenantStore;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.CancelStatementResponse;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.DropTenantResponse;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.TenantNames;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeAdmin gRPC service. Failures are gRPC statuses: INVALID_ARGUMENT for a bad tenant name,
 * FAILED_PRECONDITION when this node does not own the shard at the given epoch, UNAVAILABLE when
 * the tenant's sessions did not end in time (nothing was deleted; the drop can be retried),
 * INTERNAL when the files could not be deleted. A cancel never fails: an unknown key is simply not
 * matched.
 */
final class NodeAdminService extends NodeAdminGrpc.NodeAdminImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAdminService.class);

  private final Ownership ownership;
  private final SessionRegistry registry;
  private final CancelKeyTable cancelKeys;
  private final TenantStore store;
  private final TenantHandles handles;
  private final Duration sessionEndTimeout;

  NodeAdminService(
      Ownership ownership,
      SessionRegistry registry,
      CancelKeyTable cancelKeys,
      TenantStore store,
      TenantHandles handles,
      Duration sessionEndTimeout) {
    this.ownership = ownership;
    this.registry = registry;
    this.cancelKeys = cancelKeys;
    this.store = store;
    this.handles = handles;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  /**
   * Ends the tenant's open sessions (57P01 "tenant was dropped"), then deletes its files. Runs on a
   * gRPC executor thread and waits there, bounded, for the sessions to close.
   */
  @Override
  public void dropTenant(DropTenantRequest request, StreamObserver<DropTenantResponse> response) {
    String tenant = request.getTenant();
    if (!TenantNames.isValid(tenant)) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("invalid tenant name").asRuntimeException());
      return;
    }
    Optional<WrongDbServer> refusal = ownership.refusal(request.getShard(), request.getEpoch());
    if (refusal.isPresent()) {
      response.onError(
          Status.FAILED_PRECONDITION
              .withDescription(
                  "shard "
                      + request.getShard()
                      + " is not owned by this node at epoch "
                      + request.getEpoch())
              .asRuntimeException());
      return;
    }
    try {
      registry.beginDrop(tenant).get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // The ended sessions returned their handles to the cache; none may outlive the files.
      handles.closeIdle(request.getShard(), tenant);
      boolean existed = store.drop(request.getShard(), tenant);
      LOG.info(
          "dropped tenant {} of shard {} (files existed: {})", tenant, request.getShard(), existed);
      response.onNext(DropTenantResponse.newBuilder().setExisted(existed).build());
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
          "deleting tenant {} of shard {} failed: {}",
          tenant,
          request.getShard(),
          e.getClass().getName());
      response.onError(
          Status.INTERNAL
              .withDescription("could not delete the tenant's files")
              .asRuntimeException());
    } finally {
      registry.endDrop(tenant);
    }
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
