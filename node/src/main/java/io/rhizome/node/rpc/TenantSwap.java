/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.node.store.TenantBackups;
import io.rhizome.node.store.TenantHandles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a verified database file in place of a tenant's (a restore from a client's file or from the
 * archive): with new sessions refused, the open ones ended ({@code force}) or the swap refused if
 * there are any, idle handles closed, the old files to the trash.
 */
final class TenantSwap {
  /** The tenant has open sessions and the swap was not forced. */
  static final class OpenSessionsException extends Exception {
    OpenSessionsException() {
      super("the tenant has open sessions", null, false, false);
    }
  }

  /** What was swapped in. */
  record Swapped(long sizeBytes, Optional<Path> trashed) {}

  private final SessionRegistry registry;
  private final TenantHandles handles;
  private final TenantBackups backups;
  private final Duration sessionEndTimeout;

  TenantSwap(
      SessionRegistry registry,
      TenantHandles handles,
      TenantBackups backups,
      Duration sessionEndTimeout) {
    this.registry = registry;
    this.handles = handles;
    this.backups = backups;
    this.sessionEndTimeout = sessionEndTimeout;
  }

  Swapped install(String tenant, int shard, Path file, boolean force)
      throws TenantBackups.InvalidDatabaseException,
          IOException,
          OpenSessionsException,
          TimeoutException,
          ExecutionException,
          InterruptedException {
    backups.verify(file);
    boolean blocked = false;
    try {
      if (force) {
        blocked = true;
        registry.beginRestore(tenant).get(sessionEndTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } else if (registry.blockIfIdle(tenant)) {
        blocked = true;
      } else {
        throw new OpenSessionsException();
      }
      // Ended sessions returned their handles to the cache; none may outlive the replaced files.
      handles.closeIdle(shard, tenant);
      long size = Files.size(file);
      return new Swapped(size, backups.swapIn(shard, tenant, file));
    } finally {
      if (blocked) {
        registry.endDrop(tenant);
      }
    }
  }
}
