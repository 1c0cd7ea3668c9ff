/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import io.rhizome.proto.Open;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.Target;
import io.rhizome.proto.TxStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code ListSessions} shows of one session, like a row of Postgres' pg_stat_activity.
 *
 * <p>Threading: written only by the session's serial executor; every change publishes a new
 * immutable {@link SessionInfo} through a volatile field, which any thread may read without
 * locking. The statement texts it remembers are SQL as the client sent it (with {@code $n}
 * placeholders): bound parameter values never reach this class.
 */
final class SessionActivity {
  static final int MAX_QUERY_CHARS = 1024;

  static final String IDLE = "idle";
  static final String ACTIVE = "active";
  static final String IDLE_IN_TRANSACTION = "idle in transaction";
  static final String IDLE_IN_FAILED_TRANSACTION = "idle in transaction (aborted)";

  private final LongSupplier clock;

  /** Null until the session is open. */
  private volatile SessionInfo published;

  // Confined to the serial executor: the text of each prepared statement and portal, so that an
  // Execute of a statement prepared in an earlier request still shows its SQL.
  private final Map<String, String> statementText = new HashMap<>();
  private final Map<String, String> portalText = new HashMap<>();

  /**
   * @param clock wall-clock milliseconds since the epoch (the timestamps are shown as such)
   */
  SessionActivity(LongSupplier clock) {
    this.clock = clock;
  }

  /** The session is open and idle. */
  void opened(Open open, int backendPid) {
    long now = clock.getAsLong();
    published =
        SessionInfo.newBuilder()
            .setTenant(open.getTenant())
            .setUser(open.getUser())
            .setClientAddress(open.getClientAddress())
            .setApplicationName(open.getApplicationName())
            .setGateway(open.getGateway())
            .setShard(open.getShard())
            .setEpoch(open.getEpoch())
            .setState(IDLE)
            .setBackendStartUnixMs(now)
            .setStateChangeUnixMs(now)
            .setBackendPid(backendPid)
            .build();
  }

  /** A simple query starts (or waits for a statement slot, which Postgres also shows active). */
  void started(List<String> statements) {
    publish(ACTIVE, String.join("; ", statements));
  }

  /**
   * An extended-query request starts: the query shown is the SQL of its last Parse, Bind or
   * Execute, as Postgres reports each of those; a request of only Closes keeps the last one.
   */
  void started(Extended request) {
    String query = null;
    for (ExtendedStep step : request.getStepsList()) {
      switch (step.getKindCase()) {
        case PARSE -> {
          String sql = truncate(step.getParse().getSql());
          statementText.put(step.getParse().getName(), sql);
          query = sql;
        }
        case BIND -> {
          String sql = statementText.get(step.getBind().getStatement());
          if (sql != null) {
            portalText.put(step.getBind().getPortal(), sql);
            query = sql;
          }
        }
        case EXECUTE -> {
          String sql = portalText.get(step.getExecute().getPortal());
          if (sql != null) {
            query = sql;
          }
        }
        case CLOSE -> {
          if (step.getClose().getTarget() == Target.TARGET_STATEMENT) {
            statementText.remove(step.getClose().getName());
          } else {
            portalText.remove(step.getClose().getName());
          }
        }
        default -> {}
      }
    }
    publish(ACTIVE, query);
  }

  /** The request sent its Ready with this transaction status. */
  void finished(TxStatus status) {
    if (status == TxStatus.IDLE) {
      // Portals end with their transaction.
      portalText.clear();
    }
    publish(
        switch (status) {
          case IN_TRANSACTION -> IDLE_IN_TRANSACTION;
          case FAILED -> IDLE_IN_FAILED_TRANSACTION;
          default -> IDLE;
        },
        null);
  }

  /** The session as of its last change; null while it is not open yet. */
  SessionInfo snapshot() {
    return published;
  }

  /**
   * @param query the new statement text, or null to keep the last one
   */
  private void publish(String state, String query) {
    SessionInfo last = published;
    if (last == null) {
      return;
    }
    SessionInfo.Builder next = last.toBuilder();
    if (!state.equals(last.getState())) {
      next.setState(state).setStateChangeUnixMs(clock.getAsLong());
    }
    if (query != null) {
      next.setQuery(truncate(query));
    }
    published = next.build();
  }

  private static String truncate(String sql) {
    if (sql.length() <= MAX_QUERY_CHARS) {
      return sql;
    }
    // Never split a surrogate pair: the text must stay valid UTF-8 on the wire.
    int end = MAX_QUERY_CHARS;
    if (Character.isHighSurrogate(sql.charAt(end - 1))) {
      end--;
    }
    return sql.substring(0, end);
  }
}
