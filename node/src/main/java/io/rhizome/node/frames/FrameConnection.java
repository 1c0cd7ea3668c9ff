/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.frames;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.rhizome.node.access.PeerAuthorization;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.frames.Frame;
import io.rhizome.proto.frames.FrameException;
import io.rhizome.proto.frames.Frames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of one gateway connection, given meaning: opens a stream on its first request, routes
 * each frame to its stream, and ends every stream when the connection goes. Runs on the
 * connection's event loop.
 *
 * <p>What breaks the protocol: a request without credit or a malformed request ends that stream
 * (the gateway's session sees the end as a lost connection, 08006); a frame for a stream never
 * opened, a kind only the node sends, or too many streams close the connection. Frames for a stream
 * that already ended (the gateway's credit or cancel crossing the node's end) are dropped.
 */
final class FrameConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(FrameConnection.class);
  private static final String METHOD = NodeSessionGrpc.getExchangeMethod().getFullMethodName();

  /** More streams than the node could ever hold sessions is a broken or hostile peer. */
  static final int MAX_STREAMS = 1 << 16;

  private final NodeServices services;
  private final boolean tls;
  private final IntObjectMap<FrameStream> streams = new IntObjectHashMap<>();
  private boolean authorized;
  private int lastOpened;

  /**
   * @param tls whether the pipeline has an SslHandler: then the peer's certificate must name a role
   *     that may open sessions before any frame is read
   */
  FrameConnection(NodeServices services, boolean tls) {
    this.services = services;
    this.tls = tls;
    this.authorized = !tls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.writeAndFlush(Frames.hello(ctx.alloc()), ctx.voidPromise());
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (!done.isSuccess()) {
        LOG.warn(
            "TLS handshake with {} failed: {}",
            ctx.channel().remoteAddress(),
            done.cause().toString());
        ctx.close();
        return;
      }
      Status refusal =
          PeerAuthorization.refusal(
              ctx.pipeline().get(SslHandler.class).engine().getSession(), METHOD);
      if (refusal != null) {
        LOG.warn(
            "refused session frames from {}: {}",
            ctx.channel().remoteAddress(),
            refusal.getDescription());
        ctx.close();
        return;
      }
      authorized = true;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    try {
      if (!authorized) {
        throw new FrameException("a frame before the peer was authorised");
      }
      onFrame(ctx, frame);
    } finally {
      frame.release();
    }
  }

  private void onFrame(ChannelHandlerContext ctx, Frame frame) {
    int id = frame.stream();
    FrameStream stream = streams.get(id);
    if (stream == null) {
      if (Integer.compareUnsigned(id, lastOpened) <= 0) {
        return; // a stream that ended: what crossed its end is dropped
      }
      if (frame.kind() != io.rhizome.proto.frames.FrameKind.REQUEST) {
        throw new FrameException(frame.kind() + " for stream " + id + ", which was never opened");
      }
      if (streams.size() >= MAX_STREAMS) {
        throw new FrameException("more than " + MAX_STREAMS + " streams on one connection");
      }
      lastOpened = id;
      stream = new FrameStream(this, ctx.channel(), id);
      streams.put(id, stream);
      SessionRequest open = parse(frame, stream);
      if (open == null) {
        return;
      }
      stream.attach(services.openSession(stream));
      stream.onRequest(open);
      return;
    }
    switch (frame.kind()) {
      case REQUEST -> {
        SessionRequest request = parse(frame, stream);
        if (request != null && !stream.onRequest(request)) {
          broken(stream, "a request without credit");
        }
      }
      case CREDIT -> stream.onCredit(Frames.creditOf(frame.payload()));
      case HALF_CLOSE -> stream.onHalfClose();
      case CANCEL -> {
        streams.remove(id);
        LOG.debug("stream {} cancelled: {}", id, Frames.textOf(frame.payload(), 0));
        stream.onCancel();
      }
      case RESPONSES, END -> throw new FrameException(frame.kind() + " sent by a gateway");
    }
  }

  private SessionRequest parse(Frame frame, FrameStream stream) {
    try {
      return SessionRequest.parseFrom(frame.payload().nioBuffer());
    } catch (InvalidProtocolBufferException e) {
      broken(stream, "a malformed request");
      return null;
    }
  }

  /** Ends one stream that broke the protocol; the connection and its other streams go on. */
  private void broken(FrameStream stream, String what) {
    LOG.warn("session stream broke the frame protocol: {}", what);
    stream.fail(Status.INTERNAL.withDescription("the node received " + what));
    stream.onCancel();
  }

  /** The stream sent its end: it is forgotten (its id is not reused). */
  void ended(int id, FrameStream stream) {
    streams.remove(id, stream);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      for (FrameStream stream : new ArrayList<>(streams.values())) {
        stream.onWritable();
      }
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelAll();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof FrameException || cause.getCause() instanceof FrameException) {
      LOG.warn(
          "closing the session-frames connection of {}: {}",
          ctx.channel().remoteAddress(),
          cause.getMessage());
    } else if (!(cause instanceof IOException)) {
      LOG.warn("session-frames connection of {} failed", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }

  private void cancelAll() {
    List<FrameStream> all = new ArrayList<>(streams.values());
    streams.clear();
    all.forEach(FrameStream::onCancel);
  }
}
