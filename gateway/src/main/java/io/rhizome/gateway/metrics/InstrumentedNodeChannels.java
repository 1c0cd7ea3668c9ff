/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.metrics;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;
import io.rhizome.gateway.ForwardingNodeChannels;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.link.GrpcSessionTransport;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.proto.NodeRecord;
import java.util.concurrent.Executor;

/**
 * Node channels whose calls are counted by Micrometer's gRPC client interceptor ({@code
 * grpc_client_*}: calls by method and status, messages sent and received). The interceptor wraps
 * the cached channel when a call site asks for it (a session open, a console statement), not per
 * message.
 */
public final class InstrumentedNodeChannels extends ForwardingNodeChannels {
  private final ClientInterceptor interceptor;

  public InstrumentedNodeChannels(NodeChannels channels, MeterRegistry registry) {
    super(channels);
    this.interceptor = new MetricCollectingClientInterceptor(registry);
  }

  @Override
  public Channel channel(String address) {
    return ClientInterceptors.intercept(super.channel(address), interceptor);
  }

  @Override
  public Channel sessionChannel(String address, Executor sessionLoop) {
    return ClientInterceptors.intercept(super.sessionChannel(address, sessionLoop), interceptor);
  }

  /** Session frames are not gRPC: they are not counted here (the node's session meters are). */
  @Override
  public SessionTransport sessionTransport(NodeRecord node, Executor sessionLoop) {
    return node.getSessionAddress().isEmpty()
        ? new GrpcSessionTransport(sessionChannel(node.getAddress(), sessionLoop))
        : super.sessionTransport(node, sessionLoop);
  }
}
