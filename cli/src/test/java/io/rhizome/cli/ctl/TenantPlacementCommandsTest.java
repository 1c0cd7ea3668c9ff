/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.inprocess.InProcessServerBuilder;
import io.rhizome.cli.HostPort;
import io.rhizome.cli.Main;
import io.rhizome.gateway.GatewayConfig;
import io.rhizome.gateway.GatewayServer;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.auth.UserCredentials;
import io.rhizome.node.NodeConfig;
import io.rhizome.node.NodeServer;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctl tenant create --own-shard [--node]} and {@code ctl tenant move}: their command line,
 * and the statements they send run by the console client against a real node and gateway on the
 * embedded topology (a second node is only registered: no mover runs, moves stay copying).
 */
@Timeout(60)
class TenantPlacementCommandsTest {
  private static final String ADMIN_PASSWORD = "admin-pw";
  private static final int SHARDS = 8;

  @TempDir Path data;

  private Topology topology;
  private NodeServer node;
  private NodeRegistration n2;
  private NodeChannels channels;
  private GatewayServer gateway;

  private record Outcome(int exit, String out, String err) {}

  private static Outcome ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("ctl"));
    all.addAll(List.of(args));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Outcome(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void start() throws Exception {
    topology =
        Topologies.embedded(
            data,
            new ClusterBootstrap(
                "test",
                SHARDS,
                () ->
                    UserCredentials.forPassword(
                        "admin", ADMIN_PASSWORD, AuthMethod.AUTH_SCRAM_SHA_256)));
    String name = "tenant-placement-" + UUID.randomUUID();
    node =
        NodeServer.start(
            NodeConfig.of("n1", data, "inprocess:" + name),
            topology,
            InProcessServerBuilder.forName(name));
    n2 =
        topology.registerNode(
            NodeRecord.newBuilder()
                .setId("n2")
                .setAddress("inprocess:nowhere")
                .setState(NodeState.NODE_UP)
                .build());
    channels = NodeChannels.create();
    gateway =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), topology, channels);
  }

  @AfterEach
  void stop() {
    gateway.close();
    channels.close();
    n2.close();
    node.close();
    topology.close();
  }

  private ConsoleClient console() throws CtlException {
    return ConsoleClient.connect(
        new HostPort("127.0.0.1", gateway.boundAddress().getPort()),
        "rhizome",
        "admin",
        ADMIN_PASSWORD,
        10);
  }

  private static String only(ResultTable table, String column) {
    assertEquals(1, table.rows().size(), String.valueOf(table.rows()));
    return table.rows().get(0).get(table.columns().indexOf(column));
  }

  @Test
  void createWithOwnShardOnANodeThenMoveTheTenant() throws Exception {
    try (ConsoleClient console = console()) {
      ResultTable created =
          console.execute(TenantCommand.Create.statement("solo", "app", "it's", true, "n1"));
      assertEquals(String.valueOf(SHARDS), only(created, "shard"));
      assertEquals("n1", only(created, "node"));

      ResultTable moved = console.execute(TenantCommand.Move.statement("solo", "n2"));
      assertEquals(String.valueOf(SHARDS), only(moved, "shard"));
      assertEquals("n1", only(moved, "from"));
      assertEquals("n2", only(moved, "to"));
      assertEquals("copying", only(moved, "phase"));
    }
  }

  @Test
  void createWithoutOwnShardStaysOnTheHashedShard() throws Exception {
    try (ConsoleClient console = console()) {
      ResultTable created =
          console.execute(TenantCommand.Create.statement("acme", "app", "pw", false, null));
      assertEquals(String.valueOf(topology.shardOf("acme")), only(created, "shard"));
    }
  }

  @Test
  void moveOfATenantSharingItsShardGivesItItsOwnShardAndMovesThat() throws Exception {
    List<String> names = new ArrayList<>(List.of("s0"));
    for (int i = 1; names.size() < 2; i++) {
      if (topology.shardOf("s" + i) == topology.shardOf("s0")) {
        names.add("s" + i);
      }
    }
    try (ConsoleClient console = console()) {
      for (String n : names) {
        console.execute(TenantCommand.Create.statement(n, "app", "pw", false, null));
      }
      // Both on n1, the node with a server here: it renames s0's file to the private shard.
      ResultTable moved = console.execute(TenantCommand.Move.statement("s0", "n2"));
      assertEquals(String.valueOf(SHARDS), only(moved, "shard"));
      assertEquals("n1", only(moved, "from"));
      assertEquals("n2", only(moved, "to"));
      assertEquals(SHARDS, topology.tenant("s0").orElseThrow().getShard());
      assertEquals(topology.shardOf("s0"), topology.tenant(names.get(1)).orElseThrow().getShard());
    }
  }

  @Test
  void nodeWithoutOwnShardIsAUsageError() {
    Outcome o = ctl("tenant", "create", "acme", "--password-stdin", "--node", "n1");
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("--own-shard"), o.err());
  }

  @Test
  void tenantMoveNeedsItsDestination() {
    Outcome o = ctl("tenant", "move", "acme");
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("--to"), o.err());
  }

  @Test
  void helpExplainsOwnShardAndMove() {
    String create = ctl("tenant", "create", "--help").out();
    assertTrue(create.contains("--own-shard"), create);
    assertTrue(create.contains("--node"), create);
    assertTrue(ctl("tenant", "move", "--help").out().contains("ctl shard move"));
    assertTrue(ctl("tenant", "--help").out().contains("move"));
  }
}
