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
 * <p>Threading: written only by the session's lane; every change publishes a small immutable {@link
 * Activity} through a volatile field, which any thread may read without locking, and the {@link
 * SessionInfo} is built only when somebody asks (a change costs a few field writes, not a message
 * copy: it happens twice per request). The statement texts it remembers are SQL as the client sent
 * it (with {@code $n} placeholders): bound parameter values never reach this class.
 */
final class SessionActivity {
  static final int MAX_QUERY_CHARS = 1024;

  static final String IDLE = "idle";
  static final String ACTIVE = "active";
  static final String IDLE_IN_TRANSACTION = "idle in transaction";
  static final String IDLE_IN_FAILED_TRANSACTION = "idle in transaction (aborted)";

  private final LongSupplier clock;

  /** What a session shows while it runs, as of its last change. */
  private record Activity(String state, long changedUnixMs, Object query) {}

  /** The fields that do not change; null until the session is open. */
  private volatile SessionInfo opened;

  private volatile Activity activity;

  // Confined to the session's lane: the text of each prepared statement and portal, so that an
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
    activity = new Activity(IDLE, now, "");
    this.opened =
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
    publish(ACTIVE, statements);
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
    SessionInfo base = opened;
    if (base == null) {
      return null;
    }
    Activity now = activity;
    return base.toBuilder()
        .setState(now.state())
        .setStateChangeUnixMs(now.changedUnixMs())
        .setQuery(truncate(text(now.query())))
        .build();
  }

  /**
   * @param query the new statement text (a String, or the statements of a simple query), or null to
   *     keep the last one
   */
  private void publish(String state, Object query) {
    Activity last = activity;
    if (last == null) {
      return;
    }
    boolean changed = !state.equals(last.state());
    if (!changed && query == null) {
      return;
    }
    activity =
        new Activity(
            state,
            changed ? clock.getAsLong() : last.changedUnixMs(),
            query == null ? last.query() : query);
  }

  /** The text shown for a query: one statement, or a simple query's joined with "; ". */
  private static String text(Object query) {
    if (query instanceof List<?> statements) {
      StringBuilder joined = new StringBuilder();
      for (Object statement : statements) {
        if (joined.length() > 0) {
          joined.append("; ");
        }
        joined.append(statement);
        if (joined.length() > MAX_QUERY_CHARS) {
          break;
        }
      }
      return joined.toString();
    }
    return (String) query;
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
