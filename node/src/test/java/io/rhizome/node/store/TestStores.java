/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.nio.file.Path;
import java.time.Duration;

/** The tenant store most tests open: full syncs, the default lockdown, no custom functions. */
public final class TestStores {
  private TestStores() {}

  /** A store over {@code data} whose connections wait {@code busyTimeout} for a lock. */
  public static TenantStore open(Path data, Duration busyTimeout) {
    return new TenantStore(
        data, Synchronous.FULL, busyTimeout, new TenantLockdown(TenantQuotas.DEFAULT));
  }
}
