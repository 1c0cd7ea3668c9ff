/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one choice of Netty transport for every socket of a process (client connections, gRPC to and
 * from nodes): Linux's native epoll where it loads, NIO otherwise or when {@code
 * -Drhizome.transport=nio} asks for it. Channels must match the loops they run on, so every group
 * and channel class comes from here.
 */
public final class NettyTransport {
  private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);
  private static final boolean EPOLL =
      !"nio".equals(System.getProperty("rhizome.transport")) && Epoll.isAvailable();

  static {
    log.debug("netty transport: {}", EPOLL ? "epoll" : "nio");
  }

  private NettyTransport() {}

  /** Whether the native epoll transport is in use. */
  public static boolean epoll() {
    return EPOLL;
  }

  /** A group of event loops of this transport, threads named {@code name}-N. */
  public static EventLoopGroup group(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), handler());
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  private static IoHandlerFactory handler() {
    return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }
}
