/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.MovePlanner;
import io.rhizome.topology.MovePlanner.Plan;
import io.rhizome.topology.MovePlanner.PlannedMove;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's shard move verbs: SHOW MOVES, MOVE SHARD, MOVE TENANT, CANCEL MOVE, DRAIN / UNDRAIN
 * NODE and REBALANCE [DRY RUN]. They only record moves (startMove); the destination nodes carry
 * them out, a few at a time each, so a large plan starts at once and drains gradually.
 */
final class ShardMoves {
  private static final Logger log = LoggerFactory.getLogger(ShardMoves.class);

  static final String OPERATOR = "operator";
  static final String DRAIN = "drain";
  static final String REBALANCE = "rebalance";

  private final Topology topology;
  private final LongSupplier nowMs;
  private final Relocator relocator;
  private final Handoff handoff;

  ShardMoves(Topology topology, LongSupplier nowMs, Relocator relocator, Handoff handoff) {
    this.topology = topology;
    this.nowMs = nowMs;
    this.relocator = relocator;
    this.handoff = handoff;
  }

  /**
   * A planned handover of a shard to its in-sync follower {@code toNode}, carried out by the
   * shard's primary (the NodeReplica Promote call, bounded). Blocking.
   */
  interface Handoff {
    /**
     * @throws PgException when it did not happen
     */
    void handOver(ShardRecord shard, String toNode);
  }

  List<SessionResponse> show() {
    long now = nowMs.getAsLong();
    List<Row> rows = topology.moves().stream().map(m -> MoveRows.row(m, now)).toList();
    return Results.rows(MoveRows.COLUMNS, rows, "SHOW");
  }

  /**
   * Hashed shards 0 to shard count - 1, and private shards above them that exist (have a placement
   * record: a tenant was created WITH OWN SHARD).
   */
  List<SessionResponse> move(AdminCommand.MoveShard command) {
    int shardCount = topology.cluster().getShardCount();
    if (command.shard() >= shardCount && topology.shard(command.shard()).isEmpty()) {
      throw PgException.error(
          SqlState.UNDEFINED_OBJECT,
          "shard "
              + command.shard()
              + " does not exist: the cluster has shards 0-"
              + (shardCount - 1)
              + " and the private shards SHOW SHARDS lists");
    }
    return start(command.shard(), command.toNode(), "MOVE SHARD");
  }

  /**
   * Renames a relocating tenant's files to its private shard on the owner node (the NodeAdmin
   * RelocateTenant call, bounded), which records the tenant there. Blocking.
   */
  interface Relocator {
    void relocate(TenantRecord relocating, ShardRecord placement);
  }

  /**
   * Moves the tenant's shard when no other tenant uses it (a private shard, or a hashed shard it
   * happens to have alone). A tenant that shares its shard is first relocated onto a new private
   * shard on the same node ({@link Topology#beginRelocation}, then the owner renames its files),
   * and that shard is moved; to its current node, the relocation alone is done and no move starts
   * (no rows). Whether the shard is shared is read from the store: a tenant created on it a moment
   * later moves along, as it would with MOVE SHARD.
   */
  List<SessionResponse> moveTenant(AdminCommand.MoveTenant command, TenantRecord tenant) {
    int shard = tenant.getShard();
    boolean shared;
    try {
      shared = topology.sharesShard(tenant);
    } catch (TopologyException e) {
      throw moveError(e, "cannot move tenant \"" + tenant.getName() + "\"");
    }
    if (!shared && tenant.getRelocatingToShard() == 0) {
      return start(shard, command.toNode(), "MOVE TENANT");
    }
    String toNode = command.toNode();
    // Checked first so that a target that cannot take the shard does not leave a needless split.
    if (topology.node(toNode).isEmpty()) {
      throw PgException.error(SqlState.UNDEFINED_OBJECT, "node \"" + toNode + "\" is not live");
    }
    if (topology.drainingNodes().contains(toNode)) {
      throw PgException.error(
          SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
          "node \"" + toNode + "\" is draining: it takes no new shards");
    }
    TenantRecord relocating;
    ShardRecord placement;
    try {
      relocating = topology.beginRelocation(tenant.getName());
      placement =
          topology
              .refreshShard(relocating.getShard())
              .orElseThrow(
                  () ->
                      PgException.error(
                          SqlState.UNDEFINED_OBJECT, "shard " + shard + " has no owner"));
    } catch (TopologyException e) {
      throw moveError(e, "cannot give tenant \"" + tenant.getName() + "\" a shard of its own");
    }
    int own = relocating.getRelocatingToShard();
    if (own != 0) {
      relocator.relocate(relocating, placement);
      log.info(
          "admin console: tenant {} relocated from shard {} to its own shard {} on {}",
          tenant.getName(),
          relocating.getShard(),
          own,
          placement.getNodeId());
    } else {
      own = relocating.getShard(); // relocated meanwhile by another console
    }
    if (placement.getNodeId().equals(toNode)) {
      return Results.rows(MoveRows.COLUMNS, List.of(), "MOVE TENANT");
    }
    return start(own, toNode, "MOVE TENANT");
  }

