/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.Row;
import java.util.List;

/**
 * A portal a client created with Bind, as the gateway knows it: the formats it asked for the result
 * columns and, once the column types are known, the encoder of its rows.
 *
 * <p>A portal of a session statement holds the statement's whole result (session statements run at
 * Bind and return a handful of rows), so Execute only hands it out, within the row limit.
 */
final class ClientPortal {
  private final ClientStatement statement;
  private final List<Integer> resultFormats;
  private RowEncoder encoder;

  // A session statement's result: what to report at the first Execute, then its rows and tag.
  private final List<ParameterStatus> reported;
  private final List<Row> rows;
  private final String tag;
  private int next;
  private boolean started;

  private ClientPortal(
      ClientStatement statement,
      List<Integer> resultFormats,
      List<ParameterStatus> reported,
      List<Row> rows,
      String tag) {
    this.statement = statement;
    this.resultFormats = List.copyOf(resultFormats);
    this.reported = reported;
    this.rows = rows;
    this.tag = tag;
  }

  static ClientPortal remote(ClientStatement statement, List<Integer> resultFormats) {
    return new ClientPortal(statement, resultFormats, List.of(), List.of(), null);
  }

  /**
   * A session statement's portal.
   *
   * @param encoder the encoder of its rows, or null when it returns none
   */
  static ClientPortal local(
      ClientStatement statement,
      List<Integer> resultFormats,
      RowEncoder encoder,
      List<ParameterStatus> reported,
      List<Row> rows,
      String tag) {
    ClientPortal portal =
        new ClientPortal(statement, resultFormats, List.copyOf(reported), List.copyOf(rows), tag);
    portal.encoder = encoder;
    return portal;
  }

  ClientStatement statement() {
    return statement;
  }

  boolean isLocal() {
    return statement.isLocal();
  }

  List<Integer> resultFormats() {
    return resultFormats;
  }

  /** The encoder of the rows, or null while the column types are unknown (or there are none). */
  RowEncoder encoder() {
    return encoder;
  }

  void encoder(RowEncoder value) {
    encoder = value;
  }

  /** The ParameterStatus messages of a session statement, once: at its first Execute. */
  List<ParameterStatus> takeReported() {
    if (started) {
      return List.of();
    }
    started = true;
    return reported;
  }

  /** The next rows of a session statement's result, at most {@code max}. */
  List<Row> takeRows(long max) {
    int end = (int) Math.min(rows.size(), next + max);
    List<Row> taken = rows.subList(next, end);
    next = end;
    return taken;
  }

  boolean hasMoreRows() {
    return next < rows.size();
  }

  /** The command tag of a session statement, with the rows of the last Execute for SELECT. */
  String tag(int rowsSent) {
    return tag.startsWith("SELECT") ? "SELECT " + rowsSent : tag;
  }
}
