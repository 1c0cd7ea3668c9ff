/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.frames;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rhizome.node.rpc.SessionStream;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.frames.FrameKind;
import io.rhizome.proto.frames.Frames;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One session stream on a frames connection: the node's side of it, as a {@link SessionStream}.
 *
 * <p>Inbound (requests, credit, half-close, cancel) runs on the connection's event loop. The
 * gateway may send a request only with credit, which this side grants when the session asks for one
 * ({@link #request(int)}); the Open that starts a stream needs none (gRPC's server asks for it
 * before the call starts). Outbound, a batch leaves only with the gateway's credit; a batch sent
 * without it (the session sends its Ready, or what it has before it parks) waits here, at most a
 * few because the session checks {@link #isReady()} before producing more, and the stream's end
 * waits behind them as gRPC's status waits behind its messages. Answers may come from any thread;
 * they are written in the order sent.
 */
final class FrameStream implements SessionStream {
  private final FrameConnection connection;
  private final Channel channel;
  private final int id;

  // Event loop only.
  private StreamObserver<SessionRequest> session;
  private final ArrayDeque<SessionRequest> pending = new ArrayDeque<>(2);
  private int demand;
  private boolean halfClosed;
  private boolean halfCloseDelivered;

  // Guarded by this.
  private boolean openReceived;

  /** The session's first request(1) is for the Open, which the gateway sent without credit. */
  private int prepaid = 1;

  private int creditGiven;

  /** A stream starts with one credit each way: the Open up, the answer to it down. */
  private int sendCredit = 1;

  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>(2);
  private boolean finished;
  private boolean cancelled;
  private int queuedWrites;
  private boolean wantsReady;
  private Runnable onReady = () -> {};
  private Runnable onCancel = () -> {};

  FrameStream(FrameConnection connection, Channel channel, int id) {
    this.connection = connection;
    this.channel = channel;
    this.id = id;
  }

  /** Connects the session; on the loop, before any request is delivered. */
  void attach(StreamObserver<SessionRequest> session) {
    this.session = session;
  }

  // ---------------------------------------------------------------------------------------------
  // Inbound: the connection's event loop

  /**
   * A REQUEST frame's message arrived.
   *
   * @return false when the gateway had no credit for it (a protocol violation)
   */
  boolean onRequest(SessionRequest request) {
    synchronized (this) {
      if (!openReceived) {
        openReceived = true; // the Open needs no credit
      } else if (creditGiven > 0) {
        creditGiven--;
      } else {
        return false;
      }
    }
    pending.add(request);
    deliver();
    return true;
  }

  void onHalfClose() {
    halfClosed = true;
    deliver();
  }

  void onCredit(int n) {
    boolean ready;
    synchronized (this) {
      if (finished) {
        return;
      }
      sendCredit = (int) Math.min(Integer.MAX_VALUE, (long) sendCredit + n);
      while (sendCredit > 0 && !held.isEmpty()) {
        sendCredit--;
        write(held.poll());
      }
      ready = wantsReady && readyNow();
      if (ready) {
        wantsReady = false;
      }
    }
    if (ready) {
      onReady.run();
    }
  }

  /** The socket became writable again. */
  void onWritable() {
    boolean ready;
    synchronized (this) {
      ready = wantsReady && readyNow();
      if (ready) {
        wantsReady = false;
      }
    }
    if (ready) {
      onReady.run();
    }
  }

  /** The gateway cancelled the stream, or the connection is gone: the session stops. */
  void onCancel() {
    Runnable handler;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      finished = true;
      releaseHeld();
      handler = onCancel;
    }
    handler.run();
  }

  private void deliver() {
    while (demand > 0 && !pending.isEmpty()) {
      demand--;
      session.onNext(pending.poll());
    }
    if (pending.isEmpty() && halfClosed && !halfCloseDelivered) {
      halfCloseDelivered = true;
      session.onCompleted();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SessionStream: any thread

  @Override
  public void request(int n) {
    int grant;
    synchronized (this) {
      int covered = Math.min(prepaid, n);
      prepaid -= covered;
      grant = n - covered;
      creditGiven += grant;
      if (grant > 0 && !finished) {
        write(Frames.credit(channel.alloc(), id, grant));
      }
    }
    if (channel.eventLoop().inEventLoop()) {
      demand += n;
      deliver();
    } else {
      try {
        channel
            .eventLoop()
            .execute(
                () -> {
                  demand += n;
                  deliver();
                });
      } catch (RejectedExecutionException e) {
        // The node is shutting down its loops: the connection closes, which cancels the stream.
      }
    }
  }

  @Override
  public synchronized boolean isReady() {
    if (readyNow()) {
      return true;
    }
    wantsReady = !finished;
    return false;
  }

  /**
   * Ready while nothing waits for credit and the socket takes more: as gRPC's isReady, which does
   * not wait for the client's demand either. So a session produces one batch ahead of the gateway's
   * credit, held here until it comes, and then waits: the gateway usually grants the credit for a
   * request's answer in the same flush as the request, but after it, and waiting for it before
   * producing the answer would park every point query and resume it on a worker.
   */
  private boolean readyNow() {
    return !finished && held.isEmpty() && channel.isWritable();
  }

  @Override
  public synchronized void setOnReadyHandler(Runnable handler) {
    this.onReady = handler;
  }

  @Override
  public synchronized void setOnCancelHandler(Runnable handler) {
    this.onCancel = handler;
  }

  @Override
  public void send(SessionResponses batch) {
    ByteBuf frame = Frames.message(channel.alloc(), id, FrameKind.RESPONSES, batch);
    synchronized (this) {
      if (finished) {
        frame.release();
      } else if (sendCredit > 0 && held.isEmpty()) {
        sendCredit--;
        write(frame);
      } else {
        held.add(frame);
      }
    }
  }

  /** Ends the stream; the batches still waiting for credit go with the end, which needs none. */
  @Override
  public synchronized void complete() {
    if (finished) {
      return;
    }
    finished = true;
    ByteBuf end = Frames.end(channel.alloc(), id, Status.Code.OK.value(), "", held);
    held.clear(); // released by Frames.end
    write(end, true);
  }

  @Override
  public synchronized void fail(Status status) {
    if (finished) {
      return;
    }
    finished = true;
    releaseHeld();
    write(
        Frames.end(
            channel.alloc(),
            id,
            status.getCode().value(),
            status.getDescription() == null ? "" : status.getDescription()),
        true);
  }

  /**
   * Writes in the order sent: from the event loop directly unless writes from other threads are
   * still queued on it, else as a task of the loop. Flushes are consolidated per turn of the loop
   * (the pipeline's FlushConsolidationHandler).
   */
  private void write(ByteBuf frame) {
    write(frame, false);
  }

  /** As {@link #write(ByteBuf)}; {@code end}: the frame is the stream's END, which forgets it. */
  private void write(ByteBuf frame, boolean end) {
    if (channel.eventLoop().inEventLoop() && queuedWrites == 0) {
      writeNow(frame, end);
      return;
    }
    queuedWrites++;
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                synchronized (this) {
                  queuedWrites--;
                }
                writeNow(frame, end);
              });
    } catch (RejectedExecutionException e) {
      queuedWrites--;
      frame.release();
    }
  }

  private void writeNow(ByteBuf frame, boolean end) {
    if (channel.isActive()) {
      channel.writeAndFlush(frame, channel.voidPromise());
    } else {
      frame.release();
    }
    if (end) {
      connection.ended(id, this);
    }
  }

  private void releaseHeld() {
    held.forEach(ByteBuf::release);
    held.clear();
  }
}
