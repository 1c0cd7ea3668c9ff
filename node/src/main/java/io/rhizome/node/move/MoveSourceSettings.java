/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node behaves as the source of a shard move (the destination's are {@link MoveSettings}).
 *
 * @param drainTimeout how long FreezeShard waits for the writes already running on the shard; past
 *     it the freeze is lifted and the mover told ABORTED
 * @param maxFreeze how long a freeze may last before the node thaws on its own (the mover died or
 *     hangs); the flip can then no longer happen, since thawing deletes the freeze record
 * @param gracePeriod how long after ReleaseShard the node keeps its copy of a moved shard, for an
 *     operator who needs it back
 */
public record MoveSourceSettings(Duration drainTimeout, Duration maxFreeze, Duration gracePeriod) {
  public static final MoveSourceSettings DEFAULT =
      new MoveSourceSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60));

  public MoveSourceSettings {
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(maxFreeze, "maxFreeze");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (drainTimeout.isNegative() || maxFreeze.isNegative() || gracePeriod.isNegative()) {
      throw new IllegalArgumentException("move timeouts must not be negative");
    }
  }

  public MoveSourceSettings withDrainTimeout(Duration value) {
    return new MoveSourceSettings(value, maxFreeze, gracePeriod);
  }

  public MoveSourceSettings withMaxFreeze(Duration value) {
    return new MoveSourceSettings(drainTimeout, value, gracePeriod);
  }

  public MoveSourceSettings withGracePeriod(Duration value) {
    return new MoveSourceSettings(drainTimeout, maxFreeze, value);
  }
}
