/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
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
final class TenantRestoreCopy extends NodeStreamCopy<RestoreChunk, RestoreTenantResponse> {
  private final boolean force;

  // Event loop only.
  private boolean waitingForReady;

  TenantRestoreCopy(
      AdminCommands commands, String tenant, boolean force, Executor loop, Executor blocking) {
    super(commands, tenant, loop, blocking, "the client abandoned the restore");
    this.force = force;
  }

  @Override
  public boolean fromClient() {
    return true;
  }

  @Override
  void open(AdminCommands.NodeTarget target) {
    NodeAdminGrpc.newStub(target.channel()).restoreTenant(this);
    call()
        .onNext(
            RestoreChunk.newBuilder()
                .setTenant(tenant())
                .setShard(target.shard())
                .setEpoch(target.epoch())
                .setForce(force)
                .build());
    readMoreWhenReady();
  }

  @Override
  void controlFlow(ClientCallStreamObserver<RestoreChunk> requestStream) {
    requestStream.setOnReadyHandler(() -> loop().execute(this::onReady));
  }

  private void onReady() {
    if (waitingForReady && !over()) {
      readMoreWhenReady();
    }
  }

  private void readMoreWhenReady() {
    if (call().isReady()) {
      waitingForReady = false;
      sink().readMore();
    } else {
      waitingForReady = true;
    }
  }

  @Override
  public void data(byte[] chunk) {
    if (over()) {
      return;
    }
    call().onNext(RestoreChunk.newBuilder().setData(ByteString.copyFrom(chunk)).build());
    readMoreWhenReady();
  }

  @Override
  public void done() {
    if (!over()) {
      call().onCompleted();
    }
  }

  @Override
  public void onNext(RestoreTenantResponse response) {
    loop().execute(() -> complete(response.getSizeBytes()));
  }

  @Override
  public void onCompleted() {
    // The response came in onNext.
  }

  @Override
  public void request() {
    // Nothing goes to the client but the CommandComplete.
  }
}
