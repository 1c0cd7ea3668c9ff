/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.rhizome.proto.FreezeRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's freezes over time: a freeze that drains in time, one that does not (thawed again),
 * and the watch that ends a freeze the mover abandoned.
 *
 * <p>Every {@link #TICK} the watch looks at each frozen shard: when its FreezeRecord is gone from
 * the topology's cache (the mover thawed, failed or flipped; a planned handover's freeze, which has
 * none, excepted) or the freeze has lasted longer than {@link MoveSourceSettings#maxFreeze()}, it
 * asks the topology to thaw. The thaw is one transaction that requires this node still to own the
 * shard at the freeze's epoch and deletes the record: once it succeeds no flip of that freeze can
 * happen, so writes may resume. When it answers that the placement changed, the shard has moved and
 * stays fenced for good; when it fails (store down), the shard stays frozen and the next tick tries
 * again, since resuming writes without the record's deletion could lose them to a flip.
 *
 * <p>Topology calls block; they run on the {@code scheduler} thread given, never on a session
 * worker.
 */
public final class ShardFreezes implements AutoCloseable {
  static final Duration TICK = Duration.ofMillis(250);
  private static final Logger LOG = LoggerFactory.getLogger(ShardFreezes.class);

  /** FreezeShard's answer when the freeze ended before the shard's writes had drained. */
  public static final class AbortedException extends Exception {
    AbortedException(String message) {
      super(message, null, false, false);
    }
  }

  private final String nodeId;
  private final Topology topology;
  private final ShardWrites writes;
  private final MoveSourceSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private ScheduledFuture<?> watch;

  public ShardFreezes(
      String nodeId,
      Topology topology,
      ShardWrites writes,
      MoveSourceSettings settings,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.writes = writes;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Starts the watch over frozen shards. */
  public synchronized void start() {
    if (watch == null) {
      watch =
          scheduler.scheduleWithFixedDelay(
              this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Freezes the shard for the move and waits, without holding a thread, for the writes already
   * running on it. The caller has checked ownership and the FreezeRecord.
   *
   * @return completes on the scheduler once no write is in progress on the shard; fails with {@link
   *     AbortedException} when they did not finish within the drain timeout (the freeze is then
   *     thawed) or the freeze ended meanwhile
   */
  public CompletableFuture<Void> freeze(int shard, long epoch, String moveId) {
    CompletableFuture<Void> drained = writes.freeze(shard, epoch, moveId, clock.instant());
    ShardWrites.Freeze freeze = writes.freezeOf(shard).orElse(null);
    CompletableFuture<Void> answer = new CompletableFuture<>();
    drained
        .orTimeout(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (ok, failure) -> {
              if (failure == null) {
                answer.complete(null);
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              if (cause instanceof TimeoutException && freeze != null) {
                LOG.warn(
                    "writes to shard {} did not finish within {} ms of the freeze for move {}:"
                        + " thawing",
                    shard,
                    settings.drainTimeout().toMillis(),
                    moveId);
                thaw(shard, freeze);
                answer.completeExceptionally(
                    new AbortedException(
                        "the shard's running writes did not finish within the drain timeout"));
              } else {
                answer.completeExceptionally(
                    new AbortedException("the freeze ended before the shard's writes finished"));
              }
            },
            scheduler);
    return answer;
  }

  /**
   * Ends the shard's freeze through the topology (see the class comment).
   *
   * @return true when the node still owns the shard at {@code epoch} and its writes resume
   * @throws TopologyException when the store could not be asked; the shard stays frozen
   */
  public boolean thaw(int shard, long epoch) throws TopologyException {
    boolean owner = topology.thawShard(shard, nodeId, epoch);
    Optional<ShardWrites.Freeze> freeze = writes.freezeOf(shard);
    if (freeze.isPresent() && freeze.get().epoch() == epoch) {
      if (owner) {
        writes.lift(shard, freeze.get());
      } else {
        writes.settle(shard, freeze.get());
      }
    }
    return owner;
  }

  /** One look at every frozen shard; never throws, so the schedule goes on. */
  void tick() {
    try {
      for (Map.Entry<Integer, ShardWrites.Freeze> entry : writes.freezes().entrySet()) {
        int shard = entry.getKey();
        ShardWrites.Freeze freeze = entry.getValue();
        if (freeze.settled()) {
          continue;
        }
        // A handover's freeze has no record and is lifted by the handover itself: thawing it for
        // want of one would let writes start on the old primary while its handover runs.
        boolean abandoned =
            !freeze.moveId().equals(ShardWrites.HANDOVER)
                && !recorded(topology.freeze(shard), freeze);
        boolean tooLong =
            Duration.between(freeze.since(), clock.instant()).compareTo(settings.maxFreeze()) > 0;
        if (abandoned || tooLong) {
          LOG.info(
              "thawing shard {} (move {}): {}",
              shard,
              freeze.moveId(),
              abandoned ? "its freeze record is gone" : "the freeze outlived its bound");
          thaw(shard, freeze);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("watching frozen shards failed", e);
    }
  }

  private void thaw(int shard, ShardWrites.Freeze freeze) {
    try {
      if (topology.thawShard(shard, nodeId, freeze.epoch())) {
        writes.lift(shard, freeze);
        LOG.info("shard {} thawed: writes resume", shard);
      } else {
        writes.settle(shard, freeze);
        LOG.info("shard {} moved away during its freeze: it stays fenced", shard);
      }
    } catch (TopologyException e) {
      LOG.warn("thawing shard {} failed ({}): it stays frozen", shard, e.reason());
    }
  }

  private static boolean recorded(Optional<FreezeRecord> record, ShardWrites.Freeze freeze) {
    return record.isPresent()
        && record.get().getEpoch() == freeze.epoch()
        && record.get().getMoveId().equals(freeze.moveId());
  }

  /** Stops the watch; the scheduler belongs to the caller. */
  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.cancel(false);
      watch = null;
    }
  }
}
