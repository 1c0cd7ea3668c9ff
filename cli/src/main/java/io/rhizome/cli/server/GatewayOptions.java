/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.cli.HostPort;
import io.rhizome.gateway.ClientGuards;
import io.rhizome.gateway.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Flags of the Postgres endpoint, shared by {@code gateway} and {@code standalone}. */
public final class GatewayOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

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

  @Option(
      names = "--idle-session-timeout",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description =
          "Close sessions idle outside a transaction this long (57P05); 0 never does."
              + " Default: ${DEFAULT-VALUE}.")
  int idleSessionTimeoutSeconds;

  @Option(
      names = "--auth-failure-delay",
      defaultValue = "200",
      paramLabel = "MILLIS",
      description =
          "A failed password is answered this late, doubled for each recent failure of the same"
              + " source address or user name, up to 10 s (as Postgres' auth_delay); 0 turns it"
              + " off. Default: ${DEFAULT-VALUE}.")
  long authFailureDelayMillis;

  @Option(
      names = "--max-unauthenticated",
      defaultValue = "" + ClientGuards.DEFAULT_MAX_UNAUTHENTICATED,
      paramLabel = "N",
      description =
          "Connections that have not finished signing in, at once; more get 53300."
              + " Default: ${DEFAULT-VALUE}.")
  int maxUnauthenticated;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "PEM certificate chain (server certificate first) offered to clients that ask for TLS.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM private key of --tls-cert (PKCS#8, or PKCS#1 RSA), unencrypted.")
  Path tlsKey;

  @Option(
      names = "--tls-required",
      description = "Refuse clients that do not use TLS (FATAL 28000). Needs --tls-cert.")
  boolean tlsRequired;

  GatewayConfig config() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    if (tlsRequired && tlsCert == null) {
      throw new ParameterException(
          spec.commandLine(), "--tls-required needs --tls-cert and --tls-key");
    }
    if (idleSessionTimeoutSeconds < 0) {
      throw new ParameterException(
          spec.commandLine(), "--idle-session-timeout must not be negative");
    }
    if (authFailureDelayMillis < 0
        || authFailureDelayMillis > ClientGuards.MAX_AUTH_FAILURE_DELAY.toMillis()) {
      throw new ParameterException(
          spec.commandLine(),
          "--auth-failure-delay must be in 0.." + ClientGuards.MAX_AUTH_FAILURE_DELAY.toMillis());
    }
    if (maxUnauthenticated < 1) {
      throw new ParameterException(spec.commandLine(), "--max-unauthenticated must be positive");
    }
    GatewayConfig config =
        GatewayConfig.defaults(listen.toSocketAddress())
            .withGuards(
                new ClientGuards(
                    ClientGuards.DEFAULT_MAX_VALUE_BYTES,
                    Duration.ofMillis(authFailureDelayMillis),
                    maxUnauthenticated))
            .withAdminDatabase(adminDatabase)
            .withMaxConnections(maxConnections)
            .withMaxMessageSize(maxMessageSize)
            .withStartupTimeout(Duration.ofSeconds(startupTimeoutSeconds))
            .withIdleSessionTimeout(Duration.ofSeconds(idleSessionTimeoutSeconds));
    return tlsCert == null ? config : config.withTls(tlsCert, tlsKey, tlsRequired);
  }
}
