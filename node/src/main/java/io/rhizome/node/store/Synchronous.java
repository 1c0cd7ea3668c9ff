/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

/**
 * SQLite's {@code synchronous} setting for tenant files. {@link #FULL} is the default because it is
 * what makes an acknowledged commit survive power loss in WAL mode; {@link #NORMAL} is an opt-in
 * trade that may lose the last commits on power loss (never on a process crash).
 */
public enum Synchronous {
  FULL,
  NORMAL
}
