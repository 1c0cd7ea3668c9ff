/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.types.PgTypeCodec;
import io.rhizome.gateway.pg.types.PgTypes;
import io.rhizome.proto.Column;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of one result as the client gets them: each column's type (its codec) and the format
 * the client asked for it, text (0) or binary (1). Writes the RowDescription and the DataRows.
 */
final class RowEncoder {
  static final int TEXT = 0;
  static final int BINARY = 1;

  private final List<Column> columns;
  private final PgTypeCodec[] codecs;
  private final int[] formats;

  private RowEncoder(List<Column> columns, int[] formats) {
    this.columns = List.copyOf(columns);
    this.codecs = new PgTypeCodec[columns.size()];
    for (int i = 0; i < codecs.length; i++) {
      codecs[i] = PgTypes.forType(columns.get(i).getType());
    }
    this.formats = formats;
  }

  /** Every column in text format (the simple query protocol). */
  static RowEncoder text(List<Column> columns) {
    return new RowEncoder(columns, new int[columns.size()]);
  }

  /**
   * Columns in the formats a Bind asked for: no code means all text, one code applies to every
   * column, otherwise one code per column.
   *
   * @throws PgException (08P01) when the number of codes fits none of these
   */
  static RowEncoder of(List<Column> columns, List<Integer> resultFormats) {
    int[] formats = new int[columns.size()];
    if (resultFormats.size() == 1) {
      java.util.Arrays.fill(formats, resultFormats.get(0));
    } else if (resultFormats.size() == columns.size()) {
      for (int i = 0; i < formats.length; i++) {
        formats[i] = resultFormats.get(i);
      }
    } else if (!resultFormats.isEmpty()) {
      throw PgException.error(
          SqlState.PROTOCOL_VIOLATION,
          "bind message has "
              + resultFormats.size()
              + " result formats but query has "
              + columns.size()
              + " columns");
    }
    return new RowEncoder(columns, formats);
  }

  ByteBuf rowDescription(ByteBufAllocator alloc) {
    List<BackendMessages.Field> fields = new ArrayList<>(columns.size());
    for (int i = 0; i < codecs.length; i++) {
      fields.add(
          new BackendMessages.Field(
              columns.get(i).getName(), codecs[i].oid(), codecs[i].typeLength(), formats[i]));
    }
    return BackendMessages.rowDescription(alloc, fields);
  }

  /**
   * All rows of a batch as DataRows in one buffer, in either of the batch's forms.
   *
   * @throws PgException when a value has no binary form of its column's type, or encoded rows do
   *     not parse
   */
  ByteBuf dataRows(ByteBufAllocator alloc, RowBatch batch) {
    if (!EncodedRows.isEncoded(batch)) {
      return dataRows(alloc, batch.getRowsList());
    }
    ByteBuf out = alloc.buffer();
    try {
      EncodedRows.Reader reader = EncodedRows.reader(batch);
      while (reader.nextRow()) {
        int start = BackendMessages.beginDataRow(out, 0);
        int column = 0;
        while (reader.nextValue()) {
          writeColumn(out, column++, reader);
        }
        BackendMessages.setDataRowColumns(out, start, column);
        BackendMessages.end(out, start);
      }
      return out;
    } catch (IOException e) {
      out.release();
      throw NodeRows.malformed(e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * All rows of a list as DataRows in one buffer.
   *
   * @throws PgException when a value has no binary form of its column's type
   */
  ByteBuf dataRows(ByteBufAllocator alloc, List<Row> rows) {
    ByteBuf out = alloc.buffer();
    try {
      for (Row row : rows) {
        int start = BackendMessages.beginDataRow(out, row.getValuesCount());
        for (int i = 0; i < row.getValuesCount(); i++) {
          writeColumn(out, i, row.getValues(i));
        }
        BackendMessages.end(out, start);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /** A value of encoded rows: as its natural text where its column shows that, else as a Value. */
  private void writeColumn(ByteBuf out, int column, EncodedRows.Reader value) {
    Value.KindCase kind = value.kind();
    if (kind == Value.KindCase.NULL || kind == Value.KindCase.KIND_NOT_SET) {
      BackendMessages.writeNullColumn(out);
      return;
    }
    PgTypeCodec codec = column < codecs.length ? codecs[column] : PgTypes.text();
    boolean text = column >= formats.length || formats[column] == TEXT;
    if (!text || !codec.writeNaturalText(out, value)) {
      writeColumn(out, column, value.value());
    }
  }

  private void writeColumn(ByteBuf out, int column, Value v) {
    // A row wider than its description is still shown, as text, rather than dropped.
    PgTypeCodec codec = column < codecs.length ? codecs[column] : PgTypes.text();
    if (column < formats.length && formats[column] == BINARY) {
      if (v.getKindCase() == Value.KindCase.NULL
          || v.getKindCase() == Value.KindCase.KIND_NOT_SET) {
        BackendMessages.writeNullColumn(out);
        return;
      }
      int lengthAt = BackendMessages.beginColumn(out);
      try {
        codec.writeBinary(out, v);
      } catch (PgException e) {
        throw new PgException(
            e.error().withDetail("column \"" + columns.get(column).getName() + "\""));
      }
      BackendMessages.endColumn(out, lengthAt);
      return;
    }
    if (codec.writeNaturalText(out, v)) {
      return;
    }
    String text = codec.encodeText(v);
    if (text == null) {
      BackendMessages.writeNullColumn(out);
    } else {
      BackendMessages.writeTextColumn(out, text);
    }
  }
}
