/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

/** Every SQLite handle the node may open is leased: a new session must be refused. */
public final class HandleLimitException extends Exception {
  private final int limit;

  HandleLimitException(int limit) {
    super("all " + limit + " tenant handles of this node are in use");
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }
}
