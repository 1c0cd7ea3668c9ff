/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.Column;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.TenantActivity;
import io.rhizome.proto.TenantStatsOrder;
import io.rhizome.proto.TenantStatsRequest;
import io.rhizome.proto.TenantStatsResponse;
import io.rhizome.proto.Value;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHOW TENANT STATS: the busiest tenants of the cluster by one figure, like pg_stat_statements'
 * top-N. Per-tenant figures live here and never in metric labels. Each live node answers its own
 * top N (each with the same deadline; they count since the node started); the view merges them and
 * keeps the first N. A tenant moved between nodes shows once per node. A node that does not answer
 * in time shows as one row with its id and no tenant, instead of failing the statement.
 *
 * <p>Blocking (it waits for the answers): runs on the gateway's blocking executor, like every
 * console statement.
 */
final class TenantStatsViews {
  private static final Logger log = LoggerFactory.getLogger(TenantStatsViews.class);

  /** The figures a view can be ordered by (ORDER BY name), largest first. */
  static final Map<String, TenantStatsOrder> ORDERS = orders();

  static final String DEFAULT_ORDER = "time";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 10_000;

  static final List<Column> COLUMNS =
      List.of(
          Results.column("tenant", PgType.TEXT),
          Results.column("node", PgType.TEXT),
          Results.column("statements", PgType.INT8),
          Results.column("errors", PgType.INT8),
          Results.column("time_ms", PgType.INT8),
          Results.column("mean_us", PgType.INT8),
          Results.column("rows", PgType.INT8),
          Results.column("bytes", PgType.INT8),
          Results.column("size_bytes", PgType.INT8),
          Results.column("last_active", PgType.TEXT));

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private final NodeFanOut nodes;

  TenantStatsViews(Topology topology, NodeChannels channels, Duration deadline) {
    this.nodes = new NodeFanOut(topology, channels, deadline, log);
  }

  private static Map<String, TenantStatsOrder> orders() {
    Map<String, TenantStatsOrder> m = new LinkedHashMap<>();
    m.put("time", TenantStatsOrder.TENANT_STATS_BY_TIME);
    m.put("statements", TenantStatsOrder.TENANT_STATS_BY_STATEMENTS);
    m.put("errors", TenantStatsOrder.TENANT_STATS_BY_ERRORS);
    m.put("rows", TenantStatsOrder.TENANT_STATS_BY_ROWS);
    m.put("bytes", TenantStatsOrder.TENANT_STATS_BY_BYTES);
    m.put("size", TenantStatsOrder.TENANT_STATS_BY_SIZE);
    m.put("last_active", TenantStatsOrder.TENANT_STATS_BY_LAST_ACTIVE);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * @param order a key of {@link #ORDERS}
   */
  List<SessionResponse> show(String order, int limit) {
    TenantStatsOrder by = ORDERS.get(order);
    TenantStatsRequest request =
        TenantStatsRequest.newBuilder().setOrderBy(by).setLimit(limit).build();
    NodeFanOut.Answers<TenantStatsResponse> answers =
        nodes.ask(
            stub -> stub.tenantStats(request),
            "node {} did not send tenant stats: {}",
            "collecting tenant stats");
    List<Entry> entries = new ArrayList<>();
    answers
        .answers()
        .forEach(
            (node, stats) -> stats.getTenantsList().forEach(t -> entries.add(new Entry(node, t))));
    Comparator<TenantActivity> figure = figure(by);
    entries.sort(
        Comparator.comparing((Entry e) -> e.activity, figure.reversed())
            .thenComparing(e -> e.activity.getTenant())
            .thenComparing(e -> e.node));
    List<Row> rows = new ArrayList<>();
    entries.stream().limit(limit).forEach(e -> rows.add(e.row()));
    answers.failures().keySet().forEach(node -> rows.add(unavailable(node)));
    return Results.rows(COLUMNS, rows, "SHOW");
  }

  private static Comparator<TenantActivity> figure(TenantStatsOrder by) {
    return switch (by) {
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

  private static Row unavailable(String node) {
    Value[] values = new Value[COLUMNS.size()];
    java.util.Arrays.fill(values, NULL);
    values[1] = Results.text(node);
    return Results.row(values);
  }

  private record Entry(String node, TenantActivity activity) {
    Row row() {
      TenantActivity a = activity;
      return Results.row(
          Results.text(a.getTenant()),
          Results.text(node),
          Results.integer(a.getStatements()),
          Results.integer(a.getErrors()),
          Results.integer(a.getTimeUs() / 1000),
          Results.integer(a.getStatements() == 0 ? 0 : a.getTimeUs() / a.getStatements()),
          Results.integer(a.getRows()),
          Results.integer(a.getBytes()),
          Results.integer(a.getSizeBytes()),
          a.getLastActiveUnixMs() == 0
              ? NULL
              : Results.text(Instant.ofEpochMilli(a.getLastActiveUnixMs()).toString()));
    }
  }
}
