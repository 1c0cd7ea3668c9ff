/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.proto.BackupChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a backup file to the client in chunks, only while the call is ready (gRPC flow control),
 * so a slow client holds back the reads instead of filling the node's memory. Every callback runs
 * on the call's serialized executor, never concurrently. The file is deleted when the stream ends,
 * fails or is cancelled.
 */
final class BackupStreamer {
  static final int CHUNK_BYTES = 256 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(BackupStreamer.class);

  private final Path file;
  private final ServerCallStreamObserver<BackupChunk> call;
  private final FileChannel channel;
  private boolean done;

  private BackupStreamer(
      Path file, ServerCallStreamObserver<BackupChunk> call, FileChannel channel) {
    this.file = file;
    this.call = call;
    this.channel = channel;
  }

  /** Starts streaming {@code file}, which this streamer then owns. */
  static void start(Path file, ServerCallStreamObserver<BackupChunk> call) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      TenantBackups.deleteWithCompanions(file);
      throw e;
    }
    BackupStreamer streamer = new BackupStreamer(file, call, channel);
    call.setOnCancelHandler(streamer::finish);
    call.setOnReadyHandler(streamer::pump);
    streamer.pump();
  }

  private void pump() {
    try {
      while (!done && call.isReady()) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        int read = 0;
        while (buffer.hasRemaining() && read >= 0) {
          read = channel.read(buffer);
        }
        buffer.flip();
        if (buffer.hasRemaining()) {
          call.onNext(BackupChunk.newBuilder().setData(ByteString.copyFrom(buffer)).build());
        }
        if (read < 0) {
          finish();
          call.onCompleted();
        }
      }
    } catch (IOException e) {
      LOG.error("reading a backup file failed: {}", e.getClass().getName());
      finish();
      call.onError(
          Status.INTERNAL.withDescription("could not read the backup").asRuntimeException());
    }
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } catch (IOException e) {
      // Deleted below all the same.
    }
    TenantBackups.deleteWithCompanions(file);
  }
}
