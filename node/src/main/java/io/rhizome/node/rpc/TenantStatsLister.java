/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.stub.StreamObserver;
import io.rhizome.node.store.TenantStore;
import io.rhizome.node.store.TenantTrash;
import io.rhizome.proto.TenantActivity;
import io.rhizome.proto.TenantStatsOrder;
import io.rhizome.proto.TenantStatsRequest;
import io.rhizome.proto.TenantStatsResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers TenantStats: the top tenants of this node by one figure, like pg_stat_statements' top-N.
 * Sizes are measured only for the tenants answered, unless the order is by size.
 */
final class TenantStatsLister {
  private final String nodeId;
  private final TenantStatsTable table;
  private final TenantStore store;

  TenantStatsLister(String nodeId, TenantStatsTable table, TenantStore store) {
    this.nodeId = nodeId;
    this.table = table;
    this.store = store;
  }

  void list(TenantStatsRequest request, StreamObserver<TenantStatsResponse> response) {
    List<TenantActivity> all = new ArrayList<>();
    boolean bySize = request.getOrderBy() == TenantStatsOrder.TENANT_STATS_BY_SIZE;
    for (TenantStats.Snapshot s : table.snapshot()) {
      TenantActivity.Builder row =
          TenantActivity.newBuilder()
              .setTenant(s.tenant())
              .setStatements(s.statements())
              .setErrors(s.errors())
              .setTimeUs(s.nanos() / 1000)
              .setRows(s.rows())
              .setBytes(s.bytes())
              .setLastActiveUnixMs(s.lastActiveUnixMs());
      if (bySize) {
        row.setSizeBytes(size(s.tenant()));
      }
      all.add(row.build());
    }
    all.sort(order(request.getOrderBy()).reversed().thenComparing(TenantActivity::getTenant));
    int limit = request.getLimit() == 0 ? all.size() : Math.min(all.size(), request.getLimit());
    TenantStatsResponse.Builder answer = TenantStatsResponse.newBuilder().setNodeId(nodeId);
    for (TenantActivity row : all.subList(0, limit)) {
      answer.addTenants(bySize ? row : row.toBuilder().setSizeBytes(size(row.getTenant())).build());
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  static Comparator<TenantActivity> order(TenantStatsOrder order) {
    return switch (order) {
      case TENANT_STATS_BY_STATEMENTS -> Comparator.comparingLong(TenantActivity::getStatements);
      case TENANT_STATS_BY_ERRORS -> Comparator.comparingLong(TenantActivity::getErrors);
      case TENANT_STATS_BY_ROWS -> Comparator.comparingLong(TenantActivity::getRows);
      case TENANT_STATS_BY_BYTES -> Comparator.comparingLong(TenantActivity::getBytes);
      case TENANT_STATS_BY_SIZE -> Comparator.comparingLong(TenantActivity::getSizeBytes);
      case TENANT_STATS_BY_LAST_ACTIVE ->
          Comparator.comparingLong(TenantActivity::getLastActiveUnixMs);
      default -> Comparator.comparingLong(TenantActivity::getTimeUs);
    };
  }

  /** The tenant's files on this node, on the shard its last session opened; 0 when none is here. */
  private long size(String tenant) {
    TenantStats stats = table.get(tenant);
    if (stats == null || stats.shard() < 0) {
      return 0;
    }
    try {
      return TenantTrash.sizeOnDisk(store.tenantFile(stats.shard(), tenant));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
