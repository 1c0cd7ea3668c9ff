/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.rhizome.gateway.admin.AdminDatabase;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.DatabaseResolver;
import io.rhizome.gateway.pg.session.ResolvedDatabase;
import io.rhizome.gateway.pg.session.SessionOrigin;
import io.rhizome.gateway.route.NodeWarmups;
import io.rhizome.gateway.route.ShardRefreshes;
import io.rhizome.gateway.route.TenantDatabase;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Which database a startup packet names: the admin console's reserved name, or a tenant.
 *
 * <p>An unknown tenant is reported (3D000) right after the startup packet, before authentication:
 * with no tenant there are no users to authenticate, and clients expect "database does not exist"
 * for a mistyped name. This tells an unauthenticated client whether a tenant name exists, as
 * Postgres' own error for an unknown database does after any authentication.
 */
final class Databases implements DatabaseResolver {
  private static final int MAX_ECHO = 64;

  private final Topology topology;
  private final NodeChannels channels;
  private final String adminDatabase;
  private final Executor blocking;
  private final ShardRefreshes refreshes;
  private final Supplier<String> gatewayId;
  private final NodeWarmups warmups = new NodeWarmups(NodeWarmups.MAX_IN_FLIGHT);

  /**
   * @param gatewayId this gateway's id (its listen address) that tenant sessions carry to their
   *     node, for the session list
   */
  Databases(
      Topology topology,
      NodeChannels channels,
      String adminDatabase,
      Executor blocking,
      Supplier<String> gatewayId) {
    this.topology = topology;
    this.gatewayId = gatewayId;
    this.channels = channels;
    this.adminDatabase = adminDatabase;
    this.blocking = blocking;
    this.refreshes = new ShardRefreshes(topology::refreshShard, blocking);
  }

  @Override
  public ResolvedDatabase resolve(String database, String user) {
    return resolve(database, user, SessionOrigin.UNKNOWN);
  }

  @Override
  public ResolvedDatabase resolve(String database, String user, SessionOrigin origin) {
    try {
      if (database.equals(adminDatabase)) {
        if (!AdminDatabase.ADMIN_USER.equals(user)) {
          // Tenant users have no password here to check: the console is the cluster admin's.
          throw PgException.fatal(
              SqlState.INSUFFICIENT_PRIVILEGE,
              "permission denied for database \""
                  + adminDatabase
                  + "\": only the cluster admin may use the admin console");
        }
        return new AdminDatabase(topology.adminUser(), topology, channels, adminDatabase, blocking);
      }
      Optional<TenantRecord> tenant =
          TenantNames.isValid(database) ? topology.tenant(database) : Optional.empty();
      if (tenant.isEmpty()) {
        throw PgException.fatal(
            SqlState.INVALID_CATALOG_NAME, "database \"" + echo(database) + "\" does not exist");
      }
      return new TenantDatabase(
          tenant.get(),
          user,
          origin.through(gatewayId.get()),
          topology,
          channels,
          refreshes,
          TenantDatabase.ROUTE_WINDOW,
          warmups);
    } catch (TopologyException e) {
      throw PgException.fatal(
          SqlState.CANNOT_CONNECT_NOW, "the cluster metadata is unavailable: " + e.getMessage());
    }
  }

  private static String echo(String name) {
    return name.length() > MAX_ECHO ? name.substring(0, MAX_ECHO) + "..." : name;
  }
}
