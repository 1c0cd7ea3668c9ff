/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real psql client, run as a process. */
final class Psql {
  private Psql() {}

  static Path binary() {
    for (String p : List.of("/usr/bin/psql", "/usr/local/bin/psql")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException(
        "psql is not installed (Debian: apt-get install -y postgresql-client); .ci/run installs it");
  }

  /**
   * Runs {@code psql -X -At -v ON_ERROR_STOP=1} with the given script on stdin. Output is
   * unaligned, tuples only: one line per row, columns separated by '|'.
   */
  static Result script(int port, String db, String user, String password, String sql) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.addAll(
        List.of(
            "-X",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            "" + port,
            "-U",
            user,
            "-d",
            db));
    return Result.run(
        cmd,
        Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "10"),
        sql,
        Duration.ofSeconds(60));
  }
}
