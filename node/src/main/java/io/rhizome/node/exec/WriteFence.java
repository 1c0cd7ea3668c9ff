/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/** Checked before every statement that may write: the node must still own the tenant's shard. */
@FunctionalInterface
public interface WriteFence {
  /**
   * @throws FencedException when the node no longer owns the shard at the session's epoch
   */
  void check() throws FencedException;
}
