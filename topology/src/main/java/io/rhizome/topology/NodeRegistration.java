/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

/** A node's live registration; closing it revokes the lease so the node leaves the map at once. */
public interface NodeRegistration extends AutoCloseable {
  @Override
  void close();
}
