/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.rhizome.node.store.TenantBackups;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the moves whose destination is this node: it watches the move records in the metadata
 * cache and runs each unfinished one ({@link MoveRun}) on a small pool, retrying a failed attempt
 * after a growing pause and recording the error and attempt count in the move record. Because the
 * move record, not this object, holds the state, a restarted node simply picks its moves up again.
 */
public final class ShardMover implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMover.class);

  private final String nodeId;
  private final Topology topology;
  private final MoveSettings settings;
  private final TenantBackups backups;
  private final PeerChannels peers;
  private final ScheduledExecutorService scanner;
  private final ExecutorService runners;

  /** Moves being driven now, by id. */
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();

  /** Cancelled moves whose staging this process has removed, by id. */
  private final Set<String> discarded = ConcurrentHashMap.newKeySet();

  /** Failed moves by id: attempts so far and when the next may start (System.nanoTime). */
  private final Map<String, long[]> backoff = new ConcurrentHashMap<>();

  /**
   * @param peers channels to the sources of moves; closed with this mover
   */
  public ShardMover(
      String nodeId,
      Topology topology,
      MoveSettings settings,
      TenantBackups backups,
      PeerChannels peers) {
    this.nodeId = nodeId;
    this.peers = peers;
    this.topology = topology;
    this.settings = settings;
    this.backups = backups;
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("rhizome-move-scan").setDaemon(true).build());
    this.runners =
        Executors.newFixedThreadPool(
            settings.maxConcurrentMoves(),
            new ThreadFactoryBuilder().setNameFormat("rhizome-move-%d").setDaemon(true).build());
  }

  public void start() {
    long period = settings.scanInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
  }

  private void scan() {
    try {
      long now = System.nanoTime();
      for (MoveRecord move : topology.moves()) {
        if (!move.getToNode().equals(nodeId)) {
          continue;
        }
        if (MoveRun.finished(move)) {
          discardLeftovers(move);
          continue;
        }
        if (running.size() >= settings.maxConcurrentMoves() || running.containsKey(move.getId())) {
          continue;
        }
        long[] pause = backoff.get(move.getId());
        if (pause != null && now - pause[1] < 0) {
          continue;
        }
        running.put(move.getId(), Boolean.TRUE);
        runners.execute(() -> drive(move));
      }
    } catch (RuntimeException e) {
      LOG.error("looking for moves to drive failed", e);
    }
  }

  /**
   * A move cancelled while copying (by `move cancel`, which finishes a move that holds no freeze)
   * leaves this node's staged copies behind; they go once, the first time the scan sees it.
   */
  private void discardLeftovers(MoveRecord move) {
    if (move.getPhase() == MovePhase.MOVE_CANCELLED && discarded.add(move.getId())) {
      new MoveStaging(settings.dataDir(), move.getShard(), move.getId()).discard();
    }
  }

  private void drive(MoveRecord move) {
    try {
      new MoveRun(nodeId, topology, settings, backups, peers, move).run();
      backoff.remove(move.getId());
    } catch (Exception e) {
      long[] pause = backoff.computeIfAbsent(move.getId(), id -> new long[2]);
      pause[0]++;
      long millis =
          Math.min(settings.maxRetryPause().toMillis(), 250L << Math.min(10, pause[0] - 1));
      pause[1] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      LOG.warn(
          "move {} of shard {}: attempt failed ({}); retrying in {} ms",
          move.getId(),
          move.getShard(),
          describe(e),
          millis);
      recordFailure(move, describe(e));
    } finally {
      running.remove(move.getId());
    }
  }

  private void recordFailure(MoveRecord move, String error) {
    try {
      topology.updateMove(
          move.getShard(),
          move.getId(),
          m -> m.toBuilder().setAttempts(m.getAttempts() + 1).setError(error).build());
    } catch (TopologyException | RuntimeException e) {
      LOG.debug("recording the failure of move {} failed", move.getId(), e);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public void close() {
    scanner.shutdownNow();
    runners.shutdownNow();
    try {
      runners.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peers.close();
  }
}
