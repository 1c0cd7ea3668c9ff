/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.cli.HostPort;
import io.rhizome.gateway.GatewayConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of the Postgres endpoint, shared by {@code gateway} and {@code standalone}. */
public final class GatewayOptions {
  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:5432",
      paramLabel = "HOST:PORT",
      description = "Postgres protocol listen address. Default: ${DEFAULT-VALUE}.")
  HostPort listen;

  @Option(
      names = "--admin-database",
      defaultValue = GatewayConfig.DEFAULT_ADMIN_DATABASE,
      description = "Database name of the admin console (reserved). Default: ${DEFAULT-VALUE}.")
  String adminDatabase;

  @Option(
      names = "--max-connections",
      defaultValue = "" + GatewayConfig.DEFAULT_MAX_CONNECTIONS,
      description = "Client connections served at once; more get 53300. Default: ${DEFAULT-VALUE}.")
  int maxConnections;

  @Option(
      names = "--max-message-size",
      defaultValue = "" + GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE,
      paramLabel = "BYTES",
      description =
          "Largest client message accepted (at most 1 GiB); larger ones get 08P01 and a close."
              + " Default: ${DEFAULT-VALUE}.")
  int maxMessageSize;

  @Option(
      names = "--startup-timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "Seconds a client may take to sign in before it is closed. Default: ${DEFAULT-VALUE}.")
  int startupTimeoutSeconds;

  GatewayConfig config() {
    return GatewayConfig.defaults(listen.toSocketAddress())
        .withAdminDatabase(adminDatabase)
        .withMaxConnections(maxConnections)
        .withMaxMessageSize(maxMessageSize)
        .withStartupTimeout(Duration.ofSeconds(startupTimeoutSeconds));
  }
}
