/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.gateway.link.SessionStream;
import io.rhizome.proto.SessionRequest;
import io.rhizome.proto.SessionResponses;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session stream of standalone, in memory: the gateway's end ({@link SessionStream}, called on
 * the session's event loop) joined to the node's ({@link #nodeSide()}, called from any thread),
 * with no gRPC call between them.
 *
 * <p>It keeps the contract of gRPC's in-process transport, which it replaces: flow control by
 * messages both ways (a request reaches the node only once the node asked for it; a batch reaches
 * the gateway only once the gateway asked for it and waits here until then, and the node's {@code
 * isReady} is whether the gateway has asked); the stream's end reaches the gateway after the
 * batches before it. The node's callbacks (requests, half-close, cancel, ready) run one at a time
 * and in order, on the thread that made them due: the gateway's loop for a request it sends, a node
 * worker for a request it asks for, as gRPC's serializing executor over a direct executor ran them.
 * The gateway's callbacks run as tasks of its loop. Nothing here runs a callback while holding the
 * lock.
 */
final class InProcessSession implements SessionStream {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessSession.class);

  private final SessionStream.Listener gateway;
  private final Executor loop;
  private final NodeSide nodeSide = new NodeSide();

  /** The node's session; set before the gateway sends anything. */
  private StreamObserver<SessionRequest> session;

  // Guarded by this.
  private final ArrayDeque<SessionRequest> requests = new ArrayDeque<>(2);
  private int nodeDemand;
  private boolean halfClosed;
  private boolean halfCloseDelivered;
  private final ArrayDeque<SessionResponses> held = new ArrayDeque<>(2);

  /** One batch asked for from the start, for the answer to the Open (as the gRPC stream did). */
  private int gatewayDemand = 1;

  /** The node ended the stream with this; it reaches the gateway after {@link #held}. */
  private Status end;

  /** No more batches come from the node: it ended the stream, or the gateway abandoned it. */
  private boolean finished;

  private boolean cancelled;
  private Runnable onReady = () -> {};
  private Runnable onCancel = () -> {};
  private final ArrayDeque<Runnable> due = new ArrayDeque<>(2);
  private boolean running;

  InProcessSession(SessionStream.Listener gateway, Executor loop) {
    this.gateway = gateway;
    this.loop = loop;
  }

  /** The node's side of the stream, to start its session on. */
  io.rhizome.node.rpc.SessionStream nodeSide() {
    return nodeSide;
  }

  /** Connects the node's session, before the gateway sends anything. */
  void attach(StreamObserver<SessionRequest> session) {
    this.session = session;
  }

  // ---------------------------------------------------------------------------------------------
  // The gateway's end: the session's event loop

  @Override
  public void send(SessionRequest request) {
    synchronized (this) {
      if (finished) {
        return;
      }
      requests.add(request);
      dueRequests();
    }
    runDue();
  }

  @Override
  public void request(int n) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      boolean wasReady = gatewayDemand > 0;
      gatewayDemand = add(gatewayDemand, n);
      while (gatewayDemand > 0 && !held.isEmpty()) {
        gatewayDemand--;
        toGateway(held.poll());
      }
      if (held.isEmpty() && end != null) {
        endNow();
      }
      if (!wasReady && gatewayDemand > 0 && !finished) {
        due.add(() -> readyHandler().run());
      }
    }
    runDue();
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      if (finished) {
        return;
      }
      halfClosed = true;
      dueRequests();
    }
    runDue();
  }

  @Override
  public void cancel(String reason) {
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelOnNodeSide();
    }
    runDue();
  }

  // ---------------------------------------------------------------------------------------------
  // Under the lock

  private void dueRequests() {
    while (nodeDemand > 0 && !requests.isEmpty()) {
      nodeDemand--;
      SessionRequest request = requests.poll();
      due.add(() -> session.onNext(request));
    }
    if (halfClosed && !halfCloseDelivered && requests.isEmpty()) {
      halfCloseDelivered = true;
      due.add(() -> session.onCompleted());
    }
  }

  /** The gateway abandoned the stream (or its loop is gone): the node's session stops. */
  private void cancelOnNodeSide() {
    cancelled = true;
    requests.clear();
    held.clear();
    end = null;
    if (!finished) {
      finished = true;
      due.add(() -> cancelHandler().run());
    }
  }

  private void toGateway(SessionResponses batch) {
    hop(() -> gateway.onBatch(batch));
  }

  private void endNow() {
    Status status = end;
    end = null;
    hop(() -> gateway.onEnd(status));
  }

  private void hop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The session's event loop is shutting down: the session is gone, so is the stream.
      cancelOnNodeSide();
    }
  }

  private synchronized Runnable readyHandler() {
    return onReady;
  }

  private synchronized Runnable cancelHandler() {
    return onCancel;
  }

  private static int add(int count, int n) {
    return (int) Math.min(Integer.MAX_VALUE, (long) count + n);
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs the node's due callbacks, one at a time, unless another thread is running them now. */
  private void runDue() {
    synchronized (this) {
      if (running) {
        return;
      }
      running = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        next = due.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // The session guards its own work; this would be a bug in it. The stream ends, as gRPC
        // ends a call whose listener threw, so that neither side waits for the other forever.
        LOG.error("in-process session callback failed; ending the stream", e);
        synchronized (this) {
          if (!finished) {
            finished = true;
            held.clear();
            end = Status.INTERNAL.withDescription("the node's session failed");
            endNow();
          }
        }
      }
    }
  }

  /** The node's side: called from the node's lane, on whatever thread it runs. */
  private final class NodeSide implements io.rhizome.node.rpc.SessionStream {
    @Override
    public void request(int n) {
      synchronized (InProcessSession.this) {
        if (cancelled) {
          return;
        }
        nodeDemand = add(nodeDemand, n);
        dueRequests();
      }
      runDue();
    }

    @Override
    public boolean isReady() {
      synchronized (InProcessSession.this) {
        return !finished && gatewayDemand > 0;
      }
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      synchronized (InProcessSession.this) {
        onReady = handler;
      }
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      synchronized (InProcessSession.this) {
        onCancel = handler;
      }
    }

    @Override
    public void send(SessionResponses batch) {
      synchronized (InProcessSession.this) {
        if (finished) {
          return;
        }
        if (gatewayDemand > 0 && held.isEmpty()) {
          gatewayDemand--;
          toGateway(batch);
        } else {
          held.add(batch);
        }
      }
      runDue();
    }

    @Override
    public void complete() {
      finish(Status.OK);
    }

    @Override
    public void fail(Status status) {
      finish(status);
    }

    private void finish(Status status) {
      synchronized (InProcessSession.this) {
        if (finished) {
          return;
        }
        finished = true;
        end = status;
        if (held.isEmpty()) {
          endNow();
        }
      }
      runDue();
    }
  }
}
