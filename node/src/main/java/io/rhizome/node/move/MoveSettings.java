/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node carries out the moves it is the destination of.
 *
 * @param dataDir the node's data directory (staging goes to {@code incoming/} beneath it)
 * @param maxConcurrentMoves moves this node drives at once; the rest wait their turn
 * @param scanInterval how often the node looks for moves to drive in its metadata cache
 * @param maxRetryPause the longest pause between failed attempts of one move
 * @param pausesFile testing knob, empty in production: a file naming points (see {@link #POINTS})
 *     where a move holds, until a test removes it, and at most how long ({@code
 *     frozen=5000,flipped=5000}), read at each point so a crash test can choose, per move, the
 *     phase in which it kills a process
 */
public record MoveSettings(
    Path dataDir,
    int maxConcurrentMoves,
    Duration scanInterval,
    Duration maxRetryPause,
    Optional<Path> pausesFile) {
  private static final Logger LOG = LoggerFactory.getLogger(MoveSettings.class);

  /**
   * Points a move can be held at: after the copy (phase copying), after the source froze (frozen),
   * after the shard directory was installed (frozen, just before the flip), after the flip
   * (cleanup).
   */
  public static final Set<String> POINTS = Set.of("copied", "frozen", "installed", "flipped");

  /** The environment variable naming the pauses file. */
  public static final String PAUSES_ENV = "RHIZOME_TEST_MOVE_PAUSES";

  public MoveSettings {
    if (maxConcurrentMoves < 1) {
      throw new IllegalArgumentException("maxConcurrentMoves must be positive");
    }
  }

  public static MoveSettings defaults(Path dataDir) {
    // A failed attempt mostly waits for something that ends at an unknown moment (a dead
    // process's lease, a peer coming back); an attempt costs one etcd transaction and a peer call,
    // so retrying every 2 s at most resumes a move soon after its obstacle clears (it was 10 s:
    // a move often sat 8 s after a restarted node was back).
    return new MoveSettings(
        dataDir, 2, Duration.ofMillis(200), Duration.ofSeconds(2), Optional.empty());
  }

  /** The defaults, with the pauses file from {@link #PAUSES_ENV} when it is set. */
  public static MoveSettings fromEnvironment(Path dataDir) {
    String file = System.getenv(PAUSES_ENV);
    MoveSettings defaults = defaults(dataDir);
    if (file == null || file.isBlank()) {
      return defaults;
    }
    LOG.warn("{} is set: moves hold at the points {} names (a testing knob)", PAUSES_ENV, file);
    return new MoveSettings(
        dataDir,
        defaults.maxConcurrentMoves(),
        defaults.scanInterval(),
        defaults.maxRetryPause(),
        Optional.of(Path.of(file)));
  }

  /**
   * Holds the calling move at {@code point} while the pauses file names it, for at most the time it
   * gives: a test releases the hold by removing the point from the file.
   */
  void pauseAt(String point, String moveId) throws InterruptedException {
    long millis = pauseMillis(point);
    if (millis <= 0) {
      return;
    }
    // Tests wait for this line before they kill a process.
    LOG.info("move {} holds at point {} for {} ms ({})", moveId, point, millis, PAUSES_ENV);
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline && pauseMillis(point) > 0) {
      Thread.sleep(20);
    }
  }

  private long pauseMillis(String point) {
    if (pausesFile.isEmpty() || !Files.exists(pausesFile.get())) {
      return 0;
    }
    try {
      for (String item : Files.readString(pausesFile.get()).trim().split(",")) {
        String[] kv = item.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals(point)) {
          return Long.parseLong(kv[1].trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("unreadable {} file: {}", PAUSES_ENV, e.getMessage());
    }
    return 0;
  }
}
