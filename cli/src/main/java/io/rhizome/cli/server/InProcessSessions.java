/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.gateway.ForwardingNodeChannels;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.node.rpc.NodeServices;
import io.rhizome.proto.NodeRecord;
import java.util.concurrent.Executor;

/**
 * Standalone's channels to its node: sessions go to the node of this process in memory ({@link
 * InProcessSession}), everything else over gRPC's in-process channels as before.
 *
 * <p>Why: gRPC's in-process transport carried each session's requests and answers through its call
 * machinery (serializing executors, contexts, stream listeners) without serializing them; that was
 * 5-6% of the CPU of a point query, against about 2% for the hand-over here (docs/benchmarks.md,
 * "Standalone's sessions in memory"). The session calls no longer appear in standalone's gRPC
 * metrics; the node's session meters count them, as they count a cluster's session frames.
 */
final class InProcessSessions extends ForwardingNodeChannels {
  private final NodeServices node;
  private final String nodeAddress;

  /**
   * @param channels the channels for everything but sessions
   * @param node the node of this process
   * @param nodeAddress the address the node advertises ({@code inprocess:...})
   */
  InProcessSessions(NodeChannels channels, NodeServices node, String nodeAddress) {
    super(channels);
    this.node = node;
    this.nodeAddress = nodeAddress;
  }

  @Override
  public SessionTransport sessionTransport(NodeRecord record, Executor sessionLoop) {
    if (!record.getAddress().equals(nodeAddress)) {
      return super.sessionTransport(record, sessionLoop);
    }
    return new SessionTransport() {
      @Override
      public SessionStream open(SessionStream.Listener listener, Executor loop) {
        InProcessSession session = new InProcessSession(listener, loop);
        session.attach(node.openClientLoopSession(session.nodeSide()));
        return session;
      }

      @Override
      public boolean serializes() {
        return false;
      }
    };
  }
}
