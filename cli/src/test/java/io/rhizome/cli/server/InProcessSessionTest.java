/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.proto.CommandComplete;
import io.rhizome.proto.Query;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SessionResponses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class InProcessSessionTest {
  /** The gateway's event loop, run by hand: what the session hops onto it waits here. */
  private final ArrayDeque<Runnable> loopTasks = new ArrayDeque<>();

  private final Executor loop = loopTasks::add;
  private final List<String> gatewaySaw = new ArrayList<>();
  private final List<String> nodeSaw = new ArrayList<>();
  private final InProcessSession stream = new InProcessSession(recording(gatewaySaw), loop);
  private final io.rhizome.node.rpc.SessionStream node = stream.nodeSide();

  /** What the node's session is told, and what it does from inside its callbacks. */
  private Runnable onEachRequest = () -> {};

  private int depth;
  private int deepest;

  InProcessSessionTest() {
    node.setOnReadyHandler(() -> nodeSaw.add("ready"));
    node.setOnCancelHandler(() -> nodeSaw.add("cancel"));
    stream.attach(
        new StreamObserver<>() {
          @Override
          public void onNext(SessionRequest request) {
            depth++;
            deepest = Math.max(deepest, depth);
            nodeSaw.add("request " + request.getQuery().getStatements(0));
            onEachRequest.run();
            depth--;
          }

          @Override
          public void onError(Throwable t) {
            nodeSaw.add("error");
          }

          @Override
          public void onCompleted() {
            nodeSaw.add("half-close");
          }
        });
  }

  @Test
  void requestsReachTheNodeOnlyAsItAsksForThemInOrder() {
    node.request(1);
    stream.send(query("a"));
    stream.send(query("b"));
    stream.halfClose();
    assertEquals(List.of("request a"), nodeSaw);

    node.request(1);
    assertEquals(List.of("request a", "request b", "half-close"), nodeSaw);
  }

  @Test
  void aRequestAskedForInsideACallbackWaitsForThatCallbackToReturn() {
    onEachRequest = () -> node.request(1);
    node.request(1);
    stream.send(query("a"));
    stream.send(query("b"));
    stream.send(query("c"));

    assertEquals(List.of("request a", "request b", "request c"), nodeSaw);
    assertEquals(1, deepest, "callbacks never nest");
  }

  @Test
  void theAnswerToTheOpenNeedsNoRequestAndLaterBatchesWaitForTheGatewaysDemand() {
    assertTrue(node.isReady(), "the answer to the Open is asked for from the start");
    node.send(batch("opened"));
    assertFalse(node.isReady(), "not ready again before the gateway asked");
    node.send(batch("one"));
    node.complete();
    runLoop();
    assertEquals(List.of("batch opened"), gatewaySaw);

    stream.request(1);
    runLoop();
    assertEquals(List.of("batch opened", "batch one", "end OK"), gatewaySaw);
  }

  @Test
  void theNodeIsReadyWhileTheGatewayWantsABatchAndIsToldWhenItDoesAgain() {
    node.send(batch("opened"));
    assertFalse(node.isReady());
    stream.request(1);
    assertTrue(node.isReady());
    assertEquals(List.of("ready"), nodeSaw);

    node.send(batch("one"));
    assertFalse(node.isReady(), "the one batch asked for is sent");
    stream.request(2);
    assertTrue(node.isReady());
    assertEquals(List.of("ready", "ready"), nodeSaw);
    runLoop();
    assertEquals(List.of("batch opened", "batch one"), gatewaySaw);
  }

  @Test
  void aCancelStopsTheNodesSessionOnceAndNothingMoreReachesEitherSide() {
    node.request(1);
    node.send(batch("opened"));
    runLoop();
    node.send(batch("held"));
    stream.cancel("client gone");
    stream.cancel("again");
    node.send(batch("late"));
    node.complete();
    stream.send(query("late"));
    stream.request(5);
    runLoop();

    assertEquals(List.of("cancel"), nodeSaw);
    assertEquals(List.of("batch opened"), gatewaySaw);
    assertFalse(node.isReady());
  }

  @Test
  void aFailureEndsTheStreamWithItsStatusAfterTheBatchesBeforeIt() {
    node.send(batch("one"));
    node.send(batch("two"));
    node.fail(Status.UNAVAILABLE.withDescription("shutting down"));
    runLoop();
    assertEquals(List.of("batch one"), gatewaySaw);

    stream.request(1);
    runLoop();
    assertEquals(List.of("batch one", "batch two", "end UNAVAILABLE"), gatewaySaw);
  }

  @Test
  void requestsAskedForFromAnotherThreadAreEachDeliveredOnceInOrder() throws Exception {
    int count = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    Thread worker =
        new Thread(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              for (int i = 0; i < count; i++) {
                node.request(1);
              }
            });
    worker.start();
    start.countDown();
    for (int i = 0; i < count; i++) {
      stream.send(query(Integer.toString(i)));
    }
    worker.join();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add("request " + i);
    }
    assertEquals(expected, nodeSaw);
    assertEquals(1, deepest, "callbacks never run at the same time or nested");
  }

  @Test
  void aClosedLoopCancelsTheNodesSession() {
    InProcessSession orphan =
        new InProcessSession(
            recording(new ArrayList<>()),
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("loop shut down");
            });
    List<String> saw = new ArrayList<>();
    orphan.nodeSide().setOnCancelHandler(() -> saw.add("cancel"));
    orphan.nodeSide().send(batch("opened"));

    assertEquals(List.of("cancel"), saw);
    assertFalse(orphan.nodeSide().isReady());
  }

  /** A gateway that notes what reaches it. */
  private static SessionStream.Listener recording(List<String> saw) {
    return new SessionStream.Listener() {
      @Override
      public void onBatch(SessionResponses batch) {
        saw.add("batch " + tag(batch));
      }

      @Override
      public void onEnd(Status status) {
        saw.add("end " + status.getCode());
      }
    };
  }

  private void runLoop() {
    Runnable task;
    while ((task = loopTasks.poll()) != null) {
      task.run();
    }
  }

  private static SessionRequest query(String sql) {
    return SessionRequest.newBuilder().setQuery(Query.newBuilder().addStatements(sql)).build();
  }

  private static SessionResponses batch(String tag) {
    return SessionResponses.newBuilder()
        .addResponses(
            SessionResponse.newBuilder()
                .setCommandComplete(CommandComplete.newBuilder().setTag(tag)))
        .build();
  }

  private static String tag(SessionResponses batch) {
    return batch.getResponses(0).getCommandComplete().getTag();
  }
}
