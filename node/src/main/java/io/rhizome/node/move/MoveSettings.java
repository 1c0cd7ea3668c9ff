/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a node carries out the moves it is the destination of.
 *
 * @param dataDir the node's data directory (staging goes to {@code incoming/} beneath it)
 * @param maxConcurrentMoves moves this node drives at once; the rest wait their turn
 * @param scanInterval how often the node looks for moves to drive in its metadata cache
 * @param maxRetryPause the longest pause between failed attempts of one move
 * @param pauses testing knob: how long a move stops at a named point (see {@link #POINTS}), so a
 *     crash test can kill a process in a given phase; empty in production
 */
public record MoveSettings(
    Path dataDir,
    int maxConcurrentMoves,
    Duration scanInterval,
    Duration maxRetryPause,
    Map<String, Duration> pauses) {

  /**
   * Points a move can be held at: after the copy (phase copying), after the source froze (frozen),
   * after the shard directory was installed (frozen, just before the flip), after the flip
   * (cleanup).
   */
  public static final Set<String> POINTS = Set.of("copied", "frozen", "installed", "flipped");

  /** The environment variable a test sets on a node process: {@code frozen=5000,flipped=5000}. */
  public static final String PAUSES_ENV = "RHIZOME_TEST_MOVE_PAUSES";

  public MoveSettings {
    if (maxConcurrentMoves < 1) {
      throw new IllegalArgumentException("maxConcurrentMoves must be positive");
    }
    if (!POINTS.containsAll(pauses.keySet())) {
      throw new IllegalArgumentException("move pause points are " + POINTS);
    }
    pauses = Map.copyOf(pauses);
  }

  public static MoveSettings defaults(Path dataDir) {
    return new MoveSettings(dataDir, 2, Duration.ofMillis(200), Duration.ofSeconds(10), Map.of());
  }

  /** The defaults, with pauses from {@link #PAUSES_ENV} when it is set. */
  public static MoveSettings fromEnvironment(Path dataDir) {
    String spec = System.getenv(PAUSES_ENV);
    MoveSettings defaults = defaults(dataDir);
    if (spec == null || spec.isBlank()) {
      return defaults;
    }
    Map<String, Duration> pauses = new HashMap<>();
    for (String item : spec.split(",")) {
      String[] kv = item.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(PAUSES_ENV + ": expected point=millis, got " + item);
      }
      pauses.put(kv[0], Duration.ofMillis(Long.parseLong(kv[1])));
    }
    return new MoveSettings(
        dataDir,
        defaults.maxConcurrentMoves(),
        defaults.scanInterval(),
        defaults.maxRetryPause(),
        pauses);
  }

  /** Holds the calling move at {@code point} for the configured time, if any. */
  void pauseAt(String point) throws InterruptedException {
    Duration pause = pauses.get(point);
    if (pause != null) {
      Thread.sleep(pause.toMillis());
    }
  }
}
