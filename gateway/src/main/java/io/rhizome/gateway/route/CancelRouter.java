/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.session.CancelRequests;
import io.rhizome.proto.CancelKeys;
import io.rhizome.proto.CancelStatementRequest;
import io.rhizome.proto.CancelStatementResponse;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a client's CancelRequest to the node holding the session, whichever gateway opened it: the
 * process id carries the node's tag ({@link CancelKeys}), so the request goes to the live nodes
 * with that tag (almost always exactly one) as a {@code NodeAdmin.CancelStatement} call; the node
 * checks the secret. Fire and forget: each call has a deadline, failures are only logged, and at
 * most {@code maxInFlight} calls are outstanding, so a flood of unauthenticated cancel packets
 * cannot pile up work (beyond the bound they are dropped, like a cancel that arrives too late).
 */
public final class CancelRouter implements CancelRequests {
  private static final Logger log = LoggerFactory.getLogger(CancelRouter.class);

  private final Topology topology;
  private final NodeChannels channels;
  private final int maxInFlight;
  private final Duration timeout;
  private final AtomicInteger inFlight = new AtomicInteger();

  public CancelRouter(Topology topology, NodeChannels channels, int maxInFlight, Duration timeout) {
    this.topology = topology;
    this.channels = channels;
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
  }

  @Override
  public void cancel(int processId, int secretKey) {
    int tag = CancelKeys.nodeTagOf(processId);
    CancelStatementRequest request =
        CancelStatementRequest.newBuilder()
            .setBackendPid(processId)
            .setCancelSecret(secretKey)
            .build();
    for (NodeRecord node : topology.nodes()) {
      if (CancelKeys.nodeTag(node.getId()) == tag) {
        send(node, request);
      }
    }
  }

  private void send(NodeRecord node, CancelStatementRequest request) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      log.debug("dropped a cancel request for node {}: {} in flight", node.getId(), maxInFlight);
      return;
    }
    Channel channel;
    try {
      channel = channels.channel(node.getAddress());
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      log.debug("no channel to node {} for a cancel request: {}", node.getId(), e.toString());
      return;
    }
    NodeAdminGrpc.newStub(channel)
        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .cancelStatement(
            request,
            new StreamObserver<>() {
              @Override
              public void onNext(CancelStatementResponse response) {
                log.debug(
                    "cancel request for process id {} on node {}: matched {}",
                    request.getBackendPid(),
                    node.getId(),
                    response.getMatched());
              }

              @Override
              public void onError(Throwable t) {
                inFlight.decrementAndGet();
                log.debug("cancel request to node {} failed: {}", node.getId(), t.toString());
              }

              @Override
              public void onCompleted() {
                inFlight.decrementAndGet();
              }
            });
  }
}
