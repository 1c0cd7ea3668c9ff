/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JVM options of the processes the ITs start from the shaded jar. The suite starts a few
 * hundred of them (every {@code ctl} call is one) on a 2-core machine, so their start-up is a good
 * part of its time; these options cut it without changing what the processes do:
 *
 * <ul>
 *   <li>Class data sharing (AppCDS, JDK 13+): the jar's classes are parsed and verified once, by a
 *       training run of a standalone server and a {@code ctl} call against it that dumps them to
 *       two archives under {@code target/it-cds/} (named by the jar's size and time, so a rebuilt
 *       jar gets new ones), and every later process maps them instead (about 0.6 s of CPU less per
 *       server start here). Only class loading changes: the same classes from the same jar run. A
 *       process whose archive cannot be used (or a failed training run, which leaves none) loads
 *       its classes as usual; the JVM's CDS messages are off so that nothing is added to the output
 *       the tests read.
 *   <li>Every process runs with the client compiler only ({@code -XX:TieredStopAtLevel=1}). They
 *       live for a second ({@code ctl}) to a few minutes, too short for C2 to pay off on a 2-core
 *       host: half a minute into ReplicationFailoverIT its compile threads still took 45% of the
 *       nodes' CPU, and with C1 alone that test ran in 110 s instead of 180. Only the compiler of
 *       the same bytecode changes. Production's tiered compilation is what bench/ measures, and the
 *       unit tests run under it.
 * </ul>
 */
final class ProcessJvm {
  private static final Path DIR = Path.of("target", "it-cds");
  private static final Duration TRAINING_LIMIT = Duration.ofSeconds(120);
  private static final List<String> BASE =
      List.of("-Xlog:cds=off,cds+dynamic=off", "-XX:TieredStopAtLevel=1");

  private static Archives archives;

  private ProcessJvm() {}

  /** The JVM options of a long-running process (node, gateway, standalone). */
  static List<String> server(Path jar) {
    List<String> options = new ArrayList<>(BASE);
    archives(jar).server().ifPresent(a -> options.add("-XX:SharedArchiveFile=" + a));
    return options;
  }

  /** The JVM options of a {@code ctl} call or another command that runs to completion. */
  static List<String> command(Path jar) {
    List<String> options = new ArrayList<>(BASE);
    archives(jar).command().ifPresent(a -> options.add("-XX:SharedArchiveFile=" + a));
    return options;
  }

  private record Archives(Optional<Path> server, Optional<Path> command) {}

  private static synchronized Archives archives(Path jar) {
    if (archives == null) {
      archives = prepare(jar);
    }
    return archives;
  }

  /** The archives of this jar: found from an earlier run, or made now by a training run. */
  private static Archives prepare(Path jar) {
    try (ForkLock forks = ForkLock.acquire(DIR.resolve("training.lock"))) {
      String key = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
      Path server = DIR.resolve("server-" + key + ".jsa");
      Path command = DIR.resolve("ctl-" + key + ".jsa");
      if (!Files.isRegularFile(server) || !Files.isRegularFile(command)) {
        deleteArchives(); // of earlier builds of the jar: 30 MB each, never used again
        train(jar, server, command);
      }
      return new Archives(present(server), present(command));
    } catch (IOException | RuntimeException e) {
      System.err.println("class data archives not made, processes load classes as usual: " + e);
      return new Archives(Optional.empty(), Optional.empty());
    }
  }

  private static void deleteArchives() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".jsa")).toList()) {
        Files.delete(f);
      }
    }
  }

  private static Optional<Path> present(Path archive) {
    return Files.isRegularFile(archive) ? Optional.of(archive.toAbsolutePath()) : Optional.empty();
  }

  /**
   * A standalone server started with {@code -XX:ArchiveClassesAtExit} (the archive is written when
   * it exits on SIGTERM), and one {@code ctl status} against it, likewise.
   */
  private static void train(Path jar, Path server, Path command) throws IOException {
    Path data = Files.createTempDirectory("rhizome-cds-training-");
    Path log = DIR.resolve("training.log");
    int port = FreePort.pick();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder standaloneCommand =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:ArchiveClassesAtExit=" + server,
                "-Xlog:cds=off,cds+dynamic=off",
                "-jar",
                jar.toString(),
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    standaloneCommand.environment().put("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD);
    Process standalone = standaloneCommand.start();
    try {
      awaitPort(standalone, port);
      Result status =
          Result.run(
              List.of(
                  java,
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:ArchiveClassesAtExit=" + command,
                  "-Xlog:cds=off,cds+dynamic=off",
                  "-jar",
                  jar.toString(),
                  "ctl",
                  "--server",
                  "127.0.0.1:" + port,
                  "status"),
              Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
              null,
              TRAINING_LIMIT);
      Files.writeString(log, status.toString(), StandardOpenOption.APPEND);
    } finally {
      standalone.destroy();
      try {
        if (!standalone.waitFor(TRAINING_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
          standalone.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        standalone.destroyForcibly();
      }
      Etcd.deleteRecursively(data);
    }
  }

  private static void awaitPort(Process process, int port) {
    long deadline = System.nanoTime() + TRAINING_LIMIT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 250);
        return;
      } catch (IOException notYet) {
        try {
          process.waitFor(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new UncheckedIOException(
        new IOException("the training server did not listen on " + port));
  }
}
