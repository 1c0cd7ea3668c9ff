/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL 15 server for tests that compare Rhizome with the real thing: {@code
 * initdb} into a temporary directory, started on a free loopback port with trust authentication.
 * The server binaries come from {@code PGBIN} or {@code /usr/lib/postgresql/15/bin} (Debian's
 * postgresql-15, which .ci/run installs). Postgres refuses to run as root: as root the server runs
 * as the {@code postgres} user (through runuser). There is no silent skip: without the binaries,
 * {@link #start()} fails and says how to get them.
 */
public final class Postgres implements AutoCloseable {
  private static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path bin;
  private final Path dir;
  private final int port;

  private Postgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** Creates and starts a cluster with superuser {@code postgres}. */
  public static Postgres start() {
    String env = System.getenv("PGBIN");
    Path bin = env == null || env.isBlank() ? DEFAULT_BIN : Path.of(env);
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException(
          "No PostgreSQL 15 server binaries in "
              + bin
              + ": install them (Debian: apt-get install -y postgresql-15) or set PGBIN");
    }
    try {
      Path dir = Files.createTempDirectory("rhizome-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      int port = FreePort.pick();
      Postgres pg = new Postgres(bin, dir, port);
      pg.run(
          bin.resolve("initdb").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-A",
          "trust",
          "-U",
          "postgres",
          "-E",
          "UTF8",
          "--locale=C");
      pg.run(
          bin.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-w",
          "-t",
          "60",
          "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
          "start");
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** A JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Runs a command as the server's owner, failing on a non-zero exit. */
  private void run(String... command) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Override
  public void close() {
    try {
      run(
          bin.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    } finally {
      Etcd.deleteRecursively(dir);
    }
  }
}
