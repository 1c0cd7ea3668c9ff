/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A real GatewayServer over {@link TwoNodes}, with tenant acme (user app, password secret) made
 * through its console, and pgjdbc connections to it: the clients' side of the shard-move tests.
 */
final class TwoNodesGateway implements AutoCloseable {
  final TwoNodes nodes;
  private final GatewayServer gateway;

  TwoNodesGateway(Path dir) throws Exception {
    nodes = new TwoNodes(dir);
    gateway =
        GatewayServer.start(
            GatewayConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
            nodes.topology,
            nodes.channels);
    try (Connection admin = connect("rhizome", "admin", TwoNodes.ADMIN_PASSWORD, "simple");
        Statement st = admin.createStatement()) {
      st.execute("CREATE TENANT acme USER app PASSWORD 'secret'");
    }
  }

  /** A connection that prepares statements server-side from their first run (extended mode). */
  Connection connect(String database, String user, String password, String queryMode)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("preferQueryMode", queryMode);
    p.setProperty("prepareThreshold", "1");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    InetSocketAddress a = gateway.boundAddress();
    return DriverManager.getConnection(
        "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + database, p);
  }

  @Override
  public void close() {
    gateway.close();
    nodes.close();
  }
}
