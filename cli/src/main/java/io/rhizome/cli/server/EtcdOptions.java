/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import java.net.URI;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the cluster metadata lives. */
public final class EtcdOptions {
  @Option(
      names = "--etcd",
      required = true,
      split = ",",
      paramLabel = "URLS",
      description = "etcd client URLs, comma-separated, e.g. http://127.0.0.1:2379.")
  List<URI> endpoints;

  @Option(
      names = "--lease-ttl",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Lifetime of this process's etcd leases (its registration) without renewal: a node that"
              + " stops renewing is taken for dead this long after its last renewal, and its shards"
              + " fail over to an in-sync follower. Default: ${DEFAULT-VALUE}.")
  long leaseTtlSeconds;
}
