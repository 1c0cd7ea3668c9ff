/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.copy.CopyOutEncoder;
import io.rhizome.gateway.pg.copy.CopyStatement;
import io.rhizome.gateway.pg.types.PgTypeCodec;
import io.rhizome.gateway.pg.types.PgTypes;
import io.rhizome.proto.Column;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY ... TO STDOUT: runs the equivalent SELECT on the backend and sends each row as one CopyData
 * line, with the values in the text form a DataRow would carry. Rows stream under the session's
 * demand like any result, so a large table never sits in memory.
 */
final class CopyOut implements CopyHost.Driver {
  private final CopyHost host;
  private final CopyStatement statement;
  private final CopyOutEncoder encoder;
  private PgTypeCodec[] codecs;

  /** The text values of the row being sent (null for NULL). */
  private final List<String> values = new ArrayList<>();

  private long rows;
  private PgError error;

  CopyOut(CopyHost host, CopyStatement statement) {
    this.host = host;
    this.statement = statement;
    this.encoder = new CopyOutEncoder(statement.format());
  }

  @Override
  public void start() {
    host.awaitBackend();
    host.backend().execute(List.of(statement.select()));
  }

  @Override
  public void onResponse(SessionResponse response) {
    switch (response.getKindCase()) {
      case ROW_DESCRIPTION -> describe(response.getRowDescription().getColumnsList());
      case ROWS -> {
        if (codecs != null) {
          send(response.getRows());
        }
      }
      case COMMAND_COMPLETE -> {
        if (codecs == null) {
          fail(
              PgError.error(
                  SqlState.FEATURE_NOT_SUPPORTED, "COPY query must be a query that returns rows"));
        } else {
          host.write(BackendMessages.copyDone());
          host.write(BackendMessages.commandComplete(host.alloc(), "COPY " + rows));
        }
      }
      case ERROR -> fail(ResponseWriter.error(response.getError()));
      case READY -> host.copyFinished(response.getReady().getStatus(), error);
      default -> {
        // EmptyQuery and the like carry nothing for the client of a COPY.
      }
    }
  }

  private void describe(List<Column> columns) {
    if (codecs != null) {
      return;
    }
    codecs = new PgTypeCodec[columns.size()];
    List<String> names = new ArrayList<>(columns.size());
    for (int i = 0; i < codecs.length; i++) {
      codecs[i] = PgTypes.forType(columns.get(i).getType());
      names.add(columns.get(i).getName());
    }
    host.write(BackendMessages.copyOutResponse(host.alloc(), 0, codecs.length));
    if (statement.format().header()) {
      byte[] line = encoder.header(names);
      host.write(BackendMessages.copyData(host.alloc(), line, 0, line.length));
    }
  }

  /**
   * Sends a batch's rows as CopyData lines; encoded rows are read value by value, without a Row
   * object per row.
   */
  private void send(RowBatch batch) {
    ByteBuf out = host.alloc().buffer();
    try {
      if (EncodedRows.isEncoded(batch)) {
        EncodedRows.Reader reader = EncodedRows.reader(batch);
        while (reader.nextRow()) {
          values.clear();
          while (reader.nextValue()) {
            add(reader.value());
          }
          line(out);
        }
      } else {
        for (Row row : batch.getRowsList()) {
          values.clear();
          for (Value value : row.getValuesList()) {
            add(value);
          }
          line(out);
        }
      }
    } catch (IOException e) {
      out.release();
      throw NodeRows.malformed(e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    host.write(out);
    host.flush();
  }

  /** The text of the row's next value, by its column's type. */
  private void add(Value value) {
    int column = values.size();
    PgTypeCodec codec = column < codecs.length ? codecs[column] : PgTypes.text();
    values.add(codec.encodeText(value));
  }

  private void line(ByteBuf out) {
    byte[] line = encoder.row(values);
    int start = BackendMessages.begin(out, 'd');
    out.writeBytes(line);
    BackendMessages.end(out, start);
    rows++;
  }

  private void fail(PgError e) {
    if (error == null) {
      error = e;
    }
  }
}
