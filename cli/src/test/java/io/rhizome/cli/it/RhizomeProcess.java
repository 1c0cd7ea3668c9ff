/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** One {@code java -jar rhizome.jar ...} process, its output in a log file. */
final class RhizomeProcess implements AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-secret-for-tests";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Process process;
  private final Path log;

  private RhizomeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** The shaded jar under test (failsafe passes its path; it is built in `package`). */
  static Path jar() {
    String p = System.getProperty("rhizome.jar");
    if (p == null) {
      throw new IllegalStateException("run through Maven failsafe: -Drhizome.jar is not set");
    }
    Path jar = Path.of(p);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: run `mvn package` first");
    }
    return jar;
  }

  /** Starts {@code rhizome <args>} with the admin password in its environment. */
  static RhizomeProcess start(String name, Path logDir, String... args) {
    return start(name, logDir, List.of(), args);
  }

  /**
   * Starts {@code rhizome <args>} with {@code extraJars} after the rhizome jar on the class path
   * (plug-ins such as custom SQL functions), the admin password in its environment.
   */
  static RhizomeProcess start(String name, Path logDir, List<Path> extraJars, String... args) {
    return start(name, logDir, extraJars, Map.of(), args);
  }

  /** Like {@link #start(String, Path, List, String...)} with more environment variables. */
  static RhizomeProcess start(
      String name, Path logDir, List<Path> extraJars, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(ProcessJvm.server(jar()));
    if (extraJars.isEmpty()) {
      command.add("-jar");
      command.add(jar().toString());
    } else {
      List<String> classPath = new ArrayList<>(List.of(jar().toString()));
      extraJars.forEach(j -> classPath.add(j.toString()));
      command.add("-cp");
      command.add(String.join(java.io.File.pathSeparator, classPath));
      command.add("io.rhizome.cli.Main");
    }
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("RHIZOME_ADMIN_PASSWORD", ADMIN_PASSWORD);
      pb.environment().putAll(env);
      return new RhizomeProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code rhizome <args>} to completion, feeding {@code stdin}. */
  static Result run(Map<String, String> env, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ProcessJvm.command(jar()));
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return Result.run(command, env, stdin, Duration.ofSeconds(60));
  }

  /**
   * Creates a tenant and its first user through {@code ctl} against the gateway on {@code port}.
   */
  static Result createTenant(int port, String tenant, String user, String password) {
    return run(
        Map.of("RHIZOME_ADMIN_PASSWORD", ADMIN_PASSWORD),
        password + "\n",
        "ctl",
        "--server",
        "127.0.0.1:" + port,
        "tenant",
        "create",
        tenant,
        "--user",
        user,
        "--password-stdin");
  }

  /** Waits until the process accepts TCP connections on {@code port}. */
  RhizomeProcess awaitPort(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early:\n" + logText());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 250);
        return this;
      } catch (IOException notYet) {
        // Not listening yet: wait briefly for the process (returns early if it exits).
        waitForExit(Duration.ofMillis(50));
      }
    }
    throw new IllegalStateException(name + " did not listen on " + port + ":\n" + logText());
  }

  /** Waits at most {@code limit} for the process to exit; its exit code, or empty if it runs on. */
  java.util.OptionalInt awaitExit(Duration limit) {
    return waitForExit(limit)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** Waits until the process's log holds a line containing {@code needle}. */
  void awaitLog(String needle, Duration timeout) {
    Awaitility.await(name + " logging \"" + needle + "\" (see " + log + ")")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(log) && Files.readString(log).contains(needle));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /**
   * SIGSTOP: the process stays alive and its sockets open, but answers nothing, as a node stuck in
   * a long pause or behind a slow network would.
   */
  void freeze() {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    Result r =
        Result.run(
            List.of("kill", "-" + name, Long.toString(process.pid())),
            Map.of(),
            null,
            Duration.ofSeconds(10));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("kill -" + name + " failed: " + r);
    }
  }

  /** SIGTERM, without waiting: the process shuts down gracefully. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: the process gets no chance to clean up. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  private boolean waitForExit(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, then SIGKILL if it does not stop in time. */
  @Override
  public void close() {
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(20))) {
      kill();
    }
  }
}
