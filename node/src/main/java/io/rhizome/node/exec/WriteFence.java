/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/**
 * Around every write: checked before each statement that may write (the node must still own the
 * tenant's shard), and told after each commit that wrote (replication: the commit must be on the
 * shard's in-sync followers before the client hears of it).
 */
@FunctionalInterface
public interface WriteFence {
  /**
   * @throws FencedException when the node no longer owns the shard at the session's epoch
   */
  void check() throws FencedException;

  /**
   * Called after a commit that wrote (an auto-commit write, COMMIT, a RELEASE that ended the
   * transaction, an implicit transaction's commit) and before it is answered. Nothing by default.
   *
   * @return whether the tenant's WAL outgrew what a checkpoint leaves, so the session should
   *     checkpoint it until the log starts over ({@link io.rhizome.node.store.WalSync})
   * @throws FencedException when the commit must not be acknowledged; the session must end
   */
  default boolean committed() throws FencedException {
    return false;
  }

  /**
   * Whether {@link #committed()} may wait for other processes (a replicated or archived shard's
   * followers and archive): such a commit must never run on an event loop, which the
   * acknowledgement it waits for may need. False by default: nothing to wait for.
   */
  default boolean commitsWait() {
    return false;
  }
}