  private List<SessionResponse> start(int shard, String toNode, String tag) {
    MoveRecord started;
    try {
      started = topology.startMove(shard, toNode, OPERATOR);
    } catch (TopologyException e) {
      throw moveError(e, "cannot move shard " + shard);
    }
    log.info(
        "admin console: move {} of shard {} from {} to {}",
        started.getId(),
        started.getShard(),
        started.getFromNode(),
        started.getToNode());
    return Results.rows(MoveRows.COLUMNS, List.of(MoveRows.row(started, nowMs.getAsLong())), tag);
  }

  List<SessionResponse> cancel(AdminCommand.CancelMove command) {
    MoveRecord cancelled;
    try {
      cancelled = topology.cancelMove(command.id());
    } catch (TopologyException e) {
      throw moveError(e, "cannot cancel move \"" + command.id() + "\"");
    }
    log.info(
        "admin console: asked move {} of shard {} to cancel",
        cancelled.getId(),
        cancelled.getShard());
    return Results.rows(
        MoveRows.COLUMNS, List.of(MoveRows.row(cancelled, nowMs.getAsLong())), "CANCEL MOVE");
  }

  /**
   * DRAIN plans first and refuses (55000) when the node has shards no other node can take, so a
   * drain that could not start leaves no DrainRecord behind; otherwise marks the node draining (it
   * takes no new shards from then on), hands each shard it is the live primary of to an in-sync
   * follower on a node that is not draining (a planned handover, well under a second each, one
   * after the other; nothing is copied), and starts moves of the others: shards without such a
   * follower, and those whose handover failed. UNDRAIN only clears the mark.
   */
  List<SessionResponse> drain(AdminCommand.DrainNode command) {
    String nodeId = command.nodeId();
    if (!command.drain()) {
      setDraining(nodeId, false);
      log.info("admin console: node {} undrained", nodeId);
      return List.of(Results.commandComplete("UNDRAIN NODE"));
    }
    List<ShardRecord> shards = topology.shards();
    boolean owns = shards.stream().anyMatch(s -> s.getNodeId().equals(nodeId));
    if (!owns && topology.node(nodeId).isEmpty()) {
      throw PgException.error(
          SqlState.UNDEFINED_OBJECT, "node \"" + nodeId + "\" is not live and owns no shards");
    }
    Map<Integer, String> unfinished = unfinishedMoves();
    Map<Integer, String> handovers = handoverTargets(nodeId, shards, unfinished);
    Plan plan = planner(shards, unfinished, handovers).drain(nodeId);
    if (handovers.isEmpty() && plan.moves().isEmpty() && plan.shortfall().isPresent()) {
      throw PgException.error(
          SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
          "cannot drain node \"" + nodeId + "\": " + plan.shortfall().get());
    }
    setDraining(nodeId, true);
    List<Row> rows = new ArrayList<>();
    Map<Integer, String> handed = new TreeMap<>();
    for (ShardRecord shard : shards) {
      String to = handovers.get(shard.getShard());
      if (to == null) {
        continue;
      }
      String phase = MoveRows.HANDED_OVER;
      String error = "";
      try {
        handoff.handOver(shard, to);
        handed.put(shard.getShard(), to);
      } catch (PgException e) {
        phase = MoveRows.NOT_HANDED_OVER;
        error = e.getMessage();
        log.info("admin console: shard {} not handed over to {}: {}", shard.getShard(), to, error);
      }
      rows.add(MoveRows.handover(shard.getShard(), nodeId, to, phase, DRAIN, error));
    }
    if (handed.size() < handovers.size()) {
      plan = planner(topology.shards(), unfinished, handed).drain(nodeId);
    }
    log.info(
        "admin console: node {} draining, {} shards handed over, {} moves planned",
        nodeId,
        handed.size(),
        plan.moves().size());
    rows.addAll(start(plan, DRAIN));
    return Results.rows(MoveRows.COLUMNS, rows, "DRAIN NODE");
  }

