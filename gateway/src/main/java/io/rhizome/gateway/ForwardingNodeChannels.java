/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.grpc.Channel;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.proto.NodeRecord;
import java.util.concurrent.Executor;

/** Node channels that pass every call on to other ones: the base of a decorator. */
public abstract class ForwardingNodeChannels implements NodeChannels {
  private final NodeChannels delegate;

  protected ForwardingNodeChannels(NodeChannels delegate) {
    this.delegate = delegate;
  }

  @Override
  public Channel channel(String address) {
    return delegate.channel(address);
  }

  @Override
  public Channel sessionChannel(String address, Executor sessionLoop) {
    return delegate.sessionChannel(address, sessionLoop);
  }

  @Override
  public SessionTransport sessionTransport(NodeRecord node, Executor sessionLoop) {
    return delegate.sessionTransport(node, sessionLoop);
  }

  @Override
  public void reconnectNow(String address) {
    delegate.reconnectNow(address);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
