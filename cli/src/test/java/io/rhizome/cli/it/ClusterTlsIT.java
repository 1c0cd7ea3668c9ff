/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import io.rhizome.testkit.Http2Probe;
import io.rhizome.testkit.SecureEtcd;
import io.rhizome.testkit.TestCertificates;
import io.rhizome.testkit.TestCertificates.Authority;
import io.rhizome.testkit.TestCertificates.Identity;
import io.rhizome.tls.ClusterRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The locked-down cluster of docs/security.md, as real processes: an etcd that takes clients over
 * TLS only, each with a certificate its CA signed, with authentication on and each Rhizome user's
 * role limited to the cluster's key prefix; two nodes and a gateway on mutual TLS with {@code
 * --cluster-tls-required}. The nodes sign in to etcd by their certificate, the gateway by user name
 * and password. psql works through the gateway, a shard moves from node to node (the destination
 * pulls it from the source over mutual TLS), and a node's port, probed below gRPC with the JDK's
 * own TLS client, serves a peer the cluster CA signed and nobody else. The cluster keeps two copies
 * of every shard (three nodes, replication factor 2): primaries stream their commits to their
 * followers over mutual TLS, and the console's SHOW SHARDS and PROMOTE SHARD reach the nodes'
 * replication service as a gateway.
 */
class ClusterTlsIT {
  private static final Path LOGS = Path.of("target", "it-logs", "cluster-tls");
  private static final String CLUSTER_PREFIX = "/rhizome/default/";

  private static Path dir;
  private static SecureEtcd etcd;
  private static Authority cluster;
  private static Authority foreign;
  private static int n1Port;
  private static int gatewayPort;
  private static final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("rhizome-cluster-tls-");
    etcd = SecureEtcd.start(dir.resolve("etcd-pki"));
    running.add(etcd);
    etcd.grantPrefix("rhizome-node", "not-used-nodes-sign-in-by-certificate", CLUSTER_PREFIX);
    etcd.grantPrefix("rhizome-gateway", "gateway-etcd-secret", CLUSTER_PREFIX);
    cluster = TestCertificates.authority(dir.resolve("cluster-pki"), "cluster");
    foreign = TestCertificates.authority(dir.resolve("foreign-pki"), "foreign");

    n1Port = FreePort.pick();
    node("n1", n1Port);
    node("n2", FreePort.pick());
    node("n3", FreePort.pick());
    gatewayPort = FreePort.pick();
    Path password = dir.resolve("gateway-etcd-password");
    Files.writeString(password, "gateway-etcd-secret\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    Identity etcdClient = etcd.clientCertificate("gateway-etcd", "gateway-host");
    Identity member = cluster.member("gateway", ClusterRole.GATEWAY.uri());
    List<String> args = new ArrayList<>(List.of("gateway", "--listen", "127.0.0.1:" + gatewayPort));
    args.addAll(etcdFlags(etcdClient));
    args.addAll(List.of("--etcd-user", "rhizome-gateway", "--etcd-password-file", "" + password));
    args.addAll(clusterFlags(member));
    started(
        RhizomeProcess.start("gateway", LOGS, args.toArray(String[]::new)).awaitPort(gatewayPort));
  }

