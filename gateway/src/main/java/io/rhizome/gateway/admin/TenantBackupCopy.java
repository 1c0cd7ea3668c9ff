/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.NodeAdminGrpc;
import java.util.concurrent.Executor;

/**
 * BACKUP TENANT name TO STDOUT: relays the node's BackupTenant stream to the client. The node is
 * asked for one chunk at a time, and for the next only once the client has taken this one, so at
 * most one chunk per backup sits in the gateway. gRPC callbacks hop to the session's event loop.
 */
final class TenantBackupCopy extends NodeStreamCopy<BackupTenantRequest, BackupChunk> {
  // Event loop only.
  private ByteString pending;
  private boolean wanted;
  private boolean nodeDone;
  private long bytes;

  TenantBackupCopy(AdminCommands commands, String tenant, Executor loop, Executor blocking) {
    super(commands, tenant, loop, blocking, "the client went away");
  }

  @Override
  public boolean fromClient() {
    return false;
  }

  @Override
  void open(AdminCommands.NodeTarget target) {
    NodeAdminGrpc.newStub(target.channel())
        .backupTenant(
            BackupTenantRequest.newBuilder()
                .setTenant(tenant())
                .setShard(target.shard())
                .setEpoch(target.epoch())
                .build(),
            this);
  }

  @Override
  void controlFlow(ClientCallStreamObserver<BackupTenantRequest> requestStream) {
    requestStream.disableAutoRequestWithInitial(1);
  }

  @Override
  public void onNext(BackupChunk chunk) {
    loop()
        .execute(
            () -> {
              pending = chunk.getData();
              deliver();
            });
  }

  @Override
  public void onCompleted() {
    loop()
        .execute(
            () -> {
              nodeDone = true;
              deliver();
            });
  }

  @Override
  public void request() {
    wanted = true;
    deliver();
  }

  private void deliver() {
    if (over()) {
      return;
    }
    if (wanted && pending != null) {
      ByteString chunk = pending;
      pending = null;
      wanted = false;
      bytes += chunk.size();
      if (!nodeDone) {
        call().request(1);
      }
      sink().data(chunk);
    }
    if (nodeDone && pending == null) {
      complete(bytes);
    }
  }

  @Override
  public void data(byte[] chunk) {
    throw new IllegalStateException("a backup takes no data from the client");
  }

  @Override
  public void done() {
    throw new IllegalStateException("a backup takes no data from the client");
  }
}
