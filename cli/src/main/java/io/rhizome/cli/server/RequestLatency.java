/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.rhizome.node.rpc.FigureSet;
import io.rhizome.node.rpc.Figures;

/**
 * {@code rhizome_node_request_duration_seconds}: the node's request latency histogram, built at
 * scrape time from the buckets its sessions count in plain counters ({@link Figures}). A Micrometer
 * Timer would cost each request two more clock reads and several atomic updates; this costs the
 * request one plain add, and the Prometheus client's own model writes the exposition.
 */
final class RequestLatency implements Collector {
  static final String NAME = "rhizome_node_request_duration_seconds";

  private final FigureSet figures;

  RequestLatency(FigureSet figures) {
    this.figures = figures;
  }

  @Override
  public MetricSnapshot collect() {
    long[] totals = figures.totals();
    int bounds = Figures.LATENCY_BOUNDS_NANOS.length;
    double[] upper = new double[bounds + 1];
    long[] counts = new long[bounds + 1];
    for (int b = 0; b <= bounds; b++) {
      upper[b] = b < bounds ? Figures.LATENCY_BOUNDS_NANOS[b] / 1e9 : Double.POSITIVE_INFINITY;
      counts[b] = totals[Figures.LATENCY_BUCKETS + b];
    }
    return HistogramSnapshot.builder()
        .name(NAME)
        .help(
            "Requests (a Query message, or an extended-query run up to Sync) from arrival at the"
                + " node to Ready, waiting for a statement slot included")
        .dataPoint(
            HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
                .sum(totals[Figures.NANOS] / 1e9)
                .build())
        .build();
  }

  @Override
  public String getPrometheusName() {
    return NAME;
  }
}
