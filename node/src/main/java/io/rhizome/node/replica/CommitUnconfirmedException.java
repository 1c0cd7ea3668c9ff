/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

/**
 * A commit that SQLite made locally but that must not be acknowledged: its followers did not
 * confirm it and could not be dropped from the in-sync set, or the shard failed over meanwhile. The
 * client's outcome is unknown (SQLSTATE 40003), and the session ends.
 */
public final class CommitUnconfirmedException extends Exception {
  private final boolean fenced;

  CommitUnconfirmedException(String message, boolean fenced, Throwable cause) {
    super(message, cause);
    this.fenced = fenced;
  }

  /** The shard has another primary now: this node must stop serving it. */
  public boolean fenced() {
    return fenced;
  }
}
