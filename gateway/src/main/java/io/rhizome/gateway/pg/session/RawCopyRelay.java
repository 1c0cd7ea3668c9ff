/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyData;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyDone;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyFail;
import io.rhizome.gateway.pg.codec.FrontendMessage.CopyMessage;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;

/**
 * Relays a {@link RawCopy} to and from the client, with backpressure both ways.
 *
 * <p>To the client: CopyOutResponse goes with the first chunk (a failure before it is a plain
 * error, as in Postgres), each chunk is one CopyData, and the next is asked for only when the
 * session wants more (the socket is writable); then CopyDone and the CommandComplete.
 *
 * <p>From the client: CopyInResponse goes once the copy can take data; then each CopyData pauses
 * the socket's reads until the copy can take the next. After a failure the client's data is
 * discarded until its CopyDone or CopyFail, then the error is reported. CopyFail abandons the copy
 * (57014, as Postgres).
 */
final class RawCopyRelay implements CopyHost.Driver, RawCopy.Sink {
  private final CopyHost host;
  private final RawCopy copy;
  private boolean started;
  private boolean inputEnded;
  private boolean finished;
  private PgError error;

  RawCopyRelay(CopyHost host, RawCopy copy) {
    this.host = host;
    this.copy = copy;
  }

  @Override
  public void start() {
    host.awaitBackend();
    if (copy.fromClient()) {
      // CopyInResponse waits for the first readMore: a copy that cannot start fails plainly.
      copy.start(this);
    } else {
      copy.start(this);
      if (!finished) {
        host.whenWritable(this::requestChunk);
      }
    }
  }

  @Override
  public void onResponse(SessionResponse response) {
    // The raw copy speaks through the sink; the backend sends nothing else meanwhile.
  }

  private void requestChunk() {
    if (!finished) {
      copy.request();
    }
  }

  @Override
  public void onClientMessage(CopyMessage message) {
    if (finished || inputEnded) {
      return;
    }
    if (message instanceof CopyData data) {
      if (error != null) {
        return;
      }
      host.awaitBackend();
      copy.data(data.data());
    } else if (message instanceof CopyDone) {
      inputEnded = true;
      if (error != null) {
        finish(error);
      } else {
        host.awaitBackend();
        copy.done();
      }
    } else if (message instanceof CopyFail fail) {
      inputEnded = true;
      copy.abort();
      finish(
          error != null
              ? error
              : PgError.error(
                  SqlState.QUERY_CANCELED, "COPY from stdin failed: " + fail.message()));
    }
  }

  @Override
  public void data(ByteString chunk) {
    if (finished) {
      return;
    }
    if (!started) {
      started = true;
      host.write(BackendMessages.copyOutResponse(host.alloc(), 1, 0));
    }
    ByteBuf out = host.alloc().buffer(chunk.size() + 5);
    int start = BackendMessages.begin(out, 'd');
    out.writeBytes(chunk.asReadOnlyByteBuffer());
    BackendMessages.end(out, start);
    host.write(out);
    host.flush();
    host.whenWritable(this::requestChunk);
  }

  @Override
  public void readMore() {
    if (finished || error != null || inputEnded) {
      return;
    }
    if (!started) {
      started = true;
      host.write(BackendMessages.copyInResponse(host.alloc(), 1, 0));
      host.flush();
    }
    host.acceptCopyData();
  }

  @Override
  public void complete(String tag) {
    if (finished) {
      return;
    }
    if (!copy.fromClient()) {
      if (!started) {
        host.write(BackendMessages.copyOutResponse(host.alloc(), 1, 0));
      }
      host.write(BackendMessages.copyDone());
    }
    host.write(BackendMessages.commandComplete(host.alloc(), tag));
    finish(null);
  }

  @Override
  public void fail(PgError e) {
    if (finished || error != null) {
      return;
    }
    error = e;
    if (!copy.fromClient() || inputEnded || !started) {
      finish(e);
    } else {
      // Discard the rest of the client's data until its CopyDone or CopyFail.
      host.acceptCopyData();
    }
  }

  private void finish(PgError e) {
    finished = true;
    host.copyFinished(TxStatus.IDLE, e);
  }
}
