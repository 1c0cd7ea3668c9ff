/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodedRowsTest {
  private static final String[] TEXTS = {
    "", "a", "value-1234", "héllo", "☃ snow", "😀 four bytes", "0123456789abcdef-long-ascii-text"
  };

  @Test
  void encodedRowsParseBackAndReadAsTheRowsTheyWere() throws IOException {
    Random random = new Random(20261207);
    for (int round = 0; round < 200; round++) {
      List<Row> rows = new ArrayList<>();
      int count = 1 + random.nextInt(20);
      int columns = random.nextInt(6);
      for (int r = 0; r < count; r++) {
        Row.Builder row = Row.newBuilder();
        for (int c = 0; c < columns; c++) {
          row.addValues(randomValue(random));
        }
        rows.add(row.build());
      }
      RowBatch listed = RowBatch.newBuilder().addAllRows(rows).setMaxRowBytes(round).build();

      RowBatch encoded = EncodedRows.encode(listed);

      assertTrue(EncodedRows.isEncoded(encoded));
      assertEquals(0, encoded.getRowsCount());
      assertEquals(count, EncodedRows.count(encoded));
      assertEquals(round, encoded.getMaxRowBytes());
      assertEquals(rows, EncodedRows.rows(encoded));
      assertEquals(rows, read(encoded));
    }
  }

  @Test
  void aBatchWithoutRowsStaysAsItIs() throws IOException {
    RowBatch empty = RowBatch.newBuilder().setMaxRowBytes(8).build();
    assertSame(empty, EncodedRows.encode(empty));
    assertEquals(0, EncodedRows.count(empty));
    assertEquals(List.of(), EncodedRows.rows(empty));
  }

  @Test
  void theReaderSkipsUnknownFieldsAndTakesAValuesLastKindAsParsingDoes() throws IOException {
    ByteString value =
        message(
            out -> {
              out.writeFixed32(15, 7);
              out.writeSInt64(Value.INTEGER_FIELD_NUMBER, 42);
              out.writeString(Value.TEXT_FIELD_NUMBER, "the last one");
            });
    ByteString row =
        message(
            out -> {
              out.writeString(7, "not a value");
              out.writeBytes(1, value);
              out.writeBytes(1, ByteString.EMPTY); // a value with no kind: NULL
            });
    ByteString batch =
        message(
            out -> {
              out.writeUInt64(9, 3);
              out.writeBytes(1, row);
            });
    RowBatch encoded = encoded(batch, 1);

    assertEquals(RowBatch.parseFrom(batch).getRowsList(), EncodedRows.rows(encoded));
    // The reader keeps what the values are, not the fields it skipped.
    List<Row> parsed = withoutUnknownFields(RowBatch.parseFrom(batch).getRowsList());
    assertEquals(parsed, read(encoded));
    assertEquals("the last one", parsed.get(0).getValues(0).getText());
    assertEquals(Value.KindCase.KIND_NOT_SET, parsed.get(0).getValues(1).getKindCase());
  }

  @Test
  void theReaderRefusesWhatParsingRefuses() {
    byte[] invalidUtf8 = {'o', 'k', (byte) 0xC3, (byte) 0x28};
    ByteString badText = oneValue(out -> out.writeByteArray(Value.TEXT_FIELD_NUMBER, invalidUtf8));
    ByteString whole = oneValue(out -> out.writeSInt64(Value.INTEGER_FIELD_NUMBER, 1));
    ByteString cut = whole.substring(0, whole.size() - 1);
    for (ByteString malformed : List.of(badText, cut)) {
      assertThrows(InvalidProtocolBufferException.class, () -> RowBatch.parseFrom(malformed));
      assertThrows(InvalidProtocolBufferException.class, () -> read(encoded(malformed, 1)));
    }
  }

  @Test
  void checksTheUtf8OfEveryByteWhereverItSits() throws IOException {
    // The ASCII test goes eight bytes at a time: put the one non-ASCII character at each place.
    for (int at = 0; at <= 20; at++) {
      String ascii = "abcdefghijklmnopqrst";
      String valid = ascii.substring(0, at) + "é" + ascii.substring(at);
      assertEquals(
          valid,
          read(EncodedRows.encode(batchOf(Value.newBuilder().setText(valid).build())))
              .get(0)
              .getValues(0)
              .getText());

      // One byte that is never UTF-8, alone among ASCII, wherever it sits (the last byte too).
      byte[] invalid = (ascii + "u").getBytes(StandardCharsets.UTF_8);
      invalid[at] = (byte) 0xFF;
      ByteString batch = oneValue(out -> out.writeByteArray(Value.TEXT_FIELD_NUMBER, invalid));
      assertThrows(InvalidProtocolBufferException.class, () -> read(encoded(batch, 1)), valid);
    }
  }

  /** Every value of the batch through the reader, built back into Rows. */
  private static List<Row> read(RowBatch batch) throws IOException {
    EncodedRows.Reader reader = EncodedRows.reader(batch);
    List<Row> rows = new ArrayList<>();
    while (reader.nextRow()) {
      Row.Builder row = Row.newBuilder();
      while (reader.nextValue()) {
        row.addValues(reader.value());
      }
      rows.add(row.build());
    }
    return rows;
  }

  private static List<Row> withoutUnknownFields(List<Row> rows) {
    List<Row> known = new ArrayList<>();
    for (Row row : rows) {
      Row.Builder copy = Row.newBuilder();
      for (Value value : row.getValuesList()) {
        copy.addValues(value.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()));
      }
      known.add(copy.build());
    }
    return known;
  }

  private static Value randomValue(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Value.newBuilder().setNull(true).build();
      case 1 ->
          Value.newBuilder()
              .setInteger(
                  switch (random.nextInt(4)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> random.nextInt(300) - 150;
                    default -> random.nextLong();
                  })
              .build();
      case 2 ->
          Value.newBuilder()
              .setReal(random.nextBoolean() ? Double.longBitsToDouble(random.nextLong()) : -0.0)
              .build();
      case 3 -> Value.newBuilder().setText(TEXTS[random.nextInt(TEXTS.length)]).build();
      case 4 -> {
        byte[] blob = new byte[random.nextInt(12)];
        random.nextBytes(blob);
        yield Value.newBuilder().setBlob(ByteString.copyFrom(blob)).build();
      }
      default -> Value.getDefaultInstance();
    };
  }

  private static RowBatch batchOf(Value value) {
    return RowBatch.newBuilder().addRows(Row.newBuilder().addValues(value)).build();
  }

  /** A batch whose encoded rows are these bytes, unchecked. */
  private static RowBatch encoded(ByteString bytes, int count) {
    return RowBatch.newBuilder().setEncodedRows(bytes).setEncodedCount(count).build();
  }

  /** The bytes of a batch of one row of one value with these fields. */
  private static ByteString oneValue(Fields value) {
    ByteString valueBytes = message(value);
    ByteString row = message(out -> out.writeBytes(1, valueBytes));
    return message(out -> out.writeBytes(1, row));
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString message(Fields fields) {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      fields.write(out);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteString();
  }
}
