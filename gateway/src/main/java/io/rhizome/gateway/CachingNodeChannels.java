/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.rhizome.gateway.frames.FrameEndpoint;
import io.rhizome.gateway.link.GrpcSessionTransport;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.proto.NodeRecord;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels to nodes, created lazily, all shut down on close: one per node address for everything
 * but client sessions, and for client sessions one per node and event loop (see {@link
 * #sessionChannel}); session-frames endpoints likewise one per node and event loop (see {@link
 * #sessionTransport}).
 */
final class CachingNodeChannels implements NodeChannels {
  private static final Logger log = LoggerFactory.getLogger(CachingNodeChannels.class);
  static final String IN_PROCESS_PREFIX = "inprocess:";

  /**
   * Largest message accepted from a node. The node batches rows to about 256 KiB, but a single row
   * may hold a large value: up to the node's --max-value-bytes (64 MiB by default) of characters,
   * which UTF-8 can triple, beside the batch's other rows. The gateway's own row bound (RowLimit)
   * applies after this one.
   */
  static final int MAX_INBOUND_MESSAGE_SIZE = (3 * 64 + 1) << 20;

  /** Which channel: its address, and for session channels the loop it runs on (or none). */
  private record Key(String address, boolean session, EventLoop loop) {}

  /** Which frames endpoint: a node's session address and the gateway loop it serves. */
  private record FrameKey(String address, EventLoop loop) {}

  private final ConcurrentMap<Key, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ConcurrentMap<FrameKey, FrameEndpoint> endpoints = new ConcurrentHashMap<>();
  private final ChannelCredentials credentials;
  private final boolean frames;
  private final SslContext sessionTls;
  private volatile boolean closed;

  /**
   * @param credentials for network channels (in-process channels need none)
   * @param frames whether session streams use a node's session-frames address when it has one
   * @param sessionTls TLS of session frames, or null for plaintext
   */
  CachingNodeChannels(ChannelCredentials credentials, boolean frames, SslContext sessionTls) {
    this.credentials = credentials;
    this.frames = frames;
    this.sessionTls = sessionTls;
  }

  @Override
  public SessionTransport sessionTransport(NodeRecord node, Executor sessionLoop) {
    String address = node.getSessionAddress();
    if (!frames || address.isEmpty() || !(sessionLoop instanceof EventLoop loop)) {
      return new GrpcSessionTransport(sessionChannel(node.getAddress(), sessionLoop));
    }
    if (closed) {
      throw new IllegalStateException("node channels are closed");
    }
    FrameEndpoint endpoint =
        endpoints.computeIfAbsent(
            new FrameKey(address, loop),
            key -> {
              HostPort hp = HostPort.parse(key.address());
              return new FrameEndpoint(
                  InetSocketAddress.createUnresolved(hp.host(), hp.port()),
                  key.loop(),
                  NettyTransport.socketChannel(),
                  sessionTls,
                  MAX_INBOUND_MESSAGE_SIZE);
            });
    if (closed) {
      endpoint.close();
      throw new IllegalStateException("node channels are closed");
    }
    return endpoint;
  }

  @Override
  public Channel channel(String address) {
    return cached(new Key(address, false, null));
  }

  @Override
  public Channel sessionChannel(String address, Executor sessionLoop) {
    EventLoop loop =
        !address.startsWith(IN_PROCESS_PREFIX) && sessionLoop instanceof EventLoop l ? l : null;
    return cached(new Key(address, true, loop));
  }

  private Channel cached(Key key) {
    if (closed) {
      throw new IllegalStateException("node channels are closed");
    }
    ManagedChannel channel = channels.computeIfAbsent(key, this::build);
    if (closed) {
      channel.shutdownNow();
      throw new IllegalStateException("node channels are closed");
    }
    return channel;
  }

  private ManagedChannel build(Key key) {
    String address = key.address();
    if (address.startsWith(IN_PROCESS_PREFIX)) {
      String name = address.substring(IN_PROCESS_PREFIX.length());
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty in-process node name in \"" + address + "\"");
      }
      InProcessChannelBuilder builder =
          InProcessChannelBuilder.forName(name).maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE);
      if (key.session()) {
        builder.directExecutor().disableRetry(); // as below
      }
      return builder.build();
    }
    HostPort hp = HostPort.parse(address);
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(hp.host(), hp.port(), credentials)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE);
    if (key.session()) {
      // No transparent retries: a session stream is never replayed by gRPC (the gateway re-routes
      // it itself, knowing what is safe), and the retry buffer copied every message sent.
      builder.directExecutor().disableRetry();
    }
    if (key.loop() != null) {
      // The loop's own group is the gateway's; gRPC does not shut a given group down.
      builder.eventLoopGroup(key.loop()).channelType(NettyTransport.socketChannel());
    }
    return builder.build();
  }

  @Override
  public void reconnectNow(String address) {
    endpoints.forEach(
        (key, endpoint) -> {
          if (key.address().equals(address)) {
            endpoint.reconnectNow();
          }
        });
    channels.forEach(
        (key, channel) -> {
          if (key.address().equals(address)) {
            channel.resetConnectBackoff();
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    List<FrameEndpoint> frameEndpoints = new ArrayList<>(endpoints.values());
    endpoints.clear();
    frameEndpoints.forEach(FrameEndpoint::close);
    List<ManagedChannel> all = new ArrayList<>(channels.values());
    channels.clear();
    all.forEach(ManagedChannel::shutdown);
    for (ManagedChannel c : all) {
      try {
        if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.shutdownNow();
      }
    }
    log.debug("closed {} node channels", all.size());
  }

  /** host:port, with [v6]:port for IPv6 literals. */
  record HostPort(String host, int port) {
    static HostPort parse(String address) {
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException(
            "node address must be host:port, was \"" + address + "\"");
      }
      String host = address.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in node address \"" + address + "\"");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("bad port in node address \"" + address + "\"");
      }
      return new HostPort(host, port);
    }
  }
}
