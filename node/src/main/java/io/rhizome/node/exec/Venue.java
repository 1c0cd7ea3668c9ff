/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/**
 * Where a call of {@link TenantSession#advance(Outbound, Venue)} runs, and so what it may do there.
 */
public enum Venue {
  /** A worker thread: anything, waiting for locks, disks and replicas included. */
  WORKER,
  /**
   * A thread that must not block because other sessions need it (a gRPC transport thread, the
   * gateway's event loop in standalone): reads within the inline budget, nothing else.
   */
  SHARED_LOOP,
  /**
   * Such a thread while it serves no other session with a request running or waiting: besides
   * reads, a short auto-commit write and a COMMIT may run there too, fsync included, unless the
   * session's commits wait for replicas ({@link WriteFence#commitsWait()}). Whoever blocks here for
   * a disk blocks no other session's request, only one that arrives meanwhile.
   */
  LONE_LOOP;

  /** Whether blocking is fine (a worker). */
  boolean mayBlock() {
    return this == WORKER;
  }
}
