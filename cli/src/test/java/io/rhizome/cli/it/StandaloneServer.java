/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone process on a fresh data directory and a free port, for a test class of its own;
 * closing it stops the process and deletes the data.
 */
final class StandaloneServer implements AutoCloseable {
  private final Path data;
  private final int port;
  private final RhizomeProcess process;

  private StandaloneServer(Path data, int port, RhizomeProcess process) {
    this.data = data;
    this.port = port;
    this.process = process;
  }

  /** Starts standalone (4 shards), logging to {@code target/it-logs/<name>}. */
  static StandaloneServer start(String name) throws IOException {
    return start(name, List.of());
  }

  /** Like {@link #start(String)} with more flags. */
  static StandaloneServer start(String name, List<String> flags) throws IOException {
    Path data = Files.createTempDirectory("rhizome-" + name + "-");
    int port = FreePort.pick();
    List<String> args =
        new ArrayList<>(
            List.of(
                "standalone",
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:" + port,
                "--shards",
                "4"));
    args.addAll(flags);
    RhizomeProcess process =
        RhizomeProcess.start(
                "standalone", Path.of("target", "it-logs", name), args.toArray(String[]::new))
            .awaitPort(port);
    return new StandaloneServer(data, port, process);
  }

  RhizomeProcess process() {
    return process;
  }

  Path data() {
    return data;
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
    Etcd.deleteRecursively(data);
  }
}
