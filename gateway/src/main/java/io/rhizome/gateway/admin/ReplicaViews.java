/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.FollowerLag;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.PgType;
import io.rhizome.proto.PromoteRequest;
import io.rhizome.proto.PromoteResponse;
import io.rhizome.proto.ReplicaStatusRequest;
import io.rhizome.proto.ReplicaStatusResponse;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.ShardReplicaStatus;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's replication verbs (docs/replication.md): SHOW SHARDS with each shard's replica set
 * from the map and, from the primaries (one call per live node, at once, bounded), each follower's
 * lag and the archive's; and PROMOTE SHARD n TO 'node', the planned handover the shard's primary
 * carries out.
 */
final class ReplicaViews {
  private static final Logger log = LoggerFactory.getLogger(ReplicaViews.class);

  /** How long SHOW SHARDS waits for the primaries' view of their followers. */
  static final Duration STATUS_DEADLINE = Duration.ofSeconds(2);

  /** A handover freezes writes only briefly, but may wait for a follower's snapshot. */
  private static final long PROMOTE_DEADLINE_SECONDS = 60;

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private final Topology topology;
  private final NodeChannels channels;

  ReplicaViews(Topology topology, NodeChannels channels) {
    this.topology = topology;
    this.channels = channels;
  }

  List<SessionResponse> shards() {
    Map<Integer, ShardReplicaStatus> live = askPrimaries();
    List<Row> rows = new ArrayList<>();
    for (ShardRecord s : topology.shards()) {
      ShardReplicaStatus status = live.get(s.getShard());
      rows.add(
          Results.row(
              Results.integer(s.getShard()),
              Results.text(s.getNodeId()),
              Results.integer(s.getEpoch()),
              Results.integer(topology.replicaSets().replicationFactor(s)),
              Results.text(followers(s, status)),
              status == null ? NULL : Results.integer(bytesBehind(status)),
              status == null || status.getArchivedUnixMs() == 0
                  ? NULL
                  : Results.text(Instant.ofEpochMilli(status.getArchivedUnixMs()).toString()),
              status == null || status.getArchivedUnixMs() == 0
                  ? NULL
                  : Results.integer(status.getArchiveLagMs())));
    }
    return Results.rows(
        List.of(
            Results.column("shard", PgType.INT8),
            Results.column("node", PgType.TEXT),
            Results.column("epoch", PgType.INT8),
            Results.column("replication_factor", PgType.INT8),
            Results.column("followers", PgType.TEXT),
            Results.column("lag_bytes", PgType.INT8),
            Results.column("archived_at", PgType.TEXT),
            Results.column("archive_lag_ms", PgType.INT8)),
        rows,
        "SHOW");
  }

  /** "n2 in sync, n3 catching up (2 tenants behind)": the map's states, the primary's lag. */
  private static String followers(ShardRecord shard, ShardReplicaStatus status) {
    Map<String, FollowerLag> lag = new HashMap<>();
    if (status != null) {
      status.getFollowersList().forEach(f -> lag.put(f.getNodeId(), f));
    }
    List<String> parts = new ArrayList<>();
    for (ShardFollower f : shard.getFollowersList()) {
      StringBuilder part = new StringBuilder(f.getNodeId());
      part.append(f.getState() == FollowerState.IN_SYNC ? " in sync" : " catching up");
      FollowerLag l = lag.get(f.getNodeId());
      if (l != null && l.getTenantsBehind() > 0) {
        part.append(" (").append(l.getTenantsBehind()).append(" tenants behind)");
      }
      if (l != null && !l.getConnected()) {
        part.append(" (not connected)");
      }
      parts.add(part.toString());
    }
    return String.join(", ", parts);
  }

  private static long bytesBehind(ShardReplicaStatus status) {
    return status.getFollowersList().stream().mapToLong(FollowerLag::getBytesBehind).sum();
  }

