/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A testing knob, off in production: the process halts, as a SIGKILL would stop it, the first time
 * it reaches the point of the commit path named in the file {@value #ENV} names (the file is
 * deleted first, so a restarted process does not halt again). The points are those of
 * docs/replication.md, "Crash points of the commit path".
 */
final class CrashPoints {
  private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);

  static final String ENV = "RHIZOME_REPLICA_CRASH_FILE";

  /** After SQLite's commit, before the frames are read. */
  static final String PRIMARY_COMMITTED = "primary-committed";

  /** After the frames went to the followers, before any acknowledgement. */
  static final String PRIMARY_SENT = "primary-sent";

  /** On a follower: the frames are durable, the acknowledgement not sent. */
  static final String FOLLOWER_SYNCED = "follower-synced";

  /** Every in-sync follower acknowledged; the client not answered yet. */
  static final String PRIMARY_ACKED = "primary-acked";

  private static final Optional<Path> FILE =
      Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isEmpty()).map(Path::of);

  private CrashPoints() {}

  /** Halts the process if the crash file names {@code point}. Free when the knob is off. */
  static void reach(String point) {
    if (FILE.isEmpty()) {
      return;
    }
    try {
      Path file = FILE.get();
      if (Files.exists(file) && Files.readString(file).trim().equals(point)) {
        Files.delete(file);
        LOG.error("halting at crash point {} (testing knob {})", point, ENV);
        Runtime.getRuntime().halt(137);
      }
    } catch (IOException e) {
      LOG.warn("reading the crash point file failed: {}", e.toString());
    }
  }
}
