/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.AdminHttp.value;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoint, metrics, slow-statement log, JSON logs and SHOW TENANT STATS of a real
 * standalone process, driven with pgjdbc and ctl, checked with promtool.
 */
class OpsEndpointsIT {
  private static final String SECRET_VALUE = "bound-secret-4711";

  private static StandaloneServer server;
  private static AdminHttp admin;

  @BeforeAll
  static void start() throws Exception {
    int adminPort = FreePort.pick();
    server =
        StandaloneServer.start(
            "ops-endpoints",
            List.of(
                "--admin-listen",
                "127.0.0.1:" + adminPort,
                "--log-format",
                "json",
                "--log-slow-statements",
                "0"));
    admin = new AdminHttp(adminPort);
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.status("/readyz") == 200);
    Result created = RhizomeProcess.createTenant(server.port(), "acme", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Connection connect(String tenant) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", "pw");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + tenant, p);
  }

  @Test
  void livezAndReadyzAnswerWhileServingAndOtherPathsDoNot() throws Exception {
    assertEquals(200, admin.status("/livez"));
    assertEquals(200, admin.status("/readyz"));
    assertEquals(404, admin.status("/nothing-here"));
    assertTrue(
        admin.get("/metrics").headers().firstValue("Content-Type").orElse("").contains("0.0.4"));
  }

  @Test
  void metricsCountStatementsRowsAndErrorsAndPassPromtool() throws Exception {
    Map<String, Double> before = AdminHttp.samples(admin.metrics());
    try (Connection c = connect("acme");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS counted (v INTEGER)");
      s.execute("INSERT INTO counted VALUES (1), (2), (3)");
      try (ResultSet rs = s.executeQuery("SELECT v FROM counted")) {
        while (rs.next()) {
          // read them all
        }
      }
      try {
        s.executeQuery("SELECT * FROM no_such_table");
      } catch (SQLException expected) {
        assertEquals("42P01", expected.getSQLState());
      }
    }
    Map<String, Double> after = AdminHttp.samples(admin.metrics());
    assertTrue(
        delta(before, after, "rhizome_node_statements_total{kind=\"select\"}") >= 1, "selects");
    assertTrue(
        delta(before, after, "rhizome_node_statements_total{kind=\"insert\"}") >= 1, "inserts");
    assertTrue(delta(before, after, "rhizome_node_rows_sent_total") >= 3, "rows");
    assertTrue(delta(before, after, "rhizome_node_result_bytes_total") > 0, "bytes");
    assertTrue(
        delta(before, after, "rhizome_node_statement_errors_total{class=\"42\"}") >= 1, "errors");
    assertTrue(
        delta(before, after, "rhizome_node_requests_total{outcome=\"ok\"}") >= 3, "requests");
    assertTrue(
        delta(before, after, "rhizome_node_requests_total{outcome=\"error\"}") >= 1,
        "failed requests");
    assertTrue(
        delta(before, after, "rhizome_node_request_duration_seconds_count") >= 4, "timed requests");
    assertEquals(
        value(after, "rhizome_node_request_duration_seconds_count"),
        value(after, "rhizome_node_request_duration_seconds_bucket{le=\"+Inf\"}"),
        "the histogram's buckets hold every request");
    assertTrue(delta(before, after, "rhizome_gateway_sessions_opened_total") >= 1, "sessions");
    assertEquals(1.0, value(after, "rhizome_node_ready"));
    Result promtool = Promtool.checkMetrics(admin.metrics());
    assertEquals(0, promtool.exitCode(), promtool::toString);
  }

