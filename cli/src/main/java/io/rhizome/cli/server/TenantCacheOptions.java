/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.topology.Topologies;
import picocli.CommandLine.Option;

/** How many tenant records a server keeps in memory (the rest are read on demand). */
public final class TenantCacheOptions {
  @Option(
      names = "--tenant-cache-size",
      paramLabel = "N",
      defaultValue = "" + Topologies.DEFAULT_TENANT_CACHE,
      description =
          "Tenant records (users and verifiers included, a few hundred bytes each) this process"
              + " keeps in memory; others are read from the metadata store when a session opens."
              + " Default: ${DEFAULT-VALUE}.")
  long tenantCacheSize;
}
