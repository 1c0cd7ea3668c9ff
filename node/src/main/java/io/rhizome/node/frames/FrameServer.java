/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.frames;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.proto.frames.FrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The node's session-frames listener: accepts gateway connections on the given event loops (the
 * node's gRPC loops), each served by a {@link FrameConnection}.
 */
public final class FrameServer implements AutoCloseable {
  /** Above this many bytes queued on a connection, its streams stop being ready. */
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(128 * 1024, 512 * 1024);

  private final Channel server;
  private final ChannelGroup connections;

  private FrameServer(Channel server, ChannelGroup connections) {
    this.server = server;
    this.connections = connections;
  }

  /**
   * Binds {@code address} and serves session streams of {@code services}.
   *
   * @param ssl the cluster's mutual TLS (server side), or null for plaintext
   * @param maxRequestBytes the largest request payload accepted; a longer frame closes the
   *     connection
   * @throws IOException when the address cannot be bound
   */
  public static FrameServer start(
      InetSocketAddress address,
      EventLoopGroup loops,
      Class<? extends ServerChannel> channelType,
      SslContext ssl,
      NodeServices services,
      int maxRequestBytes)
      throws IOException {
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops)
            .channel(channelType)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    if (ssl != null) {
                      p.addLast(ssl.newHandler(ch.alloc()));
                    }
                    // Flushes wait for the end of the read or task that made them: one write per
                    // turn of the loop, whatever the number of streams that answered in it.
                    p.addLast(new FlushConsolidationHandler(256, true));
                    p.addLast(new FrameDecoder(maxRequestBytes));
                    p.addLast(new FrameConnection(services, ssl != null));
                  }
                });
    // A failed bind throws its IOException (Netty rethrows the cause as is).
    Channel server = bootstrap.bind(address).syncUninterruptibly().channel();
    return new FrameServer(server, connections);
  }

  /** The address bound (its port, when the requested one was 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Gateway connections open now. */
  public int connections() {
    return connections.size();
  }

  /** Stops accepting and closes every connection (their streams are cancelled). */
  @Override
  public void close() {
    server.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
  }
}
