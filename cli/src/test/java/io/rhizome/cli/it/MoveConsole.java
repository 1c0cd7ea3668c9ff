/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.core.ConditionFactory;

/** The admin console over pgjdbc, with the move verbs a test needs. */
final class MoveConsole implements AutoCloseable {
  private static final long WAIT_MILLIS = 120_000;

  private final Connection connection;

  MoveConsole(int gatewayPort) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "admin");
    p.setProperty("password", RhizomeProcess.ADMIN_PASSWORD);
    p.setProperty("connectTimeout", "10");
    p.setProperty("preferQueryMode", "simple");
    connection =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gatewayPort + "/rhizome", p);
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Creates tenant {@code name} with its first user, the console statement {@code ctl tenant
   * create} sends, and checks the answer: one row naming the tenant. A test whose subject is not
   * {@code ctl} creates its tenants here, over one connection, instead of starting a ctl JVM for
   * each.
   */
  void createTenant(String name, String user, String password) throws SQLException {
    List<Map<String, String>> created =
        rows(
            "CREATE TENANT "
                + name
                + " USER "
                + user
                + " PASSWORD '"
                + password.replace("'", "''")
                + "'");
    assertEquals(1, created.size(), () -> "CREATE TENANT " + name + ": " + created);
    assertEquals(name, created.get(0).get("name"), created::toString);
  }

  /** Creates {@code names} through the console of the gateway (or server) on {@code port}. */
  static void createTenants(int port, String user, String password, List<String> names)
      throws SQLException {
    try (MoveConsole console = new MoveConsole(port)) {
      for (String name : names) {
        console.createTenant(name, user, password);
      }
    }
  }

  /** The rows of a statement, each column by name. */
  List<Map<String, String>> rows(String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The move ids a statement answers (MOVE SHARD, REBALANCE, DRAIN NODE). */
  List<String> ids(String sql) throws SQLException {
    return rows(sql).stream().map(r -> r.get("id")).toList();
  }

  String moveShard(int shard, String to) throws SQLException {
    List<String> ids = ids("MOVE SHARD " + shard + " TO '" + to + "'");
    assertEquals(1, ids.size(), "one move started");
    return ids.get(0);
  }

  /**
   * Cancels move {@code id} and waits until it is cancelled: a frozen move whose mover is gone
   * needs a second cancel once the freeze's lease has run out.
   */
  void awaitCancelled(String id) {
    String phase =
        patiently()
            .until(
                () -> {
                  try {
                    execute("CANCEL MOVE '" + id + "'");
                  } catch (SQLException e) {
                    // 55000 once it is cancelled (or too late): the phase tells which.
                  }
                  return phase(id);
                },
                p -> "cancelled".equals(p) || "done".equals(p));
    assertEquals("cancelled", phase, "move " + id + " finished instead of being cancelled");
  }

  /** Waits until move {@code id} is done; fails if it is cancelled or takes too long. */
  void awaitDone(String id) {
    String phase =
        patiently().until(() -> phase(id), p -> "done".equals(p) || "cancelled".equals(p));
    assertEquals("done", phase, () -> "move " + id + " was cancelled");
  }

  void awaitNodes(String... ids) {
    patiently()
        .until(
            () -> rows("SHOW NODES").stream().map(r -> r.get("id")).toList(),
            live -> live.containsAll(List.of(ids)));
  }

  /** The phase SHOW MOVES gives move {@code id}, or null while it is not listed. */
  private String phase(String id) throws SQLException {
    for (Map<String, String> move : rows("SHOW MOVES")) {
      if (id.equals(move.get("id"))) {
        return move.get("phase");
      }
    }
    return null;
  }

  private static ConditionFactory patiently() {
    return await().atMost(Duration.ofMillis(WAIT_MILLIS)).pollInterval(Duration.ofMillis(100));
  }

  String owner(int shard) throws SQLException {
    for (Map<String, String> row : rows("SHOW SHARDS")) {
      if (Integer.parseInt(row.get("shard")) == shard) {
        return row.get("node");
      }
    }
    throw new AssertionError("shard " + shard + " has no owner");
  }

  int shardsOn(String node) throws SQLException {
    return (int) rows("SHOW SHARDS").stream().filter(r -> node.equals(r.get("node"))).count();
  }

  /** The node that serves {@code tenant} now. */
  String tenantNode(String tenant) throws SQLException {
    for (Map<String, String> row : rows("SHOW TENANTS")) {
      if (tenant.equals(row.get("name"))) {
        return owner(Integer.parseInt(row.get("shard")));
      }
    }
    throw new AssertionError("no tenant " + tenant);
  }

  /** The shards that hold tenants, in order. */
  List<Integer> tenantShards() throws SQLException {
    return rows("SHOW TENANTS").stream()
        .map(r -> Integer.parseInt(r.get("shard")))
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
