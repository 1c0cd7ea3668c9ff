/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyTransportTest {

  @Test
  void usesEpollOnLinuxUnlessNioIsAsked() {
    boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
    boolean nioAsked = "nio".equals(System.getProperty("rhizome.transport"));
    assertEquals(linux && !nioAsked && Epoll.isAvailable(), NettyTransport.epoll());
    if (linux && !nioAsked) {
      // The native library ships in the jar for linux-x86_64: not loading it is a packaging bug.
      assertTrue(Epoll.isAvailable(), () -> "epoll did not load: " + Epoll.unavailabilityCause());
    }
  }

  @Test
  void itsServerAndClientChannelsRunOnItsLoopsAndCarryBytes() throws Exception {
    EventLoopGroup loops = NettyTransport.group(1, "transport-test");
    try {
      Channel server =
          new ServerBootstrap()
              .group(loops)
              .channel(NettyTransport.serverChannel())
              .childHandler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ctx.writeAndFlush(msg); // echo
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      Channel client =
          new Bootstrap()
              .group(loops)
              .channel(NettyTransport.socketChannel())
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                  ByteBuf buf = (ByteBuf) msg;
                                  echoed.complete(buf.toString(StandardCharsets.US_ASCII));
                                  buf.release();
                                }
                              });
                    }
                  })
              .connect(server.localAddress())
              .sync()
              .channel();
      client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII)).sync();
      assertEquals("ping", echoed.get(10, TimeUnit.SECONDS));
      client.close().sync();
      server.close().sync();
    } finally {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
