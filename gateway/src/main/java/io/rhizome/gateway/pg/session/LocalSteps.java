/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.Row;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extended-query steps on session statements (SET, SHOW, ...), which the gateway answers
 * itself. Such a statement runs at Bind, under the rules it has in a simple Query, and its portal
 * keeps the result: a handful of rows at most, handed out by Execute within its row limit.
 */
final class LocalSteps {
  private LocalSteps() {}

  /**
   * Runs a session statement for a Bind and answers BindComplete.
   *
   * @param ran told of the result (DISCARD ALL has effects beyond its settings)
   * @return the portal holding the result
   */
  static ClientPortal bind(
      ExtendedProtocol.Host host,
      String statementName,
      ClientStatement statement,
      List<Integer> resultFormats,
      int values,
      java.util.function.Consumer<LocalStatement.Result> ran) {
    if (values != 0) {
      throw PgException.error(
          SqlState.PROTOCOL_VIOLATION,
          "bind message supplies "
              + values
              + " parameters, but prepared statement \""
              + statementName
              + "\" requires 0");
    }
    requireNotAborted(host);
    Optional<String> outsideOnly = statement.local().outsideTransactionOnly();
    if (outsideOnly.isPresent() && host.txStatus() != TxStatus.IDLE) {
      throw PgException.error(
          SqlState.ACTIVE_SQL_TRANSACTION,
          outsideOnly.get() + " cannot run inside a transaction block");
    }
    host.settings().transactionStatus(host.txStatus());
    LocalStatement.Result result = statement.local().execute(host.settings());
    ran.accept(result);
    RowEncoder encoder = null;
    List<Row> rows = new ArrayList<>();
    String tag = "";
    for (SessionResponse r : result.responses()) {
      switch (r.getKindCase()) {
        case ROW_DESCRIPTION ->
            encoder = RowEncoder.of(r.getRowDescription().getColumnsList(), resultFormats);
        case ROWS -> rows.addAll(NodeRows.of(r.getRows()));
        case COMMAND_COMPLETE -> tag = r.getCommandComplete().getTag();
        default -> {}
      }
    }
    host.write(BackendMessages.bindComplete());
    return ClientPortal.local(statement, resultFormats, encoder, result.reported(), rows, tag);
  }

  /**
   * ParameterDescription, then the RowDescription (text formats) or NoData of a session statement
   * before it runs. Only a statement that just reads settings is run to learn its columns; one that
   * fails then describes as NoData and reports its error when executed.
   */
  static void describeStatement(ExtendedProtocol.Host host, ClientStatement statement) {
    host.write(BackendMessages.parameterDescription(host.alloc(), statement.parameterTypes()));
    host.write(shape(host, statement));
  }

  private static ByteBuf shape(ExtendedProtocol.Host host, ClientStatement statement) {
    if (statement.localRows()) {
      try {
        for (SessionResponse r : statement.local().execute(host.settings()).responses()) {
          if (r.hasRowDescription()) {
            return RowEncoder.text(r.getRowDescription().getColumnsList())
                .rowDescription(host.alloc());
          }
        }
      } catch (PgException e) {
        // reported when executed
      }
    }
    return BackendMessages.noData();
  }

  static void describePortal(ExtendedProtocol.Host host, ClientPortal portal) {
    RowEncoder encoder = portal.encoder();
    host.write(encoder == null ? BackendMessages.noData() : encoder.rowDescription(host.alloc()));
  }

  /** The statement's ParameterStatus (at the first Execute), then rows within the limit. */
  static void execute(ExtendedProtocol.Host host, ClientPortal portal, int maxRows) {
    for (ParameterStatus p : portal.takeReported()) {
      host.write(BackendMessages.parameterStatus(host.alloc(), p.name(), p.value()));
    }
    List<Row> rows = portal.takeRows(maxRows <= 0 ? Long.MAX_VALUE : maxRows);
    if (!rows.isEmpty()) {
      host.write(portal.encoder().dataRows(host.alloc(), rows));
    }
    host.write(
        portal.hasMoreRows()
            ? BackendMessages.portalSuspended()
            : BackendMessages.commandComplete(host.alloc(), portal.tag(rows.size())));
  }

  /** Session statements in a failed transaction get 25P02, as statements on the node do. */
  static void requireNotAborted(ExtendedProtocol.Host host) {
    if (host.txStatus() == TxStatus.FAILED) {
      throw new PgException(
          PgError.error(
              SqlState.IN_FAILED_SQL_TRANSACTION,
              "current transaction is aborted, commands ignored until end of transaction block"));
    }
  }
}
