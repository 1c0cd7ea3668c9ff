/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Asks every live node the same admin question at once, each call with the same deadline, and waits
 * for the answers. A node that cannot be reached or does not answer in time comes back as a reason
 * instead of failing the whole question: the cluster-wide views built on this are for
 * troubleshooting, so they have to work while part of the cluster is in trouble.
 *
 * <p>Blocking (it waits for the answers): runs on the gateway's blocking executor, like every
 * console statement.
 */
final class NodeFanOut {
  /**
   * What the nodes said: the answers by node id, and for each node without one why not (shown to
   * the admin), both in the cluster map's node order.
   */
  record Answers<R>(Map<String, R> answers, Map<String, String> failures) {}

  private final Topology topology;
  private final NodeChannels channels;
  private final Duration deadline;

  /** The asking view's logger, so its lines keep their category. */
  private final Logger log;

  NodeFanOut(Topology topology, NodeChannels channels, Duration deadline, Logger log) {
    this.topology = topology;
    this.channels = channels;
    this.deadline = deadline;
    this.log = log;
  }

  /**
   * @param call the question, on a stub of one node
   * @param failureLog the warning logged for a node whose call failed: a format with the node id
   *     and the call's status
   * @param activity what the caller is doing, for the exception if this thread is interrupted
   */
  <R> Answers<R> ask(
      Function<NodeAdminGrpc.NodeAdminFutureStub, ListenableFuture<R>> call,
      String failureLog,
      String activity) {
    Map<String, ListenableFuture<R>> asked = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (NodeRecord node : topology.nodes()) {
      try {
        asked.put(
            node.getId(),
            call.apply(
                NodeAdminGrpc.newFutureStub(channels.channel(node.getAddress()))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)));
      } catch (RuntimeException e) {
        log.warn("no channel to node {} at {}", node.getId(), node.getAddress(), e);
        failures.put(node.getId(), "no channel to the node");
      }
    }
    Map<String, R> answers = new LinkedHashMap<>();
    for (Map.Entry<String, ListenableFuture<R>> answer : asked.entrySet()) {
      String node = answer.getKey();
      try {
        // The call's own deadline ends it; the margin only guards against a lost completion.
        answers.put(node, answer.getValue().get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        Status status = Status.fromThrowable(e.getCause());
        log.warn(failureLog, node, status);
        failures.put(node, "the node did not answer: " + status.getCode());
      } catch (TimeoutException e) {
        answer.getValue().cancel(true);
        failures.put(node, "the node did not answer: DEADLINE_EXCEEDED");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        asked.values().forEach(f -> f.cancel(true));
        throw new IllegalStateException("interrupted while " + activity, e);
      }
    }
    return new Answers<>(answers, failures);
  }
}
