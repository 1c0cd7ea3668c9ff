/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.RawCopy;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.RestoreChunk;
import io.rhizome.proto.RestoreTenantResponse;
import java.util.concurrent.Executor;

/**
 * RESTORE TENANT name FROM STDIN [FORCE]: relays the client's CopyData to the node's RestoreTenant
 * stream. The client's next chunk is read only while the node's stream is ready (gRPC flow
 * control), so a slow node holds back the client instead of filling the gateway's memory. gRPC
 * callbacks hop to the session's event loop.
 */
final class TenantRestoreCopy
    implements RawCopy, ClientResponseObserver<RestoreChunk, RestoreTenantResponse> {
  private final AdminCommands commands;
  private final String tenant;
  private final boolean force;
  private final Executor loop;
  private final Executor blocking;

  // Event loop only.
  private Sink sink;
  private ClientCallStreamObserver<RestoreChunk> call;
  private boolean waitingForReady;
  private boolean over;

  TenantRestoreCopy(
      AdminCommands commands, String tenant, boolean force, Executor loop, Executor blocking) {
    this.commands = commands;
    this.tenant = tenant;
    this.force = force;
    this.loop = loop;
    this.blocking = blocking;
  }

  @Override
  public boolean fromClient() {
    return true;
  }

  @Override
  public void start(Sink sink) {
    this.sink = sink;
    commands.targetOffLoop(tenant, loop, blocking, this::begin, this::fail);
  }

  private void begin(AdminCommands.NodeTarget target) {
    if (over) {
      return;
    }
    NodeAdminGrpc.newStub(target.channel()).restoreTenant(this);
    call.onNext(
        RestoreChunk.newBuilder()
            .setTenant(tenant)
            .setShard(target.shard())
            .setEpoch(target.epoch())
            .setForce(force)
            .build());
    readMoreWhenReady();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<RestoreChunk> requestStream) {
    call = requestStream;
    requestStream.setOnReadyHandler(() -> loop.execute(this::onReady));
  }

  private void onReady() {
    if (waitingForReady && !over) {
      readMoreWhenReady();
    }
  }

  private void readMoreWhenReady() {
    if (call.isReady()) {
      waitingForReady = false;
      sink.readMore();
    } else {
      waitingForReady = true;
    }
  }

  @Override
  public void data(byte[] chunk) {
    if (over) {
      return;
    }
    call.onNext(RestoreChunk.newBuilder().setData(ByteString.copyFrom(chunk)).build());
    readMoreWhenReady();
  }

  @Override
  public void done() {
    if (!over) {
      call.onCompleted();
    }
  }

  @Override
  public void onNext(RestoreTenantResponse response) {
    loop.execute(
        () -> {
          if (!over) {
            over = true;
            // "COPY n" as for any COPY: pgjdbc's CopyManager accepts no other tag.
            sink.complete("COPY " + response.getSizeBytes());
          }
        });
  }

  @Override
  public void onError(Throwable t) {
    loop.execute(
        () -> {
          if (!over) {
            over = true;
            sink.fail(NodeCopyErrors.of(t, tenant));
          }
        });
  }

  @Override
  public void onCompleted() {
    // The response came in onNext.
  }

  private void fail(PgException e) {
    if (!over) {
      over = true;
      sink.fail(e.error());
    }
  }

  @Override
  public void request() {
    // Nothing goes to the client but the CommandComplete.
  }

  @Override
  public void abort() {
    over = true;
    if (call != null) {
      call.cancel("the client abandoned the restore", null);
    }
  }
}
