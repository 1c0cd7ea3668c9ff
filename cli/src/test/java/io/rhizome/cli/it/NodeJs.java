/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Node.js with the npm packages of {@code src/test/node} (node-postgres, Sequelize; pinned by its
 * package-lock), installed once into {@code target/node-clients} with {@code npm ci} from the npm
 * registry, running a client script of that folder. .ci/run installs Node.js and npm.
 */
final class NodeJs {
  private static final Path SOURCES = Path.of("src", "test", "node");
  private static final Path DIR = Path.of("target", "node-clients");
  private static final String INSTALLED_LOCK = "installed-package-lock.json";
  private static boolean installed;

  private NodeJs() {}

  /** Runs {@code src/test/node/<script>} with the arguments. */
  static Result run(String script, String... args) {
    install();
    List<String> cmd = new ArrayList<>(List.of("node", DIR.resolve(script).toString()));
    cmd.addAll(List.of(args));
    return Result.run(cmd, Map.of(), "", Duration.ofSeconds(120));
  }

  private static synchronized void install() {
    if (!installed) {
      try (ForkLock forks = ForkLock.acquire(Path.of("target", "node-clients.lock"))) {
        installOnce();
      }
    }
  }

  private static void installOnce() {
    try {
      Files.createDirectories(DIR);
      try (var files = Files.list(SOURCES)) {
        for (Path f : files.toList()) {
          Files.copy(f, DIR.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A copy of the lock last installed: a changed package-lock.json (a package added or
    // updated) installs again.
    Path installedLock = DIR.resolve(INSTALLED_LOCK);
    if (installed || sameLock(DIR.resolve("package-lock.json"), installedLock)) {
      installed = true;
      return;
    }
    Result r =
        Result.run(
            List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", DIR.toString()),
            Map.of(),
            "",
            Duration.ofMinutes(5));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "npm ci failed (is npm installed? .ci/run installs it): " + r);
    }
    try {
      Files.copy(
          DIR.resolve("package-lock.json"), installedLock, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    installed = true;
  }

  private static boolean sameLock(Path lock, Path installedLock) {
    try {
      return Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
