/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.Column;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.RowBatch;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DataRows from encoded rows are byte for byte those from listed rows. */
class RowEncoderTest {
  private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

  private static final List<Value> VALUES = values();

  @Test
  void encodedRowsGiveTheSameDataRowsAsListedOnesForEveryTypeAndFormat() {
    int checked = 0;
    for (PgType type : PgType.values()) {
      if (type == PgType.UNRECOGNIZED || type == PgType.PG_TYPE_UNSPECIFIED) {
        continue;
      }
      // The typed column, then one past the description (shown as text).
      List<Column> columns = List.of(Column.newBuilder().setName("c").setType(type).build());
      for (int format : new int[] {RowEncoder.TEXT, RowEncoder.BINARY}) {
        RowEncoder encoder = RowEncoder.of(columns, List.of(format));
        for (Value value : VALUES) {
          Row row = Row.newBuilder().addValues(value).addValues(value).build();
          RowBatch listed = RowBatch.newBuilder().addRows(row).addRows(row).build();
          assertEquals(
              outcome(encoder, listed),
              outcome(encoder, EncodedRows.encode(listed)),
              type + " format " + format + " " + value);
          checked++;
        }
      }
    }
    assertTrue(checked > 1_000, "checked " + checked);
  }

  @Test
  void rowsOfAnyWidthKeepTheirColumnCount() {
    RowEncoder encoder = RowEncoder.text(List.of());
    List<Row> rows = new ArrayList<>();
    for (int width = 0; width < 40; width += 13) {
      Row.Builder row = Row.newBuilder();
      for (int i = 0; i < width; i++) {
        row.addValues(Value.newBuilder().setInteger(i));
      }
      rows.add(row.build());
    }
    RowBatch listed = RowBatch.newBuilder().addAllRows(rows).build();
    assertEquals(outcome(encoder, listed), outcome(encoder, EncodedRows.encode(listed)));
  }

  @Test
  void encodedRowsThatDoNotParseEndTheSession() {
    RowEncoder encoder = RowEncoder.text(List.of());
    RowBatch cut =
        RowBatch.newBuilder()
            .setEncodedRows(
                EncodedRows.encode(
                        RowBatch.newBuilder()
                            .addRows(
                                Row.newBuilder().addValues(Value.newBuilder().setText("cut here")))
                            .build())
                    .getEncodedRows()
                    .substring(0, 6))
            .setEncodedCount(1)
            .build();
    PgException e = assertThrows(PgException.class, () -> encoder.dataRows(ALLOC, cut));
    assertEquals(SqlState.CONNECTION_FAILURE, e.error().state());
  }

  /** The DataRow bytes as hex, or the failure's message. */
  private static String outcome(RowEncoder encoder, RowBatch batch) {
    try {
      ByteBuf out = encoder.dataRows(ALLOC, batch);
      try {
        return ByteBufUtil.hexDump(out);
      } finally {
        out.release();
      }
    } catch (PgException e) {
      return "error " + e.error();
    }
  }

  private static List<Value> values() {
    List<Value> values = new ArrayList<>();
    values.add(Value.newBuilder().setNull(true).build());
    values.add(Value.getDefaultInstance());
    for (long n :
        new long[] {
          0,
          1,
          -1,
          9,
          10,
          -10,
          99,
          100,
          127,
          128,
          32767,
          -32768,
          2147483647L,
          -2147483648L,
          999_999_999_999L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          Long.MIN_VALUE + 1
        }) {
      values.add(Value.newBuilder().setInteger(n).build());
    }
    for (double d :
        new double[] {
          0.0,
          -0.0,
          0.5,
          1.5,
          -2.25,
          1e-7,
          123456789.125,
          1e300,
          Double.MIN_VALUE,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          0.1f
        }) {
      values.add(Value.newBuilder().setReal(d).build());
    }
    for (String s :
        new String[] {
          "",
          "abc",
          "héllo ☃ 😀",
          "42",
          "-7",
          "1.5",
          "NaN",
          "t",
          "false",
          "2024-01-02",
          "2024-01-02 03:04:05",
          "2024-01-02 03:04:05+02",
          "{1,2,3}",
          "{\"a\": 1}",
          "00000000-0000-0000-0000-00000000002a",
          "12345678901234567890.125"
        }) {
      values.add(Value.newBuilder().setText(s).build());
    }
    values.add(
        Value.newBuilder()
            .setBlob(com.google.protobuf.ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff}))
            .build());
    values.add(Value.newBuilder().setBlob(com.google.protobuf.ByteString.EMPTY).build());
    return values;
  }
}
