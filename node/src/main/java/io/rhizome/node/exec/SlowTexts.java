/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

/**
 * The last few statement texts of a session that overran the inline budget, by hash, so that they
 * start on a worker next time instead of paying for a try that is stopped. A hash collision only
 * sends a quick statement to a worker; nothing depends on it being exact.
 */
final class SlowTexts {
  private static final int CAPACITY = 32;

  private final int[] hashes = new int[CAPACITY];
  private int size;
  private int next;

  void add(String sql) {
    if (contains(sql)) {
      return;
    }
    hashes[next] = sql.hashCode();
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
  }

  boolean contains(String sql) {
    int hash = sql.hashCode();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash) {
        return true;
      }
    }
    return false;
  }
}
