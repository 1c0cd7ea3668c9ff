/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

/** A failed metadata operation, with a reason callers can act on. */
public final class TopologyException extends Exception {

  /** Why a metadata operation failed. */
  public enum Reason {
    ALREADY_EXISTS,
    NOT_FOUND,
    NO_LIVE_NODES,
    /** The store could not be reached or did not answer in time. */
    UNAVAILABLE,
    /** A compare-and-set lost a race too many times. */
    CONFLICT,
    /** The stored cluster does not match what this process was asked to create or join. */
    INCOMPATIBLE,
    /** The request is valid but the map is not in a state that allows it (see the message). */
    FAILED_PRECONDITION,
    /**
     * The caller named a shard placement (primary and epoch) that is no longer the shard's: it must
     * stop acting as the shard's primary (docs/replication.md, "Fencing").
     */
    FENCED,
    INTERNAL
  }

  private final Reason reason;

  public TopologyException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TopologyException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
