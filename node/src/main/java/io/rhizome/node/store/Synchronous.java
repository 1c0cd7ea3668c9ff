/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

/**
 * Whether an acknowledged commit must be on the disk. {@link #FULL} is the default: a commit is
 * acknowledged only after its WAL was synced (by the node, not inside SQLite's COMMIT: see {@link
 * GroupCommit}), so it survives power loss; {@link #NORMAL} is an opt-in trade that may lose the
 * last commits on power loss (never on a process crash). SQLite's own {@code synchronous} setting
 * is {@code NORMAL} either way.
 */
public enum Synchronous {
  FULL,
  NORMAL
}