  private static void node(String id, int port) throws Exception {
    Path data = dir.resolve("data-" + id);
    Identity etcdClient = etcd.clientCertificate(id + "-etcd", "rhizome-node");
    Identity member = cluster.member(id, ClusterRole.NODE.uri());
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--id",
                id,
                "--listen",
                "127.0.0.1:" + port,
                "--data",
                data.toString(),
                "--shards",
                "16",
                "--replication-factor",
                "2"));
    args.addAll(etcdFlags(etcdClient));
    args.addAll(clusterFlags(member));
    started(RhizomeProcess.start(id, LOGS, args.toArray(String[]::new)).awaitPort(port))
        .awaitLog("(cluster mutual TLS)", Duration.ofSeconds(60));
  }

  private static List<String> etcdFlags(Identity client) {
    return List.of(
        "--etcd",
        etcd.endpointsFlag(),
        "--etcd-ca",
        etcd.caCert().toString(),
        "--etcd-cert",
        client.cert().toString(),
        "--etcd-key",
        client.key().toString());
  }

  private static List<String> clusterFlags(Identity member) {
    return List.of(
        "--cluster-tls-ca",
        cluster.caCert().toString(),
        "--cluster-tls-cert",
        member.cert().toString(),
        "--cluster-tls-key",
        member.key().toString(),
        "--cluster-tls-required");
  }

  private static RhizomeProcess started(RhizomeProcess process) {
    running.add(process);
    return process;
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    Etcd.deleteRecursively(dir);
  }

  @Test
  void psqlRoundTripsThroughTheGatewayAndAShardMovesBetweenNodes() throws Exception {
    Result created = RhizomeProcess.createTenant(gatewayPort, "acme", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
    Result written =
        Psql.script(
            gatewayPort,
            "acme",
            "app",
            "pw",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO items (name) VALUES ('apple'), ('pear');\n"
                + "SELECT name FROM items ORDER BY id;\n");
    assertEquals(0, written.exitCode(), written::toString);
    assertTrue(written.stdout().endsWith("apple\npear\n"), written::toString);

    try (MoveConsole console = new MoveConsole(gatewayPort)) {
      console.awaitNodes("n1", "n2", "n3");
      int shard = shardOf(console, "acme");
      String from = console.owner(shard);
      String follower = shardRow(console, shard).get("followers").substring(0, 2);
      // The node that holds no copy yet: the move copies the files to it.
      String to =
          List.of("n1", "n2", "n3").stream()
              .filter(n -> !n.equals(from) && !n.equals(follower))
              .findFirst()
              .orElseThrow();
      console.awaitDone(console.moveShard(shard, to));
      assertEquals(to, console.owner(shard));
      assertNotEquals(from, console.tenantNode("acme"));
    }
    Result read = Psql.script(gatewayPort, "acme", "app", "pw", "SELECT count(*) FROM items;\n");
    assertEquals(0, read.exitCode(), read::toString);
    assertEquals("2\n", read.stdout(), read::toString);
  }

  @Test
  void aFollowerStaysInSyncOverMutualTlsAndTakesOverInAPlannedHandover() throws Exception {
    Result created = RhizomeProcess.createTenant(gatewayPort, "globex", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
    Result written =
        Psql.script(
            gatewayPort,
            "globex",
            "app",
            "pw",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER);\n"
                + "INSERT INTO orders (total) VALUES (10), (20), (30);\n");
    assertEquals(0, written.exitCode(), written::toString);

    try (MoveConsole console = new MoveConsole(gatewayPort)) {
      int shard = shardOf(console, "globex");
      String primary = console.owner(shard);
      // The primary answers SHOW SHARDS (ReplicaStatus) with its follower connected and current:
      // the commits above went to it over mutual TLS.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                Map<String, String> row = shardRow(console, shard);
                assertTrue(
                    row.get("followers").matches("n\\d in sync")
                        && "0".equals(row.get("lag_bytes")),
                    row::toString);
              });
      String follower = shardRow(console, shard).get("followers").substring(0, 2);

      console.execute("PROMOTE SHARD " + shard + " TO '" + follower + "'");

      assertEquals(follower, console.owner(shard));
      assertNotEquals(primary, console.tenantNode("globex"));
    }
    Result read =
        Psql.script(gatewayPort, "globex", "app", "pw", "SELECT sum(total) FROM orders;\n");
    assertEquals(0, read.exitCode(), read::toString);
    assertEquals("60\n", read.stdout(), read::toString);
  }

  private static int shardOf(MoveConsole console, String tenant) throws Exception {
    return console.rows("SHOW TENANTS").stream()
        .filter(r -> tenant.equals(r.get("name")))
        .map(r -> Integer.parseInt(r.get("shard")))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> shardRow(MoveConsole console, int shard) throws Exception {
    return console.rows("SHOW SHARDS").stream()
        .filter(r -> Integer.parseInt(r.get("shard")) == shard)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aNodesPortServesOnlyPeersTheClusterCaSigned() {
    assertRefused(Http2Probe.plaintext(n1Port), "plaintext");
    assertRefused(Http2Probe.tls(n1Port, cluster.caCert(), null), "TLS without a certificate");
    assertRefused(
        Http2Probe.tls(n1Port, cluster.caCert(), foreign.member("f-gw", ClusterRole.GATEWAY.uri())),
        "a gateway certificate from another CA");
    assertRefused(
        Http2Probe.tls(n1Port, cluster.caCert(), foreign.member("f-node", ClusterRole.NODE.uri())),
        "a node certificate from another CA");
    assertRefused(
        Http2Probe.tls(n1Port, cluster.caCert(), cluster.member("no-role", null)),
        "a certificate of the cluster CA that names no role");

    for (ClusterRole role : ClusterRole.values()) {
      Http2Probe.Answer answer =
          Http2Probe.tls(n1Port, cluster.caCert(), cluster.member("probe-" + role, role.uri()));
      assertTrue(answer.served(), () -> role + " certificate: " + answer.detail());
      assertEquals(ClusterRole.NODE.uri(), roleUri(answer), "the node presents its own role");
    }
  }

  private static String roleUri(Http2Probe.Answer answer) {
    return ClusterRole.of(answer.serverCertificate()).map(ClusterRole::uri).orElse("none");
  }

  private static void assertRefused(Http2Probe.Answer answer, String what) {
    assertFalse(answer.served(), () -> what + " was served: " + answer.detail());
  }

  @Test
  void aNodeThatRequiresClusterTlsRefusesToStartWithoutIt() throws Exception {
    int port = FreePort.pick();
    RhizomeProcess plain =
        started(
            RhizomeProcess.start(
                "plain-node",
                LOGS,
                "node",
                "--id",
                "n9",
                "--listen",
                "127.0.0.1:" + port,
                "--data",
                dir.resolve("data-n9").toString(),
                "--etcd",
                etcd.endpointsFlag(),
                "--cluster-tls-required"));
    OptionalInt exit = plain.awaitExit(Duration.ofSeconds(60));
    assertEquals(OptionalInt.of(2), exit, plain::logText);
    assertTrue(plain.logText().contains("--cluster-tls-required"), plain::logText);
    assertFalse(Files.exists(dir.resolve("data-n9")), "nothing started");
  }

  @Test
  void etcdRefusesAClientWithoutACertificate() throws Exception {
    int port = FreePort.pick();
    Identity member = cluster.member("n8", ClusterRole.NODE.uri());
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--id",
                "n8",
                "--listen",
                "127.0.0.1:" + port,
                "--data",
                dir.resolve("data-n8").toString(),
                "--etcd",
                etcd.endpointsFlag(),
                "--etcd-ca",
                etcd.caCert().toString()));
    args.addAll(clusterFlags(member));
    RhizomeProcess uncertified =
        started(RhizomeProcess.start("node-without-etcd-cert", LOGS, args.toArray(String[]::new)));
    OptionalInt exit = uncertified.awaitExit(Duration.ofSeconds(90));
    assertEquals(OptionalInt.of(1), exit, uncertified::logText);
    assertTrue(uncertified.logText().contains("error: etcd"), uncertified::logText);
  }
}
