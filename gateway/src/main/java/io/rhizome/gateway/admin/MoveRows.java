/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.Column;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.Value;
import io.rhizome.topology.MovePlanner.PlannedMove;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the console shows a move: one row per MoveRecord (SHOW MOVES, MOVE SHARD, CANCEL MOVE, DRAIN
 * NODE, REBALANCE), with progress and an ETA derived from the record and the time now; and, in
 * DRAIN NODE's answer, one row per shard handed to a follower instead of moved.
 */
final class MoveRows {
  /** The phase of a planned move the topology refused to start (the error column says why). */
  static final String NOT_STARTED = "not started";

  static final List<Column> COLUMNS =
      List.of(
          Results.column("id", PgType.TEXT),
          Results.column("shard", PgType.INT8),
          Results.column("from", PgType.TEXT),
          Results.column("to", PgType.TEXT),
          Results.column("phase", PgType.TEXT),
          Results.column("reason", PgType.TEXT),
          Results.column("tenants_copied", PgType.INT8),
          Results.column("tenants_total", PgType.INT8),
          Results.column("bytes_copied", PgType.INT8),
          Results.column("bytes_total", PgType.INT8),
          Results.column("progress_pct", PgType.INT8),
          Results.column("eta_s", PgType.INT8),
          Results.column("attempts", PgType.INT8),
          Results.column("cancel_requested", PgType.TEXT),
          Results.column("error", PgType.TEXT),
          Results.column("age_s", PgType.INT8));

  /** The columns of REBALANCE DRY RUN: the plan alone. */
  static final List<Column> PLAN_COLUMNS =
      List.of(
          Results.column("shard", PgType.INT8),
          Results.column("from", PgType.TEXT),
          Results.column("to", PgType.TEXT));

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private MoveRows() {}

  static Row row(MoveRecord m, long nowMs) {
    return Results.row(
        Results.text(m.getId()),
        Results.integer(m.getShard()),
        Results.text(m.getFromNode()),
        Results.text(m.getToNode()),
        Results.text(phase(m.getPhase())),
        Results.text(m.getReason()),
        Results.integer(m.getTenantsCopied()),
        Results.integer(m.getTenantsTotal()),
        Results.integer(m.getBytesCopied()),
        Results.integer(m.getBytesTotal()),
        Results.integer(progressPercent(m)),
        etaSeconds(m, nowMs).map(Results::integer).orElse(NULL),
        Results.integer(m.getAttempts()),
        Results.text(m.getCancelRequested() ? "yes" : "no"),
        Results.text(m.getError()),
        Results.integer(Math.max(0, nowMs - m.getCreatedUnixMs()) / 1000));
  }

  /**
   * The phase of a shard that a drain handed to an in-sync follower instead of moving it (a planned
   * handover: nothing is copied, no move record exists).
   */
  static final String HANDED_OVER = "handed over";

  /** The phase of a handover that failed; the shard is moved instead (a row of its own). */
  static final String NOT_HANDED_OVER = "not handed over";

  /** A planned move the topology refused: no record exists, so most columns are NULL. */
  static Row notStarted(PlannedMove move, String reason, String error) {
    return withoutRecord(move.shard(), move.fromNode(), move.toNode(), NOT_STARTED, reason, error);
  }

  /**
   * A handover of {@code shard} to {@code to} ({@link #HANDED_OVER} or {@link #NOT_HANDED_OVER}).
   */
  static Row handover(
      int shard, String from, String to, String phase, String reason, String error) {
    return withoutRecord(shard, from, to, phase, reason, error);
  }

  private static Row withoutRecord(
      int shard, String from, String to, String phase, String reason, String error) {
    return Results.row(
        NULL,
        Results.integer(shard),
        Results.text(from),
        Results.text(to),
        Results.text(phase),
        Results.text(reason),
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        Results.text(error),
        NULL);
  }

  static Row planRow(PlannedMove move) {
    return Results.row(
        Results.integer(move.shard()), Results.text(move.fromNode()), Results.text(move.toNode()));
  }

  static String phase(MovePhase phase) {
    return switch (phase) {
      case MOVE_COPYING -> "copying";
      case MOVE_FROZEN -> "frozen";
      case MOVE_CLEANUP -> "cleanup";
      case MOVE_DONE -> "done";
      case MOVE_CANCELLED -> "cancelled";
      default -> phase.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Whether the move still holds its shard (a new move of the shard must wait for it). */
  static boolean unfinished(MoveRecord m) {
    return m.getPhase() != MovePhase.MOVE_DONE && m.getPhase() != MovePhase.MOVE_CANCELLED;
  }

  /** Done is 100; otherwise bytes copied, or tenants copied while the byte total is unknown. */
  static long progressPercent(MoveRecord m) {
    if (m.getPhase() == MovePhase.MOVE_DONE) {
      return 100;
    }
    if (m.getBytesTotal() > 0) {
      return Math.min(100, m.getBytesCopied() * 100 / m.getBytesTotal());
    }
    if (m.getTenantsTotal() > 0) {
      return Math.min(100, (long) m.getTenantsCopied() * 100 / m.getTenantsTotal());
    }
    return 0;
  }

  /**
   * While copying: the bytes left at the average rate since the move was created, rounded up. Empty
   * in other phases and before any byte is copied (no rate yet).
   */
  static Optional<Long> etaSeconds(MoveRecord m, long nowMs) {
    long elapsedMs = nowMs - m.getCreatedUnixMs();
    if (m.getPhase() != MovePhase.MOVE_COPYING
        || m.getBytesCopied() <= 0
        || m.getBytesTotal() < m.getBytesCopied()
        || elapsedMs <= 0) {
      return Optional.empty();
    }
    double left = m.getBytesTotal() - m.getBytesCopied();
    double msPerByte = (double) elapsedMs / m.getBytesCopied();
    return Optional.of((long) Math.ceil(left * msPerByte / 1000.0));
  }
}
