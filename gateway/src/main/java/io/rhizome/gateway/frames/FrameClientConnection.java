/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.frames;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import io.rhizome.proto.frames.Frame;
import io.rhizome.proto.frames.FrameException;
import io.rhizome.proto.frames.FrameKind;
import io.rhizome.proto.frames.Frames;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frames connection to a node and the session streams on it; on the connection's event loop
 * only (the loop of the sessions it serves). Credit a session grants while it has no request out
 * goes in front of its next request rather than at once, so an idle session sends the node nothing;
 * a node that ends an idle session sends its last answers with the end, which needs no credit.
 *
 * <p>Stream ids count up from 1 and are never reused on a connection; once they run out the
 * connection takes no new streams and closes after its last one. Frames written before the
 * connection is up wait here and follow the hello. What breaks the protocol: batches beyond the
 * credit this side granted, or a malformed batch, end that stream (cancelled at the node, INTERNAL
 * here, which the session reports as a lost connection); a frame for a stream never opened or of a
 * kind only gateways send closes the connection, ending all its streams.
 */
final class FrameClientConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(FrameClientConnection.class);

  /** Requests waiting for credit: a session has one in flight, this is a bug's bound. */
  static final int MAX_WAITING_REQUESTS = 8;

  private final String peer;
  private final IntObjectMap<Stream> streams = new IntObjectHashMap<>();
  private final ArrayDeque<ByteBuf> beforeActive = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private boolean active;
  private boolean broken;
  private Status brokenWith;
  // Unsigned: ids past 2^31 are as good as the ones below; 0 means they ran out.
  private int nextId;

  /**
   * @param firstId the first stream id (1, but for tests of running out of ids)
   */
  FrameClientConnection(String peer, int firstId) {
    if (firstId == 0) {
      throw new IllegalArgumentException("stream id 0 is not a stream");
    }
    this.peer = peer;
    this.nextId = firstId;
  }

  /** Whether new streams may open here: not broken and ids left. */
  boolean usable() {
    return !broken && nextId != 0;
  }

  SessionStream open(SessionStream.Listener listener) {
    Stream stream = new Stream(nextId++, listener);
    streams.put(stream.id, stream);
    return stream;
  }

  /** A stream that ends with {@code status} as soon as the loop gets to it. */
  static SessionStream failed(SessionStream.Listener listener, Executor loop, Status status) {
    try {
      loop.execute(() -> listener.onEnd(status));
    } catch (RejectedExecutionException e) {
      // the loop is shutting down, and the session with it
    }
    return new SessionStream() {
      @Override
      public void send(SessionRequest request) {}

      @Override
      public void request(int n) {}

      @Override
      public void halfClose() {}

      @Override
      public void cancel(String reason) {}
    };
  }

  void connectFailed(Status status) {
    failAll(status);
  }

  void close() {
    failAll(Status.UNAVAILABLE.withDescription("the gateway is shutting down"));
    if (ctx != null) {
      ctx.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Netty

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (broken) {
      ctx.close();
      return;
    }
    active = true;
    ctx.write(Frames.hello(ctx.alloc()), ctx.voidPromise());
    while (!beforeActive.isEmpty()) {
      ctx.write(beforeActive.poll(), ctx.voidPromise());
    }
    ctx.flush();
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    try {
      onFrame(frame);
    } finally {
      frame.release();
    }
  }

  private void onFrame(Frame frame) {
    Stream stream = streams.get(frame.stream());
    if (stream == null) {
      if (Integer.compareUnsigned(frame.stream(), nextId) < 0 || nextId == 0) {
        return; // a stream this side cancelled: what crossed the cancel is dropped
      }
      throw new FrameException(frame.kind() + " for stream " + frame.stream() + ", never opened");
    }
    switch (frame.kind()) {
      case RESPONSES -> {
        if (stream.granted <= 0) {
          broken(stream, "a batch beyond the credit granted");
          return;
        }
        stream.granted--;
        SessionResponses batch;
        try {
          batch = SessionResponses.parseFrom(frame.payload().nioBuffer());
        } catch (InvalidProtocolBufferException e) {
          broken(stream, "a malformed batch");
          return;
        }
        stream.answered(batch);
        stream.listener.onBatch(batch);
      }
      case CREDIT -> stream.onCredit(Frames.creditOf(frame.payload()));
      case END -> {
        forget(stream);
        String text = Frames.endTextOf(frame.payload());
        Status status =
            Status.fromCodeValue(Frames.endCodeOf(frame.payload()))
                .withDescription(text.isEmpty() ? null : text);
        ByteBuf last = Frames.endResponsesOf(frame.payload());
        if (last.isReadable()) {
          try {
            stream.listener.onBatch(SessionResponses.parseFrom(last.nioBuffer()));
          } catch (InvalidProtocolBufferException e) {
            LOG.warn("node at {} broke the frame protocol: a malformed last batch", peer);
            status = Status.INTERNAL.withDescription("the node sent a malformed last batch");
          }
        }
        stream.listener.onEnd(status);
      }
      case REQUEST, HALF_CLOSE, CANCEL ->
          throw new FrameException(frame.kind() + " sent by a node");
    }
  }

  /** Ends one stream that broke the protocol: cancelled at the node, INTERNAL for the session. */
  private void broken(Stream stream, String what) {
    LOG.warn("node at {} broke the frame protocol: {}", peer, what);
    stream.cancel("the gateway received " + what);
    stream.listener.onEnd(Status.INTERNAL.withDescription("the node sent " + what));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failAll(
        brokenWith != null
            ? brokenWith
            : Status.UNAVAILABLE.withDescription("the connection to " + peer + " closed"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof FrameException || cause.getCause() instanceof FrameException) {
      LOG.warn("closing the session-frames connection to {}: {}", peer, cause.getMessage());
      brokenWith = Status.INTERNAL.withDescription(cause.getMessage());
    } else {
      if (!(cause instanceof IOException)) {
        LOG.warn("session-frames connection to {} failed", peer, cause);
      }
      brokenWith =
          Status.UNAVAILABLE
              .withDescription("the connection to " + peer + " failed")
              .withCause(cause);
    }
    ctx.close();
  }

  private void failAll(Status status) {
    if (brokenWith == null) {
      brokenWith = status;
    }
    broken = true;
    beforeActive.forEach(ByteBuf::release);
    beforeActive.clear();
    List<Stream> all = new ArrayList<>(streams.values());
    streams.clear();
    for (Stream stream : all) {
      stream.done = true;
      stream.listener.onEnd(status);
    }
  }

  private void forget(Stream stream) {
    stream.done = true;
    streams.remove(stream.id);
    if (nextId == 0 && streams.isEmpty() && ctx != null) {
      ctx.close(); // ids ran out and the last stream ended: the endpoint has a new connection
    }
  }

  private void write(ByteBuf frame) {
    if (broken) {
      frame.release();
    } else if (!active) {
      beforeActive.add(frame);
    } else {
      // Flushed at the end of this turn of the loop (FlushConsolidationHandler).
      ctx.writeAndFlush(frame, ctx.voidPromise());
    }
  }

  /** One stream: requests sent within the node's credit, batches received within ours. */
  private final class Stream implements SessionStream {
    final int id;
    final SessionStream.Listener listener;

    /** Batches the node may still send: one to start (the answer to Open). */
    int granted = 1;

    private boolean openSent;
    private int credit;

    /**
     * A request is out and its Ready has not come back. Credit granted while none is (the session
     * asks for the next answer as soon as it has the last) waits for the next request and leaves in
     * front of it, in the same flush: sent at once, it would wake the node once more per query.
     */
    private boolean inFlight;

    private int deferredCredit;
    private final ArrayDeque<SessionRequest> waiting = new ArrayDeque<>(2);
    private boolean halfClosePending;
    boolean done;

    Stream(int id, SessionStream.Listener listener) {
      this.id = id;
      this.listener = listener;
    }

    @Override
    public void send(SessionRequest request) {
      if (done) {
        return;
      }
      inFlight = true;
      if (!openSent) {
        openSent = true; // the Open needs no credit
        writeRequest(request);
      } else if (credit > 0 && waiting.isEmpty()) {
        credit--;
        writeRequest(request);
      } else if (waiting.size() < MAX_WAITING_REQUESTS) {
        waiting.add(request);
      } else {
        throw new IllegalStateException("more than " + MAX_WAITING_REQUESTS + " requests wait");
      }
    }

    void onCredit(int n) {
      credit = (int) Math.min(Integer.MAX_VALUE, (long) credit + n);
      while (credit > 0 && !waiting.isEmpty()) {
        credit--;
        writeRequest(waiting.poll());
      }
      if (halfClosePending && waiting.isEmpty()) {
        halfClosePending = false;
        write(Frames.halfClose(ctx.alloc(), id));
      }
    }

    private void writeRequest(SessionRequest request) {
      if (deferredCredit > 0) {
        write(Frames.credit(ctx.alloc(), id, deferredCredit));
        deferredCredit = 0;
      }
      write(Frames.message(ctx.alloc(), id, FrameKind.REQUEST, request));
    }

    /** A batch arrived: one ending with Ready answers the request out (others may wait). */
    void answered(SessionResponses batch) {
      int n = batch.getResponsesCount();
      if (n > 0 && batch.getResponses(n - 1).hasReady() && waiting.isEmpty()) {
        inFlight = false;
      }
    }

    @Override
    public void request(int n) {
      if (done) {
        return;
      }
      granted += n;
      if (inFlight) {
        write(Frames.credit(ctx.alloc(), id, n));
      } else {
        deferredCredit += n;
      }
    }

    @Override
    public void halfClose() {
      if (done) {
        return;
      }
      if (waiting.isEmpty()) {
        write(Frames.halfClose(ctx.alloc(), id));
      } else {
        halfClosePending = true;
      }
    }

    @Override
    public void cancel(String reason) {
      if (done) {
        return;
      }
      forget(this);
      write(Frames.cancel(ctx.alloc(), id, reason));
    }
  }
}
