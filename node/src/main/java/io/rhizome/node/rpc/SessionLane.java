/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one session's tasks one at a time, in the order they were given: on the thread that gives a
 * task when the lane is idle and the caller allows it ({@link #runHere}), otherwise on the node's
 * worker pool ({@link #execute}).
 *
 * <p>Why not a plain sequential executor: a hand-off to a worker and back costs two thread
 * wake-ups, which on a small machine is most of a point query's cost. The gRPC thread that delivers
 * a request can run it when it will not block for long, or when it blocks nobody else (see {@code
 * TenantSession} and {@link LoopLoads}); anything else (a write while the thread serves other
 * sessions, DDL, a statement that turns out slow) continues on a worker, still in order, because
 * the lane stays taken until the continuation has run.
 *
 * <p>Thread-safe. A task learns whether it runs on the caller's thread from {@link #onCaller()}.
 */
final class SessionLane {
  /** Tasks a worker runs before it lets other sessions' work go first. */
  private static final int MAX_TASKS_PER_TURN = 64;

  private final Executor workers;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean taken = new AtomicBoolean();
  private final Runnable turn = this::workerTurn;

  /** Set while {@link #runHere} runs its task; read only by that task (the lane's holder). */
  private boolean onCaller;

  /** What the running turn asked to do once it has let go of the lane (lane-confined). */
  private Runnable afterTurn;

  SessionLane(Executor workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code task} on the calling thread if nothing of this session runs or waits; else queues
   * it like {@link #execute}.
   *
   * @throws RejectedExecutionException when it had to go to the workers and they refused (shutdown)
   */
  void runHere(Runnable task) {
    if (!queue.isEmpty() || !taken.compareAndSet(false, true)) {
      execute(task);
      return;
    }
    onCaller = true;
    try {
      task.run();
    } finally {
      onCaller = false;
      release();
    }
  }

  /**
   * Queues {@code task} for a worker, behind whatever this session runs or has queued.
   *
   * @throws RejectedExecutionException when the workers refuse it (shutdown)
   */
  void execute(Runnable task) {
    queue.add(task);
    if (taken.compareAndSet(false, true)) {
      dispatch();
    }
  }

  /** Whether the running task runs on the thread that gave it (not on a worker). */
  boolean onCaller() {
    return onCaller;
  }

  /**
   * Runs {@code action} on this thread right after the current turn lets go of the lane; for the
   * running task only. A session asks for its next request this way: a request the transport hands
   * over inside that call then finds the lane free and may run there, instead of queueing behind
   * the turn that asked for it.
   */
  void afterTurn(Runnable action) {
    afterTurn = action;
  }

  private void workerTurn() {
    try {
      for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
        Runnable task = queue.poll();
        if (task == null) {
          break;
        }
        task.run();
      }
    } finally {
      release();
    }
  }

  /** Gives the lane up, or keeps it for a worker when tasks came meanwhile. */
  private void release() {
    Runnable action = afterTurn;
    afterTurn = null;
    taken.set(false);
    if (action != null) {
      action.run();
    }
    if (!queue.isEmpty() && taken.compareAndSet(false, true)) {
      dispatch();
    }
  }

  private void dispatch() {
    try {
      workers.execute(turn);
    } catch (RejectedExecutionException e) {
      taken.set(false);
      throw e;
    }
  }
}
