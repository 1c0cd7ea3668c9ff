/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Channels from this node to other nodes (a move's source), one per address, with the cluster's
 * credentials: mutual TLS when the node has cluster certificates, else plaintext like the
 * gateway's.
 */
public final class PeerChannels implements AutoCloseable {
  /** How an in-process node names its address ({@code inprocess:NAME}). */
  public static final String IN_PROCESS_PREFIX = "inprocess:";

  /** A backup chunk is 1 MiB at most; leave room for framing. */
  private static final int MAX_INBOUND_MESSAGE_SIZE = 8 << 20;

  private final ConcurrentMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ChannelCredentials credentials;

  /** Plaintext channels (a node without cluster TLS, tests). */
  public PeerChannels() {
    this(InsecureChannelCredentials.create());
  }

  /** Channels with {@code credentials} (e.g. the cluster's mutual TLS) to network addresses. */
  public PeerChannels(ChannelCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * The channel to a node's advertised address ({@code host:port} or {@code inprocess:NAME}).
   * Callers ask for it when the cluster map shows the node registered, so a channel still waiting
   * out its reconnect backoff from when the node was down (gRPC's grows to 2 minutes) tries to
   * connect at once: a restarted follower is caught up, and a move resumes against a restarted
   * source, as soon as the node is back. At most one connection attempt is in flight per channel,
   * and callers come at the pace of a replication upkeep or a move's retries.
   */
  public Channel channel(String address) {
    ManagedChannel channel = channels.computeIfAbsent(address, this::build);
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    return channel;
  }

  private ManagedChannel build(String address) {
    if (address.startsWith(IN_PROCESS_PREFIX)) {
      return InProcessChannelBuilder.forName(address.substring(IN_PROCESS_PREFIX.length()))
          .maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE)
          .build();
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("node address must be host:port: " + address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return NettyChannelBuilder.forAddress(
            host, Integer.parseInt(address.substring(colon + 1)), credentials)
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE)
        .build();
  }

  @Override
  public void close() {
    List<ManagedChannel> all = new ArrayList<>(channels.values());
    channels.clear();
    all.forEach(ManagedChannel::shutdownNow);
  }
}
