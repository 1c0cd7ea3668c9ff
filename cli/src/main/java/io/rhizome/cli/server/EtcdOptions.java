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
}
