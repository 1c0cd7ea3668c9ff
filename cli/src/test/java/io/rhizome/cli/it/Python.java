/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Python 3 with its packaged Postgres drivers (python3-psycopg2, python3-psycopg,
 * python3-sqlalchemy, python3-asyncpg; .ci/run installs them), running a client script of {@code
 * src/test/resources/clients}.
 */
final class Python {
  private static final Path INTERPRETER = Path.of("/usr/bin/python3");

  private Python() {}

  /** Runs {@code clients/<script>} with the arguments; fails if a module is missing. */
  static Result run(String script, String... args) {
    if (!Files.isExecutable(INTERPRETER)) {
      throw new IllegalStateException("/usr/bin/python3 is not installed; .ci/run installs it");
    }
    Path file;
    try (InputStream in = Python.class.getResourceAsStream("/clients/" + script)) {
      if (in == null) {
        throw new IllegalArgumentException("no client script " + script);
      }
      file = Files.createTempFile("rhizome-client-", ".py");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      List<String> cmd = new ArrayList<>(List.of(INTERPRETER.toString(), file.toString()));
      cmd.addAll(List.of(args));
      // A clean environment for Python: the distribution's own modules, not a user's.
      return Result.run(cmd, Map.of("PYTHONNOUSERSITE", "1"), "", Duration.ofSeconds(120));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temp file left behind
      }
    }
  }
}
