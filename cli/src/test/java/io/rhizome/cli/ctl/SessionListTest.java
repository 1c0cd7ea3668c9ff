/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHOW SESSIONS end to end, in one process: a real node and a real gateway on the embedded
 * topology, pgjdbc tenant sessions, and the console client ctl uses.
 */
@Timeout(60)
class SessionListTest {
  private static final String ADMIN_PASSWORD = "admin-pw";
  private static final String BOUND_SECRET = "s3cret-bound-value";

  @TempDir Path data;

  private Topology topology;
  private NodeServer node;
  private NodeChannels channels;
  private GatewayServer gateway;
  private final List<Connection> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    topology =
        Topologies.embedded(
            data,
            new ClusterBootstrap(
                "test",
                8,
                () ->
                    UserCredentials.forPassword(
                        "admin", ADMIN_PASSWORD, AuthMethod.AUTH_SCRAM_SHA_256)));
    String name = "session-list-" + UUID.randomUUID();
    node =
        NodeServer.start(
            NodeConfig.of("n1", data, "inprocess:" + name),
            topology,
            InProcessServerBuilder.forName(name));
    channels = NodeChannels.create();
    gateway =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), topology, channels);
    try (ConsoleClient console = console()) {
      console.execute("CREATE TENANT acme USER app PASSWORD 'secret'");
      console.execute("CREATE TENANT globex USER app PASSWORD 'secret'");
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Connection c : open) {
      c.close();
    }
    gateway.close();
    channels.close();
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

  private Connection tenant(String database, String application) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "secret");
    p.setProperty("ApplicationName", application);
    // Else pgjdbc sets application_name with a SET after startup, which the node never sees.
    p.setProperty("assumeMinServerVersion", "9.0");
    Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + gateway.boundAddress().getPort() + "/" + database, p);
    open.add(c);
    return c;
  }

  private static List<String> row(ResultTable table, String column, String value) {
    int at = table.columns().indexOf(column);
    return table.rows().stream()
        .filter(r -> value.equals(r.get(at)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row with " + column + " = " + value));
  }

  private static String get(ResultTable table, List<String> row, String column) {
    return row.get(table.columns().indexOf(column));
  }

  @Test
  void listsTheClustersSessionsWithWhatEachIsDoingButNoBoundValues() throws Exception {
    Connection worker = tenant("acme", "worker-1");
    worker.setAutoCommit(false);
    try (PreparedStatement ps = worker.prepareStatement("select ? as v")) {
      ps.setString(1, BOUND_SECRET);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
      }
    }
    Connection report = tenant("globex", "report");
    try (Statement st = report.createStatement()) {
      st.execute("create table t (x integer)");
    }

    ResultTable all;
    ResultTable acme;
    try (ConsoleClient console = console()) {
      all = console.execute("SHOW SESSIONS");
      acme = console.execute("SHOW SESSIONS FOR TENANT acme");
    }

    assertEquals(
        List.of(
            "node",
            "tenant",
            "user",
            "client_address",
            "application_name",
            "gateway",
            "state",
            "backend_start",
            "state_change",
            "query",
            "backend_pid"),
        all.columns());
    assertEquals(2, all.rows().size(), String.valueOf(all.rows()));
    List<String> w = row(all, "application_name", "worker-1");
    assertEquals("n1", get(all, w, "node"));
    assertEquals("acme", get(all, w, "tenant"));
    assertEquals("app", get(all, w, "user"));
    assertTrue(
        get(all, w, "client_address").startsWith("127.0.0.1:"), get(all, w, "client_address"));
    assertEquals("127.0.0.1:" + gateway.boundAddress().getPort(), get(all, w, "gateway"));
    assertEquals("idle in transaction", get(all, w, "state"));
    assertEquals("select $1 as v", get(all, w, "query"));
    Instant started = Instant.parse(get(all, w, "backend_start"));
    assertFalse(Instant.parse(get(all, w, "state_change")).isBefore(started));
    assertTrue(Integer.parseInt(get(all, w, "backend_pid")) > 0);

    List<String> r = row(all, "application_name", "report");
    assertEquals("globex", get(all, r, "tenant"));
    assertEquals("idle", get(all, r, "state"));
    assertEquals("create table t (x integer)", get(all, r, "query"));
    assertEquals(
        List.of("acme", "globex"),
        all.rows().stream().map(x -> get(all, x, "tenant")).toList(),
        "sorted by node, tenant, start");

    assertEquals(1, acme.rows().size());
    assertEquals("acme", get(acme, acme.rows().get(0), "tenant"));

    StringWriter json = new StringWriter();
    new JsonPrinter().printRows(all, new PrintWriter(json, true));
    assertTrue(json.toString().contains("\"application_name\":\"worker-1\""), json.toString());
    assertFalse(json.toString().contains(BOUND_SECRET), "a bound value leaked");

    worker.commit();
    try (ConsoleClient console = console()) {
      ResultTable after = console.execute("SHOW SESSIONS FOR TENANT acme");
      assertEquals("idle", get(after, after.rows().get(0), "state"));
    }
  }

  @Test
  void sessionListRefusesAnInvalidTenantBeforeConnecting() {
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int exit = cl.execute("ctl", "session", "list", "--tenant", "Not Valid", "--server", "h:1");
    assertEquals(1, exit);
    assertTrue(err.toString().contains("invalid tenant name"), err.toString());
    assertTrue(
        Main.commandLine()
            .getSubcommands()
            .get("ctl")
            .getSubcommands()
            .get("session")
            .getSubcommands()
            .containsKey("list"));
  }
}
