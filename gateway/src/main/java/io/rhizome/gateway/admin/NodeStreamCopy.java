/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.session.RawCopy;
import java.util.concurrent.Executor;

/**
 * A COPY relayed between the client and a gRPC stream of the tenant's node (BACKUP TENANT, RESTORE
 * TENANT). The node is found off the event loop (it may block on the metadata), then the stream
 * opens on the loop. Its state is the event loop's only: gRPC callbacks hop to the loop. The copy
 * ends once, whichever comes first: completed, failed, or abandoned by the client.
 */
abstract class NodeStreamCopy<ReqT, RespT> implements RawCopy, ClientResponseObserver<ReqT, RespT> {
  private final AdminCommands commands;
  private final String tenant;
  private final Executor loop;
  private final Executor blocking;

  /** Why the node's call is cancelled when the client abandons the copy. */
  private final String abandoned;

  // Event loop only.
  private Sink sink;
  private ClientCallStreamObserver<ReqT> call;
  private boolean over;

  NodeStreamCopy(
      AdminCommands commands, String tenant, Executor loop, Executor blocking, String abandoned) {
    this.commands = commands;
    this.tenant = tenant;
    this.loop = loop;
    this.blocking = blocking;
    this.abandoned = abandoned;
  }

  /** Calls the node's stream method with this observer; the copy has not ended. */
  abstract void open(AdminCommands.NodeTarget target);

  /** Sets the call's flow control up, before the call starts. */
  abstract void controlFlow(ClientCallStreamObserver<ReqT> requestStream);

  final String tenant() {
    return tenant;
  }

  final Executor loop() {
    return loop;
  }

  final Sink sink() {
    return sink;
  }

  final ClientCallStreamObserver<ReqT> call() {
    return call;
  }

  /** Whether the copy has ended, or was abandoned: the sink and the node hear no more. */
  final boolean over() {
    return over;
  }

  @Override
  public final void start(Sink sink) {
    this.sink = sink;
    commands.targetOffLoop(tenant, loop, blocking, this::begin, e -> fail(e.error()));
  }

  private void begin(AdminCommands.NodeTarget target) {
    if (!over) {
      open(target);
    }
  }

  @Override
  public final void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    call = requestStream;
    controlFlow(requestStream);
  }

  @Override
  public final void onError(Throwable t) {
    loop.execute(() -> fail(NodeCopyErrors.of(t, tenant)));
  }

  /** Ends the copy successfully, unless it has ended. */
  final void complete(long bytes) {
    if (!over) {
      over = true;
      // "COPY n" as for any COPY: pgjdbc's CopyManager accepts no other tag.
      sink.complete("COPY " + bytes);
    }
  }

  private void fail(PgError error) {
    if (!over) {
      over = true;
      sink.fail(error);
    }
  }

  @Override
  public final void abort() {
    over = true;
    if (call != null) {
      call.cancel(abandoned, null);
    }
  }
}
