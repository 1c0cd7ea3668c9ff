/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Prometheus' own checker (Debian: the prometheus package), run on a scrape. */
final class Promtool {
  private Promtool() {}

  static String binary() {
    for (String p : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("promtool not found (Debian: apt-get install prometheus)");
  }

  /** {@code promtool check metrics} on the text of a scrape. */
  static Result checkMetrics(String scrape) {
    return Result.run(
        List.of(binary(), "check", "metrics"), Map.of(), scrape, Duration.ofSeconds(60));
  }
}
