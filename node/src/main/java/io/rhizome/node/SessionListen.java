/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.rhizome.node.move.PeerChannels;
import java.net.InetSocketAddress;

/**
 * Where and on which event loops a node serves client sessions over session frames ({@code
 * --session-listen}; see {@code io.rhizome.node.frames}).
 *
 * @param address the address to bind (port 0: any free port)
 * @param loops the event loops of the listener and its connections (the node's gRPC loops; not shut
 *     down by the node)
 * @param channelType the server channel class of {@code loops}' transport (epoll or NIO)
 */
public record SessionListen(
    InetSocketAddress address, EventLoopGroup loops, Class<? extends ServerChannel> channelType) {

  /**
   * The address gateways dial: the host of the node's advertised gRPC address (where gateways
   * already reach it; the bound host when that address is in-process) and the port bound.
   */
  String advertised(String advertiseAddress, InetSocketAddress bound) {
    int colon = advertiseAddress.lastIndexOf(':');
    String host =
        colon > 0 && !advertiseAddress.startsWith(PeerChannels.IN_PROCESS_PREFIX)
            ? advertiseAddress.substring(0, colon)
            : bound.getHostString().indexOf(':') >= 0
                ? "[" + bound.getHostString() + "]"
                : bound.getHostString();
    return host + ":" + bound.getPort();
  }
}