  /** Every live node's replicas, asked at once; a node that does not answer is left out. */
  private Map<Integer, ShardReplicaStatus> askPrimaries() {
    Map<String, ListenableFuture<ReplicaStatusResponse>> asked = new LinkedHashMap<>();
    for (NodeRecord node : topology.nodes()) {
      try {
        asked.put(
            node.getId(),
            NodeReplicaGrpc.newFutureStub(channels.channel(node.getAddress()))
                .withDeadlineAfter(STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .replicaStatus(ReplicaStatusRequest.getDefaultInstance()));
      } catch (RuntimeException e) {
        log.debug("no channel to node {}", node.getId(), e);
      }
    }
    Map<Integer, ShardReplicaStatus> byShard = new HashMap<>();
    for (Map.Entry<String, ListenableFuture<ReplicaStatusResponse>> answer : asked.entrySet()) {
      try {
        answer
            .getValue()
            .get(STATUS_DEADLINE.toMillis() + 1000, TimeUnit.MILLISECONDS)
            .getShardsList()
            .forEach(s -> byShard.put(s.getShard(), s));
      } catch (ExecutionException | TimeoutException e) {
        answer.getValue().cancel(true);
        log.debug("node {} did not report its replicas", answer.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return byShard;
  }

  /** How long a restore from the archive may take: it downloads and replays the archive. */
  private static final long RESTORE_DEADLINE_MINUTES = 30;

  /**
   * RESTORE TENANT name AT 'timestamp' [FORCE]: the tenant's primary rebuilds its database as of
   * that moment from the archive and puts it in place; blocks until done.
   */
  List<SessionResponse> restoreAt(
      AdminCommand.RestoreTenantAt command, AdminCommands.NodeTarget target) {
    io.rhizome.proto.RestoreTenantResponse answer;
    try {
      answer =
          io.rhizome.proto.NodeAdminGrpc.newBlockingStub(target.channel())
              .withDeadlineAfter(RESTORE_DEADLINE_MINUTES, TimeUnit.MINUTES)
              .restoreTenantAt(
                  io.rhizome.proto.RestoreTenantAtRequest.newBuilder()
                      .setTenant(command.name())
                      .setShard(target.shard())
                      .setEpoch(target.epoch())
                      .setAtUnixMs(command.atUnixMs())
                      .setForce(command.force())
                      .build());
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String why = status.getDescription() == null ? "" : ": " + status.getDescription();
      throw switch (status.getCode()) {
        case NOT_FOUND ->
            PgException.error(SqlState.UNDEFINED_OBJECT, "cannot restore " + command.name() + why);
        case UNIMPLEMENTED ->
            PgException.error(
                SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                "cannot restore " + command.name() + why);
        case FAILED_PRECONDITION ->
            new PgException(
                io.rhizome.gateway.pg.codec.PgError.error(
                        SqlState.OBJECT_IN_USE, "database \"" + command.name() + "\" is busy" + why)
                    .withHint("Close its sessions, or restore with FORCE to end them."));
        default ->
            PgException.error(
                SqlState.CONNECTION_FAILURE, "the tenant's node failed: " + status.getCode() + why);
      };
    }
    return Results.rows(
        List.of(
            Results.column("name", PgType.TEXT),
            Results.column("restored_to", PgType.TEXT),
            Results.column("snapshot_at", PgType.TEXT),
            Results.column("last_commit_at", PgType.TEXT),
            Results.column("size_bytes", PgType.INT8)),
        List.of(
            Results.row(
                Results.text(command.name()),
                Results.text(Instant.ofEpochMilli(command.atUnixMs()).toString()),
                Results.text(Instant.ofEpochMilli(answer.getSnapshotUnixMs()).toString()),
                Results.text(Instant.ofEpochMilli(answer.getLastCommitUnixMs()).toString()),
                Results.integer(answer.getSizeBytes()))),
        "RESTORE");
  }

  /**
   * Asks the primary of {@code shard} for a planned handover to its in-sync follower {@code
   * toNode}; blocks until done.
   *
   * @throws PgException 55000 when the primary refuses (not the primary at that epoch, the target
   *     not in sync), 08006 when the primary is not live or the handover failed
   */
  PromoteResponse handOver(ShardRecord shard, String toNode) {
    NodeRecord primary =
        topology
            .node(shard.getNodeId())
            .orElseThrow(
                () ->
                    PgException.error(
                        SqlState.CONNECTION_FAILURE,
                        "the primary "
                            + shard.getNodeId()
                            + " of shard "
                            + shard.getShard()
                            + " is not live; its in-sync follower takes over by itself"));
    try {
      return NodeReplicaGrpc.newBlockingStub(channels.channel(primary.getAddress()))
          .withDeadlineAfter(PROMOTE_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .promote(
              PromoteRequest.newBuilder()
                  .setShard(shard.getShard())
                  .setEpoch(shard.getEpoch())
                  .setTo(toNode)
                  .build());
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String message =
          status.getDescription() == null ? status.getCode().toString() : status.getDescription();
      throw PgException.error(
          status.getCode() == Status.Code.FAILED_PRECONDITION
              ? SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE
              : SqlState.CONNECTION_FAILURE,
          "cannot promote " + toNode + " for shard " + shard.getShard() + ": " + message);
    }
  }

  /** PROMOTE SHARD n TO 'node': asks the primary for a planned handover; blocks until done. */
  List<SessionResponse> promote(AdminCommand.PromoteShard command) {
    ShardRecord shard =
        topology
            .shard(command.shard())
            .orElseThrow(
                () ->
                    PgException.error(
                        SqlState.UNDEFINED_OBJECT, "shard " + command.shard() + " has no owner"));
    PromoteResponse answer = handOver(shard, command.toNode());
    return Results.rows(
        List.of(
            Results.column("shard", PgType.INT8),
            Results.column("node", PgType.TEXT),
            Results.column("epoch", PgType.INT8),
            Results.column("frozen_ms", PgType.INT8)),
        List.of(
            Results.row(
                Results.integer(command.shard()),
                Results.text(command.toNode()),
                Results.integer(answer.getEpoch()),
                Results.integer(answer.getFrozenMs()))),
        "PROMOTE");
  }
}
