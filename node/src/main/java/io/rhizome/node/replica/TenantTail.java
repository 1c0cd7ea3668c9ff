/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The primary's knowledge of one tenant's WAL: where its committed frames end as last read, and
 * where the previous generation ended (so a follower that holds all of it can continue with the new
 * generation instead of a snapshot). Everything that reads the WAL to ship it, and every checkpoint
 * of the tenant, holds {@link #lock}: a checkpoint can then never copy back (and a later writer
 * overwrite) frames that were not shipped.
 */
final class TenantTail {
  final String tenant;
  final ReentrantLock lock = new ReentrantLock();

  /** The committed end as last read and shipped to every in-sync follower. Guarded by lock. */
  LogPosition end = LogPosition.NONE;

  /** The end of the generation before {@link #end}'s, when this process saw it end. */
  LogPosition previousGenerationEnd = LogPosition.NONE;

  /** The current generation's header bytes, for followers that start it. Guarded by lock. */
  byte[] header;

  TenantTail(String tenant) {
    this.tenant = tenant;
  }

  /** Takes a scan's end as shipped. */
  void shipped(WalScan.Result scan) {
    if (!scan.exists()) {
      return;
    }
    if (end.exists() && !end.sameGeneration(scan.end())) {
      previousGenerationEnd = end;
    }
    end = scan.end();
    header = scan.header();
  }
}
