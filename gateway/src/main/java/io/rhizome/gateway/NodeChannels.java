/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;

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

  /** Shuts every channel down. */
  @Override
  void close();

  /** The standard implementation with plaintext network channels (standalone, tests). */
  static NodeChannels create() {
    return create(InsecureChannelCredentials.create());
  }

  /**
   * The standard implementation with {@code credentials} on network channels (the cluster's mutual
   * TLS: {@code ClusterTls.channelCredentials()}).
   */
  static NodeChannels create(ChannelCredentials credentials) {
    return new CachingNodeChannels(credentials);
  }
}
