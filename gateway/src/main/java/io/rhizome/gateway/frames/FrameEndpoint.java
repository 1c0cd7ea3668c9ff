/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.frames;

import io.grpc.Status;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.proto.frames.FrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's session-frames address from one gateway event loop: a connection made on that loop
 * when a session needs it, shared by the loop's sessions to the node. A failed connect fails the
 * streams waiting for it as UNAVAILABLE (the session open reads that as an unreachable node and
 * re-routes) and holds further connects back for a growing pause (100 ms doubling to 5 s, with
 * jitter), which {@link #reconnectNow()} ends. Confined to its loop except {@link #reconnectNow()}
 * and {@link #close()}.
 */
public final class FrameEndpoint implements SessionTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FrameEndpoint.class);
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final InetSocketAddress address;
  private final EventLoop loop;
  private final Class<? extends Channel> channelType;
  private final SslContext ssl;
  private final int maxInboundBytes;
  private final int firstStreamId;

  // The loop only.
  private FrameClientConnection connection;
  private int failures;
  private long pausedUntil;
  private boolean closed;

  /**
   * @param ssl the cluster's mutual TLS (client side), or null for plaintext
   * @param maxInboundBytes the largest batch accepted from the node
   */
  public FrameEndpoint(
      InetSocketAddress address,
      EventLoop loop,
      Class<? extends Channel> channelType,
      SslContext ssl,
      int maxInboundBytes) {
    this(address, loop, channelType, ssl, maxInboundBytes, 1);
  }

  /**
   * @param firstStreamId the first stream id of each connection (1; tests start near the end of the
   *     id space to see it run out)
   */
  FrameEndpoint(
      InetSocketAddress address,
      EventLoop loop,
      Class<? extends Channel> channelType,
      SslContext ssl,
      int maxInboundBytes,
      int firstStreamId) {
    this.address = address;
    this.loop = loop;
    this.channelType = channelType;
    this.ssl = ssl;
    this.maxInboundBytes = maxInboundBytes;
    this.firstStreamId = firstStreamId;
  }

  @Override
  public SessionStream open(SessionStream.Listener listener, Executor sessionLoop) {
    if (sessionLoop != loop || !loop.inEventLoop()) {
      throw new IllegalStateException("a frames stream must be opened on its endpoint's loop");
    }
    if (closed) {
      return FrameClientConnection.failed(
          listener, loop, Status.UNAVAILABLE.withDescription("the gateway is shutting down"));
    }
    if (connection == null || !connection.usable()) {
      if (System.nanoTime() < pausedUntil) {
        return FrameClientConnection.failed(
            listener,
            loop,
            Status.UNAVAILABLE.withDescription(
                "could not connect to " + address + " moments ago; waiting before the next try"));
      }
      connection = connect();
    }
    return connection.open(listener);
  }

  private FrameClientConnection connect() {
    FrameClientConnection made = new FrameClientConnection(address.toString(), firstStreamId);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(
                            new FlushConsolidationHandler(256, true),
                            new FrameDecoder(maxInboundBytes),
                            made);
                  }
                });
    ChannelFuture connecting = bootstrap.connect(address);
    connecting.addListener(
        (ChannelFuture f) -> {
          if (f.isSuccess()) {
            failures = 0;
            pausedUntil = 0;
          } else {
            failed(f.cause());
            made.connectFailed(
                Status.UNAVAILABLE
                    .withDescription("cannot connect to " + address)
                    .withCause(f.cause()));
          }
        });
    return made;
  }

  private void failed(Throwable cause) {
    failures++;
    long pause = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(failures - 1, 16));
    pausedUntil = System.nanoTime() + pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2);
    LOG.debug("session frames: cannot connect to {}: {}", address, String.valueOf(cause));
  }

  /** Ends the pause after failed connects: the next open tries at once. Any thread. */
  public void reconnectNow() {
    try {
      loop.execute(
          () -> {
            failures = 0;
            pausedUntil = 0;
          });
    } catch (RejectedExecutionException e) {
      // the loop is shutting down
    }
  }

  /** Closes the connection (its streams end as UNAVAILABLE); later opens fail. Any thread. */
  public void close() {
    try {
      loop.execute(
          () -> {
            closed = true;
            if (connection != null) {
              connection.close();
            }
          });
    } catch (RejectedExecutionException e) {
      // the loop is gone, and its channels with it
    }
  }
}
