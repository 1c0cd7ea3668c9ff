/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * A byte relay on the gateway's own stack (Netty's epoll transport, two event loops, the JVM that
 * runs Rhizome): what any Netty gateway must pay per hop at the least, against which the gateway's
 * cost per query is measured (docs/benchmarks.md, "The proxy tier against PgBouncer"). A
 * measurement tool, not a proxy to deploy: no limits, no TLS, no cancel routing.
 *
 * <pre>
 *   java -cp cli/target/rhizome.jar bench/NettyRelay.java LISTEN_PORT BACKEND_PORT
 * </pre>
 *
 * Listens on 127.0.0.1:LISTEN_PORT and connects each client to 127.0.0.1:BACKEND_PORT, the backend
 * connection on the client's loop, as the gateway puts a session's node link on its client's loop.
 * Both channels consolidate flushes as the gateway's do.
 */
public final class NettyRelay {
  public static void main(String[] args) throws InterruptedException {
    int listen = Integer.parseInt(args[0]);
    int backend = Integer.parseInt(args[1]);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(loops)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel client) {
                client.pipeline().addLast(new FlushConsolidationHandler(256, true));
                client.pipeline().addLast(new ClientSide(client, backend));
              }
            })
        .bind("127.0.0.1", listen)
        .sync();
    Thread.currentThread().join();
  }

  /**
   * Connects the client's backend on the client's loop, then hands the client's side to a {@link
   * Forward} and starts reading the client.
   */
  private static final class ClientSide extends ChannelInboundHandlerAdapter {
    private final Channel client;
    private final int backendPort;

    ClientSide(Channel client, int backendPort) {
      this.client = client;
      this.backendPort = backendPort;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      new Bootstrap()
          .group(client.eventLoop())
          .channel(EpollSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                  channel.pipeline().addLast(new FlushConsolidationHandler(256, true));
                  channel.pipeline().addLast(new Forward(client));
                }
              })
          .connect("127.0.0.1", backendPort)
          .addListener(
              (ChannelFutureListener)
                  connected -> {
                    if (!connected.isSuccess()) {
                      client.close();
                    } else if (!client.isActive()) {
                      connected.channel().close();
                    } else {
                      ctx.pipeline().replace(this, "forward", new Forward(connected.channel()));
                      client.config().setAutoRead(true);
                    }
                  });
    }
  }

  /** Passes what one side sends to the other, and closes the other when this side goes. */
  private static final class Forward extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Forward(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      peer.write(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      peer.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      peer.close();
    }
  }
}
