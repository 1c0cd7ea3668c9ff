/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster of real processes for one fault test: an etcd, nodes and gateways started from the
 * shaded jar, each of which the test may kill, freeze or restart. Closing it stops everything and
 * deletes the data.
 */
final class LocalCluster implements AutoCloseable {
  private final Path logs;
  private final Etcd etcd;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  LocalCluster(String name) {
    this.logs = Path.of("target", "it-logs", name);
    this.etcd = Etcd.start();
    running.add(etcd);
  }

  Etcd etcd() {
    return etcd;
  }

  /** A new data directory, deleted on close. */
  Path dataDir(String id) throws IOException {
    Path data = Files.createTempDirectory("rhizome-" + id + "-");
    dirs.add(data);
    return data;
  }

  /** Starts node {@code id} (16 shards for a cluster it creates) on its data and port. */
  RhizomeProcess node(String id, Path data, int port) {
    return node(id, data, port, Map.of());
  }

  /** Like {@link #node(String, Path, int)} with more environment variables for the process. */
  RhizomeProcess node(String id, Path data, int port, Map<String, String> env) {
    return node(id, data, port, env, List.of());
  }

  /** Like {@link #node(String, Path, int)} with more flags. */
  RhizomeProcess node(String id, Path data, int port, List<String> flags) {
    return node(id, data, port, Map.of(), flags);
  }

  /** Like {@link #node(String, Path, int)} with more environment variables and flags. */
  RhizomeProcess node(String id, Path data, int port, Map<String, String> env, List<String> flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--etcd",
                etcd.endpointsFlag(),
                "--id",
                id,
                "--listen",
                "127.0.0.1:" + port,
                "--data",
                data.toString(),
                "--shards",
                "16"));
    args.addAll(flags);
    return started(
        RhizomeProcess.start(id, logs, List.of(), env, args.toArray(String[]::new))
            .awaitPort(port));
  }

  RhizomeProcess gateway(String name, int port) {
    return gateway(name, port, List.of());
  }

  /** Starts a gateway with more flags. */
  RhizomeProcess gateway(String name, int port, List<String> flags) {
    List<String> args =
        new ArrayList<>(
            List.of("gateway", "--etcd", etcd.endpointsFlag(), "--listen", "127.0.0.1:" + port));
    args.addAll(flags);
    return started(RhizomeProcess.start(name, logs, args.toArray(String[]::new)).awaitPort(port));
  }

  private RhizomeProcess started(RhizomeProcess process) {
    synchronized (running) {
      running.add(process);
    }
    return process;
  }

  /** Runs {@code ctl} against the gateway on {@code port} as the cluster admin. */
  static Result ctl(int port, String... args) {
    List<String> all = new ArrayList<>(List.of("ctl", "--server", "127.0.0.1:" + port));
    all.addAll(List.of(args));
    return RhizomeProcess.run(
        Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
        null,
        all.toArray(String[]::new));
  }

  /**
   * Creates tenants (user "app", password "pw") through the console of the gateway on {@code port}
   * until one has landed on each of {@code nodes}; returns them in the order of {@code nodes}.
   */
  static List<String> tenantsOn(int port, String... nodes) throws SQLException {
    String[] found = new String[nodes.length];
    try (MoveConsole console = new MoveConsole(port)) {
      for (int i = 0; i < 40 && Arrays.asList(found).contains(null); i++) {
        String t = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        console.createTenant(t, "app", "pw");
        int at = List.of(nodes).indexOf(console.rows("SHOW PLACEMENT " + t).get(0).get("node"));
        if (at >= 0 && found[at] == null) {
          found[at] = t;
        }
      }
    }
    assertTrue(!Arrays.asList(found).contains(null), "tenants landed on every node");
    return List.of(found);
  }

  /** A field of the first object in ctl's JSON output. */
  static String field(Result r, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(r.stdout());
    assertTrue(m.find(), () -> name + " in " + r);
    return m.group(1);
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> all;
    synchronized (running) {
      all = new ArrayList<>(running);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).close();
    }
    dirs.forEach(Etcd::deleteRecursively);
  }
}
