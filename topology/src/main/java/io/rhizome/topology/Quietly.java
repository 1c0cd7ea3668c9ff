/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.topology.MetaStore.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases store resources on cleanup paths, logging instead of throwing, so a failed release never
 * masks the outcome the caller is already reporting.
 */
final class Quietly {
  private static final Logger LOG = LoggerFactory.getLogger(Quietly.class);

  private Quietly() {}

  static void closeWatch(AutoCloseable w) {
    if (w == null) {
      return;
    }
    try {
      w.close();
    } catch (Exception e) {
      LOG.warn("closing a metadata watch failed", e);
    }
  }

  static void revoke(Lease lease, String what) {
    try {
      lease.revoke();
    } catch (TopologyException e) {
      LOG.warn("could not revoke the {} lease: {}; it expires on its own", what, e.getMessage());
    }
  }
}