  @Test
  void seriesDoNotGrowWhenTwoHundredMoreTenantsAreUsed() throws Exception {
    useTenant("acme");
    Set<String> before = boundedSeries(admin.metrics());
    StringBuilder creates = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      creates.append("CREATE TENANT many").append(i).append(" USER app PASSWORD 'pw';\n");
    }
    Result created =
        Psql.script(
            server.port(), "rhizome", "admin", RhizomeProcess.ADMIN_PASSWORD, creates.toString());
    assertEquals(0, created.exitCode(), created::toString);
    for (int i = 0; i < 200; i++) {
      useTenant("many" + i);
    }
    Set<String> after = boundedSeries(admin.metrics());
    assertEquals(before, after, "the same series before and after 200 more tenants");
  }

  /** Every series of Rhizome's and gRPC's meters: those a tenant could make grow. */
  private static Set<String> boundedSeries(String scrape) {
    return AdminHttp.samples(scrape).keySet().stream()
        .filter(s -> s.startsWith("rhizome_") || s.startsWith("grpc_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void useTenant(String tenant) throws SQLException {
    try (Connection c = connect(tenant);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS t (v INTEGER)");
      s.execute("INSERT INTO t VALUES (1)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
      }
      try {
        s.executeQuery("SELECT * FROM missing");
      } catch (SQLException expected) {
        assertEquals("42P01", expected.getSQLState());
      }
    }
  }

  @Test
  void slowStatementLogIsJsonAndNeverHoldsBoundValues() throws Exception {
    try (Connection c = connect("acme");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS secrets (v TEXT)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets VALUES (?)")) {
        ps.setString(1, SECRET_VALUE);
        ps.executeUpdate();
      }
    }
    RhizomeProcess process = server.process();
    process.awaitLog("INSERT INTO secrets VALUES ($1)", Duration.ofSeconds(10));
    String log = process.logText();
    assertFalse(log.contains(SECRET_VALUE), "a bound value reached the log");
    ObjectMapper json = new ObjectMapper();
    JsonNode slow = null;
    for (String line : log.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line); // every line is one JSON object
      if ("io.rhizome.slow".equals(node.path("loggerName").asText())
          && node.path("formattedMessage").asText().contains("INSERT INTO secrets")) {
        slow = node;
      }
    }
    assertTrue(slow != null, "a JSON slow-statement line in\n" + log);
    String kv = slow.path("kvpList").toString();
    assertTrue(kv.contains("\"tenant\":\"acme\""), kv);
    assertTrue(kv.contains("\"user\":\"app\""), kv);
    assertTrue(kv.contains("duration_ms"), kv);
  }

  @Test
  void tenantTopShowsTheBusiestTenantFirst() throws Exception {
    Result created = RhizomeProcess.createTenant(server.port(), "busy", "app", "pw");
    assertEquals(0, created.exitCode(), created::toString);
    try (Connection c = connect("busy");
        Statement s = c.createStatement()) {
      for (int i = 0; i < 1000; i++) {
        s.execute("SELECT " + i);
      }
    }
    Result top =
        LocalCluster.ctl(
            server.port(), "--json", "tenant", "top", "--by", "statements", "--limit", "1");
    assertEquals(0, top.exitCode(), top::toString);
    JsonNode rows = new ObjectMapper().readTree(top.stdout());
    assertEquals(1, rows.size(), top::toString);
    assertEquals("busy", rows.get(0).path("tenant").asText());
    assertTrue(rows.get(0).path("statements").asLong() >= 1000, top::toString);
    assertTrue(rows.get(0).path("size_bytes").asLong() > 0, top::toString);
    Result bad = LocalCluster.ctl(server.port(), "tenant", "top", "--by", "nonsense");
    assertTrue(bad.exitCode() != 0 && bad.stderr().contains("orders by"), bad::toString);
  }

  @Test
  void grafanaDashboardUsesOnlyMetricsThatAreExported() throws Exception {
    // gRPC calls appear in the scrape once one has finished on each side: end a session first.
    useTenant("acme");
    await("finished gRPC calls in /metrics")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              String scrape = admin.metrics();
              return scrape.contains("grpc_server_processing_duration_seconds_count")
                  && scrape.contains("grpc_client_processing_duration_seconds_count");
            });
    Set<String> exported =
        AdminHttp.samples(admin.metrics()).keySet().stream()
            .map(s -> s.indexOf('{') < 0 ? s : s.substring(0, s.indexOf('{')))
            .collect(Collectors.toSet());
    Path dashboard = Path.of("..", "deploy", "grafana", "rhizome.json");
    JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard));
    List<String> exprs = root.findValues("expr").stream().map(JsonNode::asText).toList();
    assertTrue(exprs.size() >= 10, "the dashboard has panels: " + exprs.size());
    Pattern metric = Pattern.compile("\\b(?:rhizome|grpc|jvm|process|netty|system)_[a-z0-9_]+");
    Set<String> missing = new TreeSet<>();
    for (String expr : exprs) {
      Matcher m = metric.matcher(expr);
      while (m.find()) {
        if (!exported.contains(m.group())) {
          missing.add(m.group());
        }
      }
    }
    assertEquals(Set.of(), missing, "metrics the dashboard uses that /metrics does not export");
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String s) {
    assertTrue(after.containsKey(s), () -> s + " is exported");
    return value(after, s) - value(before, s);
  }
}
