/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import io.rhizome.cli.HostPort;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Flags every server shares for running it in production: health, metrics, logs, shutdown. */
public final class OpsOptions {
  /** How log lines are written. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--admin-listen",
      paramLabel = "[HOST:]PORT",
      description =
          "Serve /livez, /readyz and /metrics (Prometheus) over HTTP here; off unless given. A"
              + " port alone binds 127.0.0.1.")
  String adminListen;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, how long open transactions and running statements may take to finish"
              + " before their sessions are ended (57P01). Default: ${DEFAULT-VALUE}.")
  int shutdownGraceSeconds;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text, or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat;

  /** The admin endpoint's address, or null when it is off. */
  HostPort adminAddress() {
    if (adminListen == null) {
      return null;
    }
    try {
      return adminListen.indexOf(':') < 0
          ? new HostPort("127.0.0.1", Integer.parseInt(adminListen))
          : HostPort.parse(adminListen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--admin-listen: " + e.getMessage());
    }
  }

  Duration shutdownGrace() {
    if (shutdownGraceSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--shutdown-grace must not be negative");
    }
    return Duration.ofSeconds(shutdownGraceSeconds);
  }
}
