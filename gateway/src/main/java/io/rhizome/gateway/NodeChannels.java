/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.netty.handler.ssl.SslContext;
import io.rhizome.gateway.link.GrpcSessionTransport;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.proto.NodeRecord;
import java.util.concurrent.Executor;

/**
 * Maps a node's address (as in its NodeRecord) to a gRPC channel: {@code inprocess:NAME} for a node
 * in the same process (standalone), {@code host:port} for gRPC over the network, with the cluster's
 * mutual TLS or in plaintext. Channels are cached, one per address, and closed by {@link #close()}.
 * The caller that creates a NodeChannels owns it; the gateway server does not close it.
 */
public interface NodeChannels extends AutoCloseable {

  /**
   * The channel for {@code address}, created on first use.
   *
   * @throws IllegalArgumentException for an address of neither form
   * @throws IllegalStateException after {@link #close()}
   */
  Channel channel(String address);

  /**
   * The channel for a client session's stream to the node at {@code address}, created on first use:
   * its callbacks run without a hand-off, and when {@code sessionLoop} is a Netty event loop its
   * transport runs on that loop (one connection per node and loop), so a node's answer reaches the
   * session without waking another thread. Only for callers that never block in a callback.
   *
   * @throws IllegalArgumentException for an address of neither form
   * @throws IllegalStateException after {@link #close()}
   */
  default Channel sessionChannel(String address, Executor sessionLoop) {
    return channel(address);
  }

  /**
   * The transport of client session streams to {@code node}: session frames when the node's record
   * has a session address and {@code sessionLoop} is a Netty event loop (one connection per node
   * and loop, made on that loop), gRPC over {@link #sessionChannel} otherwise (standalone's
   * in-process node, a node of a version without frames).
   *
   * @throws IllegalArgumentException for an address of neither form
   * @throws IllegalStateException after {@link #close()}
   */
  default SessionTransport sessionTransport(NodeRecord node, Executor sessionLoop) {
    return new GrpcSessionTransport(sessionChannel(node.getAddress(), sessionLoop));
  }

  /**
   * Makes the channels to {@code address} try to connect at once instead of waiting out their
   * reconnect backoff (after the node was down): a session open that found it unreachable calls
   * this before it tries again.
   */
  default void reconnectNow(String address) {}

  /** Shuts every channel down. */
  @Override
  void close();

  /**
   * The standard implementation with plaintext network channels and session frames (standalone,
   * tests, a cluster without TLS).
   */
  static NodeChannels create() {
    return new CachingNodeChannels(InsecureChannelCredentials.create(), true, null);
  }

  /**
   * The standard implementation with {@code credentials} on network channels, session streams over
   * gRPC only.
   */
  static NodeChannels create(ChannelCredentials credentials) {
    return new CachingNodeChannels(credentials, false, null);
  }

  /**
   * The standard implementation with the cluster's mutual TLS on network channels ({@code
   * ClusterTls.channelCredentials()}) and on session frames ({@code
   * ClusterTls.sessionClientContext()}).
   */
  static NodeChannels create(ChannelCredentials credentials, SslContext sessionTls) {
    return new CachingNodeChannels(credentials, true, sessionTls);
  }

  /** Plaintext network channels; session streams over gRPC only, even to nodes with frames. */
  static NodeChannels createGrpcOnly() {
    return create(InsecureChannelCredentials.create());
  }
}
