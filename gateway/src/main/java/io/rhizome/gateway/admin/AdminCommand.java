/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import java.util.Map;
import java.util.Set;

/** A parsed admin console statement. */
sealed interface AdminCommand {

  /**
   * SHOW TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n]: one page of tenants in name order (at most
   * {@code limit}; the default keeps an answer small however many tenants exist).
   */
  record ShowTenants(String prefix, String after, int limit) implements AdminCommand {
    static final int DEFAULT_LIMIT = 1000;

    ShowTenants() {
      this("", "", DEFAULT_LIMIT);
    }
  }

  /**
   * EXPORT TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n]: one page of tenants (LIMIT counts
   * tenants), one row per user and stored secret, in the form IMPORT TENANTS takes back.
   */
  record ExportTenants(String prefix, String after, int limit) implements AdminCommand {}

  /** One row of IMPORT TENANTS, as given (checked when it runs, row by row). */
  record ImportRow(String tenant, String user, String password) {
    @Override
    public String toString() {
      return "ImportRow[tenant=" + tenant + ", user=" + user + ", password=<hidden>]";
    }
  }

  /**
   * IMPORT TENANTS VALUES ('tenant', 'user', 'password'), ...: creates the tenants that do not
   * exist and adds the users they lack, in few metadata transactions; answers one row per input row
   * with what happened to it. A password may be cleartext, a SCRAM-SHA-256 verifier or an md5
   * secret as Postgres stores them.
   */
  record ImportTenants(java.util.List<ImportRow> rows) implements AdminCommand {}

  record ShowNodes() implements AdminCommand {}

  record ShowShards() implements AdminCommand {}

  /** SHOW PLACEMENT name: where a tenant lives, from the cached map alone. */
  record ShowPlacement(String name) implements AdminCommand {}

  /** SHOW STATUS: one row of cluster health. */
  record ShowStatus() implements AdminCommand {}

  /**
   * SHOW SESSIONS [FOR TENANT name]: the client sessions of every live node; tenant empty for all.
   */
  record ShowSessions(String tenant) implements AdminCommand {}

  /**
   * SHOW TENANT STATS [ORDER BY figure] [LIMIT n]: the busiest tenants of the cluster by one figure
   * ({@link TenantStatsViews#ORDERS}), like pg_stat_statements' top-N.
   */
  record ShowTenantStats(String order, int limit) implements AdminCommand {}

  /** SHOW TENANT name: placement, size on disk and open sessions of one tenant. */
  record ShowTenant(String name) implements AdminCommand {}

  /**
   * CREATE TENANT name USER user PASSWORD 'password' [WITH OWN SHARD [ON NODE 'node']]: ownShard
   * puts the tenant alone on a private shard, on {@code node} when it is not empty.
   */
  record CreateTenant(String name, String user, String password, boolean ownShard, String node)
      implements AdminCommand {
    /** On the shard the name hashes to. */
    CreateTenant(String name, String user, String password) {
      this(name, user, password, false, "");
    }

    @Override
    public String toString() {
      return "CreateTenant[name="
          + name
          + ", user="
          + user
          + ", password=<hidden>, ownShard="
          + ownShard
          + ", node="
          + node
          + "]";
    }
  }

  /**
   * DROP TENANT name [FORCE]: refused while the tenant has open sessions, unless FORCE, which ends
   * them.
   */
  record DropTenant(String name, boolean force) implements AdminCommand {}

  /** SHOW LIMITS name. */
  record ShowLimits(String name) implements AdminCommand {}

  /**
   * ALTER TENANT name SET limit = value [, ...] | ALTER TENANT name RESET limit [, ...] | RESET
   * ALL.
   */
  record AlterLimits(String name, Map<TenantLimit, Long> set, Set<TenantLimit> reset)
      implements AdminCommand {}

  /**
   * CREATE USER user IN TENANT tenant PASSWORD 'password' (create) or ALTER USER user IN TENANT
   * tenant PASSWORD 'password' (not create: the user must exist).
   */
  record SetUserPassword(String tenant, String user, String password, boolean create)
      implements AdminCommand {
    @Override
    public String toString() {
      return "SetUserPassword[tenant="
          + tenant
          + ", user="
          + user
          + ", create="
          + create
          + ", password=<hidden>]";
    }
  }

  /** BACKUP TENANT name TO STDOUT: the tenant's database file, as a binary COPY to the client. */
  record BackupTenant(String name) implements AdminCommand {}

  /**
   * RESTORE TENANT name FROM STDIN [FORCE]: replaces the tenant's database with the file the client
   * copies in; refused while the tenant has open sessions, unless FORCE, which ends them.
   */
  record RestoreTenant(String name, boolean force) implements AdminCommand {}

  /**
   * RESTORE TENANT name AT 'timestamp' [FORCE]: the tenant's database as it was at that moment,
   * rebuilt from the cluster's archive by its primary (docs/replication.md).
   */
  record RestoreTenantAt(String name, long atUnixMs, boolean force) implements AdminCommand {}

  /** SHOW MOVES: every shard's current or last move. */
  record ShowMoves() implements AdminCommand {}

  /** MOVE SHARD n TO 'node': records a move for the destination node to carry out. */
  record MoveShard(int shard, String toNode) implements AdminCommand {}

  /**
   * MOVE TENANT name TO 'node': moves the tenant's shard, which only that tenant may use (moving
   * one tenant out of a shared shard is not built).
   */
  record MoveTenant(String name, String toNode) implements AdminCommand {}

  /**
   * PROMOTE SHARD n TO 'node': a planned handover of the shard to its in-sync follower {@code
   * toNode} (docs/replication.md).
   */
  record PromoteShard(int shard, String toNode) implements AdminCommand {}

  /** CANCEL MOVE 'id'. */
  record CancelMove(String id) implements AdminCommand {}

  /**
   * DRAIN NODE 'id' (marks it draining and moves its shards away) or UNDRAIN NODE 'id' (lets it
   * take shards again; moves already started go on).
   */
  record DrainNode(String nodeId, boolean drain) implements AdminCommand {}

  /** REBALANCE [DRY RUN]: even out shard counts over the live nodes that are not draining. */
  record Rebalance(boolean dryRun) implements AdminCommand {}
}
