/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real etcd for tests. Resolution order: the {@code ETCD_ENDPOINTS} environment variable (an etcd
 * someone else runs), else a local {@code etcd} binary started on free loopback ports with a
 * temporary data dir. There is no silent skip: with neither, {@link #start()} fails and says how to
 * get one.
 *
 * <p>Each test should use its own cluster name so tests sharing an external etcd do not collide.
 */
public final class Etcd implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> endpoints;
  private final Path dataDir;
  private final ProcessBuilder command;
  private final int clientPort;
  private Process process;

  private Etcd(
      List<URI> endpoints, Process process, Path dataDir, ProcessBuilder command, int clientPort) {
    this.endpoints = endpoints;
    this.process = process;
    this.dataDir = dataDir;
    this.command = command;
    this.clientPort = clientPort;
  }

  /** Starts (or attaches to) an etcd. */
  public static Etcd start() {
    String external = System.getenv("ETCD_ENDPOINTS");
    if (external != null && !external.isBlank()) {
      List<URI> uris = Stream.of(external.split(",")).map(String::trim).map(URI::create).toList();
      return new Etcd(uris, null, null, null, 0);
    }
    Path binary =
        findBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No etcd for integration tests: set ETCD_ENDPOINTS, or install etcd"
                            + " (Debian: apt-get install -y etcd-server). No Docker engine"
                            + " runs here, so there is no container fallback."));
    return startLocal(binary, "http", List.of());
  }

  /** The client endpoints, e.g. {@code http://127.0.0.1:23790}. */
  public List<URI> endpoints() {
    return endpoints;
  }

  /** Endpoints joined by commas, as the {@code --etcd} flag takes them. */
  public String endpointsFlag() {
    return String.join(",", endpoints.stream().map(URI::toString).toList());
  }

  /** Whether this fixture owns the process (and so can stop and restart it). */
  public boolean isLocal() {
    return process != null;
  }

  /**
   * Starts a local etcd (never an external one) whose client URL is {@code https://} with {@code
   * tlsFlags} (its certificate, key, trusted CA, {@code --client-cert-auth}); see {@link
   * SecureEtcd}.
   */
  static Etcd startLocalTls(List<String> tlsFlags) {
    Path binary =
        findBinary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No etcd binary for a TLS test (Debian: apt-get install -y etcd-server)"));
    return startLocal(binary, "https", tlsFlags);
  }

  private static Optional<Path> findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "etcd");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    Path debian = Path.of("/usr/bin/etcd");
    return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
  }

  private static Etcd startLocal(Path binary, String clientScheme, List<String> extraFlags) {
    try {
      Path dataDir = Files.createTempDirectory("rhizome-etcd-");
      int clientPort = FreePort.pick();
      int peerPort = FreePort.pick();
      String client = clientScheme + "://127.0.0.1:" + clientPort;
      String peer = "http://127.0.0.1:" + peerPort;
      Path log = dataDir.resolve("etcd.log");
      List<String> args =
          new ArrayList<>(
              List.of(
                  binary.toString(),
                  "--name",
                  "test",
                  "--data-dir",
                  dataDir.resolve("data").toString(),
                  "--listen-client-urls",
                  client,
                  "--advertise-client-urls",
                  client,
                  "--listen-peer-urls",
                  peer,
                  "--initial-advertise-peer-urls",
                  peer,
                  "--initial-cluster",
                  "test=" + peer,
                  "--logger",
                  "zap",
                  "--log-outputs",
                  "stderr"));
      args.addAll(extraFlags);
      ProcessBuilder command =
          new ProcessBuilder(args)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Etcd etcd =
          new Etcd(List.of(URI.create(client)), command.start(), dataDir, command, clientPort);
      etcd.awaitListening(clientPort, log);
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start etcd", e);
    }
  }

  private void awaitListening(int port, Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited at start:\n" + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // not listening yet: poll again after a short wait on the process
      }
      try {
        process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd", e);
      }
    }
    close();
    throw new IllegalStateException("etcd did not listen within " + START_TIMEOUT);
  }

  /**
   * Stops the etcd process (SIGKILL, as a crash or a lost host would), keeping its data, so that
   * {@link #restart()} brings the same cluster back on the same address.
   */
  public void stop() {
    requireLocal();
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping etcd", e);
    }
  }

  /** Starts etcd again after {@link #stop()}, on the same data and address. */
  public void restart() {
    requireLocal();
    try {
      process = command.start();
      awaitListening(clientPort, dataDir.resolve("etcd.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart etcd", e);
    }
  }

  private void requireLocal() {
    if (process == null) {
      throw new IllegalStateException(
          "etcd at ETCD_ENDPOINTS belongs to someone else: it cannot be stopped by a test");
    }
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dataDir);
  }

  /** Deletes a directory tree, best effort (test cleanup only). */
  public static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
