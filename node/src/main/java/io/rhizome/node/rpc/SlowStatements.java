/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.SessionInfo;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-statement log of one session ({@code --log-slow-statements}): a request that took at
 * least the threshold is logged with its tenant, user, duration and statement text. The text is the
 * one the session shows in SHOW SESSIONS (SQL as the client sent it, with {@code $n} placeholders,
 * cut at {@value SessionActivity#MAX_QUERY_CHARS} characters): bound values are never logged.
 */
final class SlowStatements {
  /** The logger operators route or silence on its own. */
  static final Logger LOG = LoggerFactory.getLogger("io.rhizome.slow");

  private final long thresholdNanos;
  private final Supplier<SessionInfo> session;

  /**
   * @param threshold null to log nothing
   * @param session the session's activity, read only when a request was slow
   */
  SlowStatements(Duration threshold, Supplier<SessionInfo> session) {
    this.thresholdNanos = threshold == null ? Long.MAX_VALUE : threshold.toNanos();
    this.session = session;
  }

  long thresholdNanos() {
    return thresholdNanos;
  }

  void report(long nanos) {
    SessionInfo info = session.get();
    if (info == null) {
      return;
    }
    long millis = nanos / 1_000_000;
    LOG.atWarn()
        .addKeyValue("tenant", info.getTenant())
        .addKeyValue("user", info.getUser())
        .addKeyValue("duration_ms", millis)
        .log(
            "slow statement: tenant={} user={} duration_ms={} statement: {}",
            info.getTenant(),
            info.getUser(),
            millis,
            info.getQuery());
  }
}
