/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.auth.UserCredentials;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.Column;
import io.rhizome.proto.DropTenantRequest;
import io.rhizome.proto.Error;
import io.rhizome.proto.NodeAdminGrpc;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Ready;
import io.rhizome.proto.RelocateTenantRequest;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantInfoRequest;
import io.rhizome.proto.TenantInfoResponse;
import io.rhizome.proto.TenantLimits;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.TxStatus;
import io.rhizome.proto.UserRecord;
import io.rhizome.proto.Value;
import io.rhizome.topology.TenantPage;
import io.rhizome.topology.TenantPlacement;
import io.rhizome.topology.TenantQuery;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs admin console statements against the topology (and, for DROP TENANT, the owning node); the
 * shard move verbs are {@link ShardMoves}'. Blocking: called on the gateway's blocking executor.
 * Answers in the node's response vocabulary, so the session writes console results like any other.
 * Statement text is never logged (CREATE TENANT carries a password).
 */
final class AdminCommands {
  private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);
  private static final long DROP_DEADLINE_SECONDS = 30;
  private static final long INFO_DEADLINE_SECONDS = 10;
  private static final long RELOCATE_DEADLINE_SECONDS = 10;

  private static final List<Column> TENANT_COLUMNS =
      List.of(
          Results.column("name", PgType.TEXT),
          Results.column("shard", PgType.INT8),
          Results.column("node", PgType.TEXT),
          Results.column("epoch", PgType.INT8),
          Results.column("users", PgType.TEXT));

  private final Topology topology;
  private final NodeChannels channels;
  private final String adminDatabase;
  private final TenantUsers users;
  private final ClusterViews views;
  private final ReplicaViews replicas;
  private final ShardMoves moves;
  private final SessionViews sessions;
  private final TenantStatsViews tenantStats;
  private final TenantTransfers transfers;

  AdminCommands(Topology topology, NodeChannels channels, String adminDatabase) {
    this.topology = topology;
    this.channels = channels;
    this.adminDatabase = adminDatabase;
    this.users = new TenantUsers(topology);
    this.views = new ClusterViews(topology);
    this.replicas = new ReplicaViews(topology, channels);
    this.moves =
        new ShardMoves(topology, System::currentTimeMillis, this::relocate, replicas::handOver);
    this.sessions = new SessionViews(topology, channels, SessionViews.DEADLINE);
    this.tenantStats = new TenantStatsViews(topology, channels, SessionViews.DEADLINE);
    this.transfers = new TenantTransfers(topology, adminDatabase);
  }

  /** Runs statements in order; the first error stops the rest; ends with Ready. */
  List<SessionResponse> run(List<String> statements) {
    List<SessionResponse> out = new ArrayList<>();
    for (String statement : statements) {
      try {
        out.addAll(execute(AdminParser.parse(statement)));
      } catch (PgException e) {
        out.add(error(e));
        break;
      }
    }
    out.add(
        SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(TxStatus.IDLE)).build());
    return out;
  }

  private List<SessionResponse> execute(AdminCommand command) {
    if (command instanceof AdminCommand.ShowTenants show) {
      return showTenants(show);
    }
    if (command instanceof AdminCommand.ExportTenants export) {
      return transfers.export(export);
    }
    if (command instanceof AdminCommand.ImportTenants importing) {
      return transfers.importRows(importing);
    }
    if (command instanceof AdminCommand.ShowNodes) {
      return views.nodes();
    }
    if (command instanceof AdminCommand.ShowShards) {
      return replicas.shards();
    }
    if (command instanceof AdminCommand.PromoteShard promote) {
      return replicas.promote(promote);
    }
    if (command instanceof AdminCommand.RestoreTenantAt restore) {
      return replicas.restoreAt(restore, target(restore.name()));
    }
    if (command instanceof AdminCommand.ShowPlacement show) {
      return views.placement(tenant(show.name()));
    }
    if (command instanceof AdminCommand.ShowStatus) {
      return views.status();
    }
    if (command instanceof AdminCommand.CreateTenant create) {
      return createTenant(create);
    }
    if (command instanceof AdminCommand.ShowLimits show) {
      return limitsRow(tenant(show.name()), "SHOW");
    }
    if (command instanceof AdminCommand.AlterLimits alter) {
      return alterLimits(alter);
    }
    if (command instanceof AdminCommand.SetUserPassword user) {
      return users.setPassword(user);
    }
    if (command instanceof AdminCommand.ShowSessions show) {
      if (!show.tenant().isEmpty()) {
        tenant(show.tenant()); // 3D000 for a mistyped name, rather than an empty list
      }
      return sessions.show(show.tenant());
    }
    if (command instanceof AdminCommand.ShowTenantStats show) {
      return tenantStats.show(show.order(), show.limit());
    }
    if (command instanceof AdminCommand.ShowTenant show) {
      return showTenant(show.name());
    }
    if (command instanceof AdminCommand.DropTenant drop) {
      return dropTenant(drop);
    }
    if (command instanceof AdminCommand.ShowMoves) {
      return moves.show();
    }
    if (command instanceof AdminCommand.MoveShard move) {
      return moves.move(move);
    }
    if (command instanceof AdminCommand.MoveTenant move) {
      return moves.moveTenant(move, tenant(move.name()));
    }
    if (command instanceof AdminCommand.CancelMove cancel) {
      return moves.cancel(cancel);
    }
    if (command instanceof AdminCommand.DrainNode drain) {
      return moves.drain(drain);
    }
    if (command instanceof AdminCommand.Rebalance rebalance) {
      return moves.rebalance(rebalance);
    }
    // BACKUP and RESTORE TENANT batched with other statements or sent as extended-query steps.
    throw PgException.error(
        SqlState.FEATURE_NOT_SUPPORTED,
        "BACKUP and RESTORE TENANT run only alone, as a COPY in a simple query");
  }

  /** One page of tenants in name order, read from the store (never every tenant at once). */
  private List<SessionResponse> showTenants(AdminCommand.ShowTenants show) {
    TenantPage page;
    try {
      page = topology.tenants(new TenantQuery(show.prefix(), show.after(), show.limit()));
    } catch (TopologyException e) {
      throw metadataError(e, "");
    }
    return Results.rows(
        TENANT_COLUMNS, page.tenants().stream().map(this::tenantRow).toList(), "SHOW");
  }

  /** Where a tenant's file lives now: its shard, epoch and the channel to its node. */
  record NodeTarget(String tenant, int shard, long epoch, io.grpc.Channel channel) {}

  /**
   * Finds the node holding a tenant's file on {@code blocking} (it reads the metadata), then hands
   * it to {@code then} on {@code loop}, or the failure to {@code failed} there (also when {@code
   * blocking} is full).
   */
  void targetOffLoop(
      String name,
      Executor loop,
      Executor blocking,
      Consumer<NodeTarget> then,
      Consumer<PgException> failed) {
    try {
      blocking.execute(
          () -> {
            try {
              NodeTarget target = target(name);
              loop.execute(() -> then.accept(target));
            } catch (PgException e) {
              loop.execute(() -> failed.accept(e));
            }
          });
    } catch (RejectedExecutionException busy) {
      failed.accept(
          PgException.error(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again"));
    }
  }

  /** Finds the node holding a tenant's file; blocks on the metadata. */
  NodeTarget target(String name) {
    TenantRecord tenant = tenant(name);
    ShardRecord placement = placement(tenant);
    NodeRecord node =
        topology
            .node(placement.getNodeId())
            .orElseThrow(
                () ->
                    PgException.error(
                        SqlState.CONNECTION_FAILURE,
                        "node \"" + placement.getNodeId() + "\" of \"" + name + "\" is not live"));
    return new NodeTarget(
        name, placement.getShard(), placement.getEpoch(), channels.channel(node.getAddress()));
  }

  /**
   * One tenant: its placement from the metadata, and from the owning node its size on disk (the
   * database file with its WAL and shared-memory companions) and its open sessions.
   */
  private List<SessionResponse> showTenant(String name) {
    TenantRecord tenant = tenant(name);
    ShardRecord placement = placement(tenant);
    TenantInfoResponse info = nodeInfo(tenant, placement);
    Row row =
        Results.row(
            Results.text(tenant.getName()),
            Results.integer(tenant.getShard()),
            Results.text(placement.getNodeId()),
            Results.integer(placement.getEpoch()),
            Results.integer(info.getSizeBytes()),
            Results.integer(info.getOpenSessions()),
            Results.text(
                tenant.getUsersList().stream()
                    .map(UserRecord::getName)
                    .collect(Collectors.joining(","))));
    return Results.rows(
        List.of(
            Results.column("name", PgType.TEXT),
            Results.column("shard", PgType.INT8),
            Results.column("node", PgType.TEXT),
            Results.column("epoch", PgType.INT8),
            Results.column("size_bytes", PgType.INT8),
            Results.column("sessions", PgType.INT8),
            Results.column("users", PgType.TEXT)),
        List.of(row),
        "SHOW");
  }

  private ShardRecord placement(TenantRecord tenant) {
    try {
      return topology
          .refreshShard(tenant.getShard())
          .orElseThrow(
              () ->
                  PgException.error(
                      SqlState.CANNOT_CONNECT_NOW,
                      "shard "
                          + tenant.getShard()
                          + " of \""
                          + tenant.getName()
                          + "\" has no node"));
    } catch (TopologyException e) {
      throw metadataError(e, tenant.getName());
    }
  }

  /** RelocateTenant on the tenant's node, for MOVE TENANT of a tenant sharing its shard. */
  private void relocate(TenantRecord relocating, ShardRecord placement) {
    String nodeId = placement.getNodeId();
    NodeRecord node =
        topology
            .node(nodeId)
            .orElseThrow(
                () ->
                    PgException.error(
                        SqlState.CONNECTION_FAILURE, "node \"" + nodeId + "\" is not live"));
    try {
      NodeAdminGrpc.newBlockingStub(channels.channel(node.getAddress()))
          .withDeadlineAfter(RELOCATE_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .relocateTenant(
              RelocateTenantRequest.newBuilder()
                  .setTenant(relocating.getName())
                  .setShard(placement.getShard())
                  .setEpoch(placement.getEpoch())
                  .setToShard(relocating.getRelocatingToShard())
                  .build());
    } catch (StatusRuntimeException e) {
      log.warn(
          "node {} failed to relocate tenant {}: {}", nodeId, relocating.getName(), e.getStatus());
      // The relocation stays recorded and the node finishes it on the tenant's next session open;
      // the statement can be run again.
      throw PgException.error(
          e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
              ? SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE
              : SqlState.CONNECTION_FAILURE,
          "node \""
              + nodeId
              + "\" did not finish giving tenant \""
              + relocating.getName()
              + "\" a shard of its own ("
              + e.getStatus().getCode()
              + "); run MOVE TENANT again");
    }
  }

  private TenantInfoResponse nodeInfo(TenantRecord tenant, ShardRecord placement) {
    NodeRecord node =
        topology
            .node(placement.getNodeId())
            .orElseThrow(
                () ->
                    PgException.error(
                        SqlState.CONNECTION_FAILURE,
                        "node \""
                            + placement.getNodeId()
                            + "\" of \""
                            + tenant.getName()
                            + "\" is not live"));
    try {
      return NodeAdminGrpc.newBlockingStub(channels.channel(node.getAddress()))
          .withDeadlineAfter(INFO_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .tenantInfo(
              TenantInfoRequest.newBuilder()
                  .setTenant(tenant.getName())
                  .setShard(placement.getShard())
                  .setEpoch(placement.getEpoch())
                  .build());
    } catch (StatusRuntimeException e) {
      log.warn(
          "node {} failed to describe tenant {}: {}",
          placement.getNodeId(),
          tenant.getName(),
          e.getStatus());
      throw PgException.error(
          SqlState.CONNECTION_FAILURE,
          "node \"" + placement.getNodeId() + "\" did not answer: " + e.getStatus().getCode());
    }
  }

  private TenantRecord tenant(String name) {
    try {
      return topology
          .tenant(name)
          .orElseThrow(
              () ->
                  PgException.error(
                      SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist"));
    } catch (TopologyException e) {
      throw metadataError(e, name);
    }
  }

  /**
   * Changes a tenant's limits in its record; nodes apply them to sessions opened from then on (and
   * the size limit to every connection they open or reuse).
   */
  private List<SessionResponse> alterLimits(AdminCommand.AlterLimits alter) {
    TenantRecord changed;
    try {
      changed =
          topology.updateTenant(
              alter.name(),
              record -> {
                TenantLimits.Builder limits = record.getLimits().toBuilder();
                alter.reset().forEach(limit -> limit.reset(limits));
                alter.set().forEach((limit, value) -> limit.set(limits, value));
                return record.toBuilder().setLimits(limits).build();
              });
    } catch (TopologyException e) {
      throw metadataError(e, alter.name());
    }
    log.info("admin console: changed the limits of tenant {}", alter.name());
    return limitsRow(changed, "ALTER TENANT");
  }

  /** One row: the tenant's name and each limit it overrides (NULL: the node's default). */
  private static List<SessionResponse> limitsRow(TenantRecord tenant, String tag) {
    List<Column> columns = new ArrayList<>(List.of(Results.column("name", PgType.TEXT)));
    List<Value> values = new ArrayList<>(List.of(Results.text(tenant.getName())));
    for (TenantLimit limit : TenantLimit.values()) {
      columns.add(Results.column(limit.consoleName(), PgType.INT8));
      values.add(
          limit
              .get(tenant.getLimits())
              .map(Results::integer)
              .orElse(Value.newBuilder().setNull(true).build()));
    }
    return Results.rows(columns, List.of(Results.row(values.toArray(Value[]::new))), tag);
  }

  private List<SessionResponse> createTenant(AdminCommand.CreateTenant create) {
    if (create.name().equals(adminDatabase)) {
      throw PgException.error(
          SqlState.INVALID_NAME,
          "tenant name \"" + create.name() + "\" is reserved for the admin console");
    }
    UserRecord user = credentials(create.user(), create.password(), topology);
    TenantPlacement placement =
        !create.ownShard()
            ? TenantPlacement.hashed()
            : create.node().isEmpty()
                ? TenantPlacement.ownShard()
                : TenantPlacement.ownShardOn(create.node());
    TenantRecord created;
    try {
      created = topology.createTenant(create.name(), user, placement);
    } catch (TopologyException e) {
      if (placement.privateShard()
          && (e.reason() == TopologyException.Reason.NOT_FOUND
              || e.reason() == TopologyException.Reason.FAILED_PRECONDITION)) {
        // About the node (not live, draining) or the private shard numbers, not the tenant.
        throw ShardMoves.moveError(e, "cannot create tenant \"" + create.name() + "\"");
      }
      throw metadataError(e, create.name());
    }
    log.info(
        "admin console: created tenant {} on {}shard {}",
        created.getName(),
        placement.privateShard() ? "its own " : "",
        created.getShard());
    return Results.rows(TENANT_COLUMNS, List.of(tenantRow(created)), "CREATE TENANT");
  }

  /**
   * Without FORCE, first asks the owning node for the tenant's open sessions and refuses (55006)
   * while there are any. Then removes the tenant's record, and asks the owning node to end the
   * tenant's sessions (57P01) and move its files to the node's trash. If the node cannot be reached
   * the record is gone all the same, and the error says which node still holds the files.
   *
   * <p>A session that opens between the check and the removal of the record is ended like a forced
   * one: the check is a guard against dropping a tenant in use, not a lock.
   */
  private List<SessionResponse> dropTenant(AdminCommand.DropTenant command) {
    String name = command.name();
    if (!command.force()) {
      TenantRecord tenant = tenant(name);
      Optional<ShardRecord> shard;
      try {
        shard = topology.refreshShard(tenant.getShard());
      } catch (TopologyException e) {
        throw metadataError(e, name);
      }
      if (shard.isPresent() && topology.node(shard.get().getNodeId()).isPresent()) {
        int open = nodeInfo(tenant, shard.get()).getOpenSessions();
        if (open > 0) {
          throw new PgException(
              PgError.error(
                      SqlState.OBJECT_IN_USE,
                      "database \"" + name + "\" is being accessed by other users")
                  .withDetail(
                      "There "
                          + (open == 1 ? "is 1 open session" : "are " + open + " open sessions")
                          + " of the tenant.")
                  .withHint(
                      "Close them, or drop with FORCE (ctl tenant drop --force) to end them."));
        }
      }
    }
    Optional<TenantRecord> dropped;
    Optional<ShardRecord> placement;
    try {
      dropped = topology.dropTenant(name);
      if (dropped.isEmpty()) {
        throw PgException.error(
            SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
      }
      placement = topology.refreshShard(dropped.get().getShard());
    } catch (TopologyException e) {
      throw metadataError(e, name);
    }
    log.info("admin console: dropped tenant {}{}", name, command.force() ? " (force)" : "");
    if (placement.isPresent()) {
      deleteFiles(dropped.get(), placement.get());
    }
    return List.of(Results.commandComplete("DROP TENANT"));
  }

  private void deleteFiles(TenantRecord tenant, ShardRecord placement) {
    String nodeId = placement.getNodeId();
    Optional<NodeRecord> node = topology.node(nodeId);
    String leftover =
        "tenant \"" + tenant.getName() + "\" was removed, but its files remain on node \"" + nodeId;
    if (node.isEmpty()) {
      throw PgException.error(SqlState.CONNECTION_FAILURE, leftover + "\", which is not live");
    }
    try {
      NodeAdminGrpc.newBlockingStub(channels.channel(node.get().getAddress()))
          .withDeadlineAfter(DROP_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .dropTenant(
              DropTenantRequest.newBuilder()
                  .setTenant(tenant.getName())
                  .setShard(placement.getShard())
                  .setEpoch(placement.getEpoch())
                  .build());
    } catch (StatusRuntimeException e) {
      log.warn("node {} failed to drop tenant {}: {}", nodeId, tenant.getName(), e.getStatus());
      throw PgException.error(
          SqlState.CONNECTION_FAILURE, leftover + "\": " + e.getStatus().getCode());
    }
  }

  private Row tenantRow(TenantRecord t) {
    Optional<ShardRecord> placement = topology.shard(t.getShard());
    return Results.row(
        Results.text(t.getName()),
        Results.integer(t.getShard()),
        Results.text(placement.map(ShardRecord::getNodeId).orElse("")),
        Results.integer(placement.map(ShardRecord::getEpoch).orElse(0L)),
        Results.text(
            t.getUsersList().stream().map(UserRecord::getName).collect(Collectors.joining(","))));
  }

  /** The user record for a console PASSWORD (cleartext or stored form); 22023 when unusable. */
  static UserRecord credentials(String user, String password, Topology topology) {
    try {
      return UserCredentials.forPassword(user, password, topology.cluster().getAuthMethod());
    } catch (IllegalArgumentException e) {
      throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, e.getMessage());
    }
  }

  static PgException metadataError(TopologyException e, String tenant) {
    return switch (e.reason()) {
      case ALREADY_EXISTS ->
          PgException.error(
              SqlState.DUPLICATE_DATABASE, "database \"" + tenant + "\" already exists");
      case NOT_FOUND ->
          PgException.error(
              SqlState.INVALID_CATALOG_NAME, "database \"" + tenant + "\" does not exist");
      case NO_LIVE_NODES ->
          PgException.error(
              SqlState.CANNOT_CONNECT_NOW, "no live node can take the shard of \"" + tenant + "\"");
      case UNAVAILABLE ->
          PgException.error(
              SqlState.CANNOT_CONNECT_NOW,
              "the cluster metadata is unavailable: " + e.getMessage());
      default -> {
        log.warn("admin console: metadata operation on {} failed", tenant, e);
        yield PgException.error(
            SqlState.INTERNAL_ERROR, "metadata operation failed: " + e.getMessage());
      }
    };
  }

  private static SessionResponse error(PgException e) {
    Error.Builder b =
        Error.newBuilder().setSqlstate(e.error().state().code()).setMessage(e.error().message());
    if (e.error().detail() != null) {
      b.setDetail(e.error().detail());
    }
    if (e.error().hint() != null) {
      b.setHint(e.error().hint());
    }
    return SessionResponse.newBuilder().setError(b).build();
  }
}