  /**
   * The shards of {@code nodeId} a drain hands over, each to the best live in-sync follower that is
   * not draining: none when the node is not live (its followers take over by themselves once its
   * lease ends) and none of a shard with an unfinished move.
   */
  private Map<Integer, String> handoverTargets(
      String nodeId, List<ShardRecord> shards, Map<Integer, String> unfinished) {
    Map<Integer, String> targets = new TreeMap<>();
    if (topology.node(nodeId).isEmpty()) {
      return targets;
    }
    Set<String> draining = topology.drainingNodes();
    for (ShardRecord shard : shards) {
      if (!shard.getNodeId().equals(nodeId) || unfinished.containsKey(shard.getShard())) {
        continue;
      }
      topology.replicaSets().handoverTargets(shard).stream()
          .filter(id -> !id.equals(nodeId) && !draining.contains(id))
          .findFirst()
          .ifPresent(to -> targets.put(shard.getShard(), to));
    }
    return targets;
  }

  /**
   * Plans from the cached map; DRY RUN answers the plan, otherwise its moves start. A plan that
   * cannot move anything and falls short says why (55000); an already even cluster answers no rows.
   */
  List<SessionResponse> rebalance(AdminCommand.Rebalance command) {
    Plan plan = planner().rebalance();
    if (plan.moves().isEmpty() && plan.shortfall().isPresent()) {
      throw PgException.error(
          SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot rebalance: " + plan.shortfall().get());
    }
    if (command.dryRun()) {
      return Results.rows(
          MoveRows.PLAN_COLUMNS,
          plan.moves().stream().map(MoveRows::planRow).toList(),
          "REBALANCE");
    }
    log.info("admin console: rebalance, {} moves planned", plan.moves().size());
    return Results.rows(MoveRows.COLUMNS, start(plan, REBALANCE), "REBALANCE");
  }

  /**
   * Starts every move of the plan. A move the topology refuses (another move of the shard started
   * meanwhile, the destination went away) does not stop the others: its row says "not started" and
   * why. Only when the store is unavailable does the statement fail (nothing more would start).
   */
  private List<Row> start(Plan plan, String reason) {
    List<Row> rows = new ArrayList<>();
    for (PlannedMove move : plan.moves()) {
      try {
        MoveRecord started = topology.startMove(move.shard(), move.toNode(), reason);
        rows.add(MoveRows.row(started, nowMs.getAsLong()));
      } catch (TopologyException e) {
        if (e.reason() == TopologyException.Reason.UNAVAILABLE && rows.isEmpty()) {
          throw moveError(e, "cannot start moves");
        }
        log.info("admin console: move of shard {} not started: {}", move.shard(), e.getMessage());
        rows.add(MoveRows.notStarted(move, reason, e.getMessage()));
      }
    }
    return rows;
  }

  private MovePlanner planner() {
    return planner(topology.shards(), unfinishedMoves(), Map.of());
  }

  /**
   * A planner over {@code shards} as they are once each shard of {@code handedOver} is owned by the
   * node it names (its handover is not in the cache yet, or not made yet).
   */
  private MovePlanner planner(
      List<ShardRecord> shards, Map<Integer, String> unfinished, Map<Integer, String> handedOver) {
    List<ShardRecord> after =
        shards.stream()
            .map(
                s ->
                    handedOver.containsKey(s.getShard())
                        ? s.toBuilder().setNodeId(handedOver.get(s.getShard())).build()
                        : s)
            .toList();
    // Shard sizes would need a call to every node; counts alone decide, lowest shard first.
    return new MovePlanner(after, topology.nodes(), topology.drainingNodes(), unfinished, Map.of());
  }

  /** Shard to destination of every move not yet done or cancelled. */
  private Map<Integer, String> unfinishedMoves() {
    Map<Integer, String> unfinished = new TreeMap<>();
    for (MoveRecord m : topology.moves()) {
      if (MoveRows.unfinished(m)) {
        unfinished.put(m.getShard(), m.getToNode());
      }
    }
    return unfinished;
  }

  private void setDraining(String nodeId, boolean draining) {
    try {
      topology.setDraining(nodeId, draining);
    } catch (TopologyException e) {
      throw moveError(e, "cannot " + (draining ? "drain" : "undrain") + " node \"" + nodeId + "\"");
    }
  }

  /** The SQLSTATE of a refused move operation; the topology's message says what was wrong. */
  static PgException moveError(TopologyException e, String context) {
    String message = context + ": " + e.getMessage();
    return switch (e.reason()) {
      case NOT_FOUND -> PgException.error(SqlState.UNDEFINED_OBJECT, message);
      case ALREADY_EXISTS -> PgException.error(SqlState.DUPLICATE_OBJECT, message);
      case FAILED_PRECONDITION ->
          PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, message);
      case UNAVAILABLE ->
          PgException.error(
              SqlState.CANNOT_CONNECT_NOW,
              "the cluster metadata is unavailable: " + e.getMessage());
      case CONFLICT -> PgException.error(SqlState.SERIALIZATION_FAILURE, message + "; try again");
      default -> {
        log.warn("admin console: {}", context, e);
        yield PgException.error(SqlState.INTERNAL_ERROR, message);
      }
    };
  }
}
