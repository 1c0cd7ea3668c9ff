/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.NodeSessionGrpc;
import io.rhizome.proto.WarmRequest;
import io.rhizome.proto.WarmResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@code NodeSession.Warm} calls: fire and forget, at most {@code maxInFlight} at
 * once (more are not sent: a warm-up is only a head start, and a flood of sign-ins must not turn
 * into a flood of node work), each with a short deadline. Thread-safe; one per gateway.
 */
public final class NodeWarmups {
  private static final Logger LOG = LoggerFactory.getLogger(NodeWarmups.class);

  /** Warm-ups in flight per gateway. */
  public static final int MAX_IN_FLIGHT = 16;

  /** A warm-up later than this is of no use to the session it was for. */
  static final Duration DEADLINE = Duration.ofSeconds(2);

  private final int maxInFlight;
  private final Semaphore inFlight;

  public NodeWarmups(int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Sends the request unless too many are in flight; returns whether it was sent. */
  boolean warm(Channel channel, WarmRequest request) {
    if (!inFlight.tryAcquire()) {
      return false;
    }
    try {
      NodeSessionGrpc.newStub(channel)
          .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .warm(
              request,
              new StreamObserver<>() {
                @Override
                public void onNext(WarmResponse response) {
                  LOG.trace("warm-up of {}: {}", request.getTenant(), response.getOutcome());
                }

                @Override
                public void onError(Throwable t) {
                  inFlight.release();
                  LOG.debug("warm-up of {} failed: {}", request.getTenant(), t.toString());
                }

                @Override
                public void onCompleted() {
                  inFlight.release();
                }
              });
      return true;
    } catch (RuntimeException e) {
      inFlight.release();
      LOG.debug("warm-up of {} not sent: {}", request.getTenant(), e.toString());
      return false;
    }
  }

  /** Warm-ups in flight now, for tests. */
  int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }
}
