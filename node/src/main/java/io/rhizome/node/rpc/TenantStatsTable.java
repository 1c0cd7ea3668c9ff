/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TenantStats} of every tenant that had a session on this node since it started. Looked
 * up once per session open, never per statement. A record lives until the node stops (a tenant
 * moved away keeps its figures here, as pg_stat_statements keeps a dropped table's): about half a
 * kilobyte per tenant (a figure array per tenant; see FigureSet).
 */
public final class TenantStatsTable {
  private final ConcurrentHashMap<String, TenantStats> byTenant = new ConcurrentHashMap<>();
  private final FigureSet node = new FigureSet();

  /** The figures of every session of the node, for its meters. */
  public FigureSet node() {
    return node;
  }

  /** The tenant's record, created on first use. */
  TenantStats of(String tenant) {
    return byTenant.computeIfAbsent(tenant, TenantStats::new);
  }

  /** The tenant's record, if it had a session since the node started. */
  TenantStats get(String tenant) {
    return byTenant.get(tenant);
  }

  /** Every tenant's figures as of now, in no order. */
  public List<TenantStats.Snapshot> snapshot() {
    long nowNanos = System.nanoTime();
    long nowMs = System.currentTimeMillis();
    List<TenantStats.Snapshot> all = new ArrayList<>(byTenant.size());
    for (TenantStats stats : byTenant.values()) {
      all.add(stats.snapshot(nowNanos, nowMs));
    }
    return all;
  }
}
