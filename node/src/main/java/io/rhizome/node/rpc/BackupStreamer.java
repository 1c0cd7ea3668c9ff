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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a backup file to the client in chunks, only while the call is ready (gRPC flow control),
 * so a slow client holds back the reads instead of filling the node's memory. Every callback runs
 * on the call's serialized executor, never concurrently. The file is deleted when the stream ends,
 * fails or is cancelled.
 *
 * <p>The first chunk carries the caller's header fields (even for an empty file); after the data
 * comes one chunk with only the SHA-256 of every data byte sent, so the receiver can verify what it
 * got.
 */
final class BackupStreamer {
  static final int CHUNK_BYTES = 256 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(BackupStreamer.class);

  private final Path file;
  private final ServerCallStreamObserver<BackupChunk> call;
  private final FileChannel channel;
  private final MessageDigest sha256;
  private BackupChunk header;
  private boolean done;

  private BackupStreamer(
      Path file,
      BackupChunk header,
      ServerCallStreamObserver<BackupChunk> call,
      FileChannel channel) {
    this.file = file;
    this.header = header;
    this.call = call;
    this.channel = channel;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Starts streaming {@code file}, which this streamer then owns.
   *
   * @param header fields of the first chunk besides its data
   */
  static void start(Path file, BackupChunk header, ServerCallStreamObserver<BackupChunk> call)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      TenantBackups.deleteWithCompanions(file);
      throw e;
    }
    BackupStreamer streamer = new BackupStreamer(file, header, call, channel);
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
        if (buffer.hasRemaining() || header != null) {
          ByteString data = ByteString.copyFrom(buffer);
          sha256.update(data.asReadOnlyByteBuffer());
          BackupChunk.Builder chunk =
              header == null ? BackupChunk.newBuilder() : header.toBuilder();
          header = null;
          call.onNext(chunk.setData(data).build());
        }
        if (read < 0) {
          finish();
          call.onNext(
              BackupChunk.newBuilder().setSha256(ByteString.copyFrom(sha256.digest())).build());
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
