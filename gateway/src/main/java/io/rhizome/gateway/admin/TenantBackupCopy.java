/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.RawCopy;
import io.rhizome.proto.BackupChunk;
import io.rhizome.proto.BackupTenantRequest;
import io.rhizome.proto.NodeAdminGrpc;
import java.util.concurrent.Executor;

/**
 * BACKUP TENANT name TO STDOUT: relays the node's BackupTenant stream to the client. The node is
 * asked for one chunk at a time, and for the next only once the client has taken this one, so at
 * most one chunk per backup sits in the gateway. gRPC callbacks hop to the session's event loop.
 */
final class TenantBackupCopy
    implements RawCopy, ClientResponseObserver<BackupTenantRequest, BackupChunk> {
  private final AdminCommands commands;
  private final String tenant;
  private final Executor loop;
  private final Executor blocking;

  // Event loop only.
  private Sink sink;
  private ClientCallStreamObserver<BackupTenantRequest> call;
  private ByteString pending;
  private boolean wanted;
  private boolean nodeDone;
  private boolean over;
  private long bytes;

  TenantBackupCopy(AdminCommands commands, String tenant, Executor loop, Executor blocking) {
    this.commands = commands;
    this.tenant = tenant;
    this.loop = loop;
    this.blocking = blocking;
  }

  @Override
  public boolean fromClient() {
    return false;
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
    NodeAdminGrpc.newStub(target.channel())
        .backupTenant(
            BackupTenantRequest.newBuilder()
                .setTenant(tenant)
                .setShard(target.shard())
                .setEpoch(target.epoch())
                .build(),
            this);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<BackupTenantRequest> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(1);
  }

  @Override
  public void onNext(BackupChunk chunk) {
    loop.execute(
        () -> {
          pending = chunk.getData();
          deliver();
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
    loop.execute(
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
    if (over) {
      return;
    }
    if (wanted && pending != null) {
      ByteString chunk = pending;
      pending = null;
      wanted = false;
      bytes += chunk.size();
      if (!nodeDone) {
        call.request(1);
      }
      sink.data(chunk);
    }
    if (!over && nodeDone && pending == null) {
      over = true;
      // "COPY n" as for any COPY: pgjdbc's CopyManager accepts no other tag.
      sink.complete("COPY " + bytes);
    }
  }

  private void fail(PgException e) {
    if (!over) {
      over = true;
      sink.fail(e.error());
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

  @Override
  public void abort() {
    over = true;
    if (call != null) {
      call.cancel("the client went away", null);
    }
  }
}
