/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.Column;
import io.rhizome.proto.ListSessionsRequest;
import io.rhizome.proto.ListSessionsResponse;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionInfo;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.Value;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHOW SESSIONS: every client session of the cluster, like Postgres' pg_stat_activity. Each client
 * session has exactly one node session, so the view asks every live node at once (each with the
 * same deadline) and merges their answers. A node that does not answer in time shows as one row
 * with state {@value #UNAVAILABLE} and the reason in the query column, instead of failing the whole
 * statement: a view for troubleshooting has to work while part of the cluster is in trouble.
 *
 * <p>Blocking (it waits for the answers): runs on the gateway's blocking executor, like every
 * console statement.
 */
final class SessionViews {
  private static final Logger log = LoggerFactory.getLogger(SessionViews.class);

  /** The state of the one row of a node that did not answer. */
  static final String UNAVAILABLE = "unavailable";

  static final Duration DEADLINE = Duration.ofSeconds(3);

  static final List<Column> COLUMNS =
      List.of(
          Results.column("node", PgType.TEXT),
          Results.column("tenant", PgType.TEXT),
          Results.column("user", PgType.TEXT),
          Results.column("client_address", PgType.TEXT),
          Results.column("application_name", PgType.TEXT),
          Results.column("gateway", PgType.TEXT),
          Results.column("state", PgType.TEXT),
          Results.column("backend_start", PgType.TEXT),
          Results.column("state_change", PgType.TEXT),
          Results.column("query", PgType.TEXT),
          Results.column("backend_pid", PgType.INT8));

  private static final Value NULL = Value.newBuilder().setNull(true).build();

  private final NodeFanOut nodes;

  SessionViews(Topology topology, NodeChannels channels, Duration deadline) {
    this.nodes = new NodeFanOut(topology, channels, deadline, log);
  }

  /**
   * @param tenant only this tenant's sessions; empty for all
   */
  List<SessionResponse> show(String tenant) {
    ListSessionsRequest request = ListSessionsRequest.newBuilder().setTenant(tenant).build();
    NodeFanOut.Answers<ListSessionsResponse> answers =
        nodes.ask(
            stub -> stub.listSessions(request),
            "node {} did not list its sessions: {}",
            "listing sessions");
    List<Entry> entries = new ArrayList<>();
    answers
        .answers()
        .forEach(
            (node, sessions) ->
                sessions.getSessionsList().forEach(s -> entries.add(new Entry(node, s, null))));
    answers.failures().forEach((node, reason) -> entries.add(new Entry(node, null, reason)));
    entries.sort(Entry.ORDER);
    return Results.rows(COLUMNS, entries.stream().map(Entry::row).toList(), "SHOW");
  }

  /** One row: a session of a node, or a node that did not answer (session null). */
  private record Entry(String node, SessionInfo session, String failure) {
    static final Comparator<Entry> ORDER =
        Comparator.comparing(Entry::node)
            .thenComparing(e -> e.session == null ? "" : e.session.getTenant())
            .thenComparingLong(e -> e.session == null ? 0 : e.session.getBackendStartUnixMs())
            .thenComparingInt(e -> e.session == null ? 0 : e.session.getBackendPid());

    Row row() {
      if (session == null) {
        return Results.row(
            Results.text(node),
            NULL,
            NULL,
            NULL,
            NULL,
            NULL,
            Results.text(UNAVAILABLE),
            NULL,
            NULL,
            Results.text(failure),
            NULL);
      }
      return Results.row(
          Results.text(node),
          Results.text(session.getTenant()),
          Results.text(session.getUser()),
          Results.text(session.getClientAddress()),
          Results.text(session.getApplicationName()),
          Results.text(session.getGateway()),
          Results.text(session.getState()),
          timestamp(session.getBackendStartUnixMs()),
          timestamp(session.getStateChangeUnixMs()),
          Results.text(session.getQuery()),
          Results.integer(session.getBackendPid()));
    }

    /** ISO-8601 in UTC, e.g. 2026-12-04T13:52:00.123Z; NULL when the node sent none. */
    private static Value timestamp(long unixMs) {
      return unixMs == 0 ? NULL : Results.text(Instant.ofEpochMilli(unixMs).toString());
    }
  }
}
