/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A replicated cluster of real processes (docs/replication.md): an etcd, three nodes created with
 * replication factor 2 and a short lease (so a dead primary is replaced within seconds), and two
 * gateways. Each node may be killed, frozen, wiped and restarted on its port; each has a crash file
 * (the {@code RHIZOME_REPLICA_CRASH_FILE} testing knob) the test may arm.
 */
final class ReplicaCluster implements AutoCloseable {
  static final int LEASE_TTL_SECONDS = 3;

  /**
   * How long a follower's node may be gone before its primary replaces it. A test that restarts a
   * node at once must have it back (a JVM start, seconds even on a loaded machine) well within the
   * lease plus this, or the node comes back to no shard at all; a test that loses a node waits this
   * long for the factor to be restored.
   */
  static final int REPLACE_AFTER_SECONDS = 15;

  static final List<String> NODES = List.of("n1", "n2", "n3");

  /**
   * SHOW SHARDS' followers column for one connected follower that the map names in sync. Under
   * steady writes the primary may count it a few tenants behind (frames in flight), which is still
   * in sync; "(not connected)" is not.
   */
  static final String IN_SYNC_FOLLOWER = "n\\d in sync( \\(\\d+ tenants behind\\))?";

  private final LocalCluster cluster;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Path> data = new HashMap<>();
  private final Map<String, Path> crashFiles = new HashMap<>();
  private final Map<String, RhizomeProcess> nodes = new ConcurrentHashMap<>();
  private final List<Integer> gateways = new ArrayList<>();
  private final Path scratch;

  ReplicaCluster(String name) throws Exception {
    cluster = new LocalCluster(name);
    scratch = cluster.dataDir("scratch");
    for (String id : NODES) {
      ports.put(id, FreePort.pick());
      data.put(id, cluster.dataDir(id));
      crashFiles.put(id, scratch.resolve(id + ".crash"));
    }
    for (int i = 0; i < 2; i++) {
      gateways.add(FreePort.pick());
    }
    // The first node creates the cluster; the other processes start side by side after it.
    ExecutorService starters = Executors.newCachedThreadPool();
    try {
      start(NODES.get(0));
      List<CompletableFuture<?>> starting = new ArrayList<>();
      for (String id : NODES.subList(1, NODES.size())) {
        starting.add(CompletableFuture.runAsync(() -> start(id), starters));
      }
      for (int i = 0; i < gateways.size(); i++) {
        String gateway = "gateway" + (i + 1);
        int port = gateways.get(i);
        starting.add(
            CompletableFuture.runAsync(
                () ->
                    cluster.gateway(gateway, port, List.of("--lease-ttl", "" + LEASE_TTL_SECONDS)),
                starters));
      }
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      cluster.close(); // whatever did start
      throw e;
    } finally {
      starters.shutdown();
    }
  }

  Etcd etcd() {
    return cluster.etcd();
  }

  List<Integer> gateways() {
    return gateways;
  }

  Path scratch() {
    return scratch;
  }

  /** Starts (or restarts) node {@code id} on its data directory and port. */
  void start(String id) {
    nodes.put(
        id,
        cluster.node(
            id,
            data.get(id),
            ports.get(id),
            Map.of("RHIZOME_REPLICA_CRASH_FILE", crashFiles.get(id).toString()),
            List.of(
                "--replication-factor",
                "2",
                "--lease-ttl",
                "" + LEASE_TTL_SECONDS,
                "--replica-ack-timeout",
                "1500",
                "--replica-replace-after",
                "" + REPLACE_AFTER_SECONDS)));
  }

  RhizomeProcess node(String id) {
    return nodes.get(id);
  }

  /** SIGKILL, then the data directory deleted: the node and its disk are lost. */
  void killAndWipe(String id) throws Exception {
    nodes.get(id).kill();
    Etcd.deleteRecursively(data.get(id));
    Files.createDirectories(data.get(id));
  }

  /** Makes node {@code id} halt the next time it reaches {@code point}. */
  void arm(String id, String point) throws Exception {
    Files.writeString(crashFiles.get(id), point);
  }

  /**
   * Creates {@code count} tenants (user app, password pw) through the first gateway's console: one
   * connection, not a ctl process (a JVM start) per tenant.
   */
  List<String> createTenants(int count) throws SQLException {
    List<String> names = new ArrayList<>();
    try (MoveConsole console = console()) {
      for (int i = 0; i < count; i++) {
        String t = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<Map<String, String>> created =
            console.rows("CREATE TENANT " + t + " USER app PASSWORD 'pw'");
        assertEquals(1, created.size(), "CREATE TENANT " + t);
        names.add(t);
      }
    }
    return names;
  }

  MoveConsole console() throws SQLException {
    return new MoveConsole(gateways.get(0));
  }

  /** SHOW SHARDS, each row by column. */
  List<Map<String, String>> shards() throws SQLException {
    try (MoveConsole console = console()) {
      return console.rows("SHOW SHARDS");
    }
  }

  /** The primary of {@code shard}, from SHOW SHARDS. */
  String shardPrimary(int shard) throws SQLException {
    for (Map<String, String> row : shards()) {
      if (Integer.parseInt(row.get("shard")) == shard) {
        return row.get("node");
      }
    }
    throw new AssertionError("no shard " + shard);
  }

  /** The shard of a tenant and its primary, from SHOW PLACEMENT. */
  Map<String, String> placement(String tenant) throws SQLException {
    try (MoveConsole console = console()) {
      return console.rows("SHOW PLACEMENT " + tenant).get(0);
    }
  }

  /**
   * Waits until every shard has one follower in sync on a live node other than its primary, with
   * the primary live: the factor is restored.
   */
  void awaitFullyReplicated(Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              List<String> live;
              try (MoveConsole console = console()) {
                live =
                    console.rows("SHOW NODES").stream()
                        .filter(n -> n.get("state").equals("up"))
                        .map(n -> n.get("id"))
                        .toList();
              }
              for (Map<String, String> shard : shards()) {
                String followers = shard.get("followers");
                assertTrue(
                    followers.matches(IN_SYNC_FOLLOWER)
                        && live.contains(followers.substring(0, 2))
                        && live.contains(shard.get("node")),
                    "shard " + shard.get("shard") + " is not fully replicated: " + shard);
              }
            });
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
