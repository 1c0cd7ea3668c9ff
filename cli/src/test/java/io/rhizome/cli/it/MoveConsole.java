/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
  void awaitCancelled(String id) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      try {
        execute("CANCEL MOVE '" + id + "'");
      } catch (SQLException e) {
        // 55000 once it is cancelled (or too late): the phase below tells which.
      }
      for (Map<String, String> move : rows("SHOW MOVES")) {
        if (id.equals(move.get("id")) && "cancelled".equals(move.get("phase"))) {
          return;
        }
        if (id.equals(move.get("id")) && "done".equals(move.get("phase"))) {
          fail("move " + id + " finished instead of being cancelled");
        }
      }
      Thread.sleep(200);
    }
    fail("move " + id + " was not cancelled");
  }

  /** Waits until move {@code id} is done; fails if it is cancelled or takes too long. */
  void awaitDone(String id) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    Map<String, String> last = null;
    while (System.currentTimeMillis() < deadline) {
      for (Map<String, String> move : rows("SHOW MOVES")) {
        if (id.equals(move.get("id"))) {
          last = move;
        }
      }
      if (last != null && "done".equals(last.get("phase"))) {
        return;
      }
      if (last != null && "cancelled".equals(last.get("phase"))) {
        fail("move " + id + " was cancelled: " + last);
      }
      Thread.sleep(100);
    }
    fail("move " + id + " did not finish: " + last);
  }

  void awaitNodes(String... ids) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      List<String> live = rows("SHOW NODES").stream().map(r -> r.get("id")).toList();
      if (live.containsAll(List.of(ids))) {
        return;
      }
      Thread.sleep(100);
    }
    fail("nodes " + List.of(ids) + " did not all register");
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
