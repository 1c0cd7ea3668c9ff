/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a node carries out the moves it is the destination of.
 *
 * @param dataDir the node's data directory (staging goes to {@code incoming/} beneath it)
 * @param maxConcurrentMoves moves this node drives at once; the rest wait their turn
 * @param scanInterval how often the node looks for moves to drive in its metadata cache
 * @param maxRetryPause the longest pause between failed attempts of one move
 */
public record MoveSettings(
    Path dataDir, int maxConcurrentMoves, Duration scanInterval, Duration maxRetryPause) {
  public MoveSettings {
    if (maxConcurrentMoves < 1) {
      throw new IllegalArgumentException("maxConcurrentMoves must be positive");
    }
  }

  public static MoveSettings defaults(Path dataDir) {
    return new MoveSettings(dataDir, 2, Duration.ofMillis(200), Duration.ofSeconds(10));
  }
}
