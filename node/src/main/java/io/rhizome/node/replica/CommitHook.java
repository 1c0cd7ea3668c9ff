/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

/**
 * Told after every commit of a session that wrote: returns once the commit is on every in-sync
 * follower (docs/replication.md, "The commit path"). Shards with one copy and no archive get {@link
 * #NONE}, which does nothing.
 */
@FunctionalInterface
public interface CommitHook {
  CommitHook NONE = () -> {};

  /**
   * @throws CommitUnconfirmedException when the commit must not be acknowledged
   */
  void committed() throws CommitUnconfirmedException;
}
