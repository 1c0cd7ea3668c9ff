/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What an import did so far: counts per outcome, progress and the closing summary. */
final class ImportTally {
  private long rows;
  private long tenantsCreated;
  private long usersAdded;
  private long existing;
  private long invalid;

  /** Tenants whose creation was counted, so a tenant of several rows counts once. */
  private final Set<String> createdInBatch = new HashSet<>();

  /** One answered row: outcome created | added | exists | invalid (with the server's reason). */
  void row(long line, String tenant, String outcome, String detail, PrintWriter err) {
    rows++;
    switch (outcome) {
      case "created" -> {
        if (createdInBatch.add(tenant)) {
          tenantsCreated++;
        }
      }
      case "added" -> usersAdded++;
      case "exists" -> existing++;
      default -> {
        rows--;
        invalid(line, "tenant " + tenant + ": " + detail, err);
      }
    }
    if (createdInBatch.size() > 100_000) {
      createdInBatch.clear(); // only neighbouring rows share a tenant
    }
  }

  /** A row that could not be imported; the reason never quotes its password. */
  void invalid(long line, String reason, PrintWriter err) {
    rows++;
    invalid++;
    err.println("line " + line + ": not imported: " + reason);
  }

  long invalidRows() {
    return invalid;
  }

  void progress(long startedNanos, PrintWriter err) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    err.printf(
        Locale.ROOT,
        "\r%d rows, %d tenants created (%.0f tenants/s)   ",
        rows,
        tenantsCreated,
        seconds > 0 ? tenantsCreated / seconds : 0);
    err.flush();
  }

  ResultTable summary(long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    return new ResultTable(
        List.of(
            "rows",
            "tenants_created",
            "users_added",
            "existing",
            "invalid",
            "seconds",
            "tenants_per_second"),
        List.of(true, true, true, true, true, true, true),
        List.of(
            List.of(
                Long.toString(rows),
                Long.toString(tenantsCreated),
                Long.toString(usersAdded),
                Long.toString(existing),
                Long.toString(invalid),
                String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%.0f", seconds > 0 ? tenantsCreated / seconds : 0))));
  }
}
