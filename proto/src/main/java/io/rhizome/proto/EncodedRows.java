/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import com.google.common.base.Utf8;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A RowBatch's rows as bytes ({@code RowBatch.encoded_rows}): the same protobuf encoding the
 * repeated {@code rows} field has, kept as one {@code bytes} value so that the gateway can read
 * values straight into its DataRows ({@link Reader}) instead of parsing a Row and a Value object
 * per value, which was a third of a gateway's CPU on large results. The node sends rows this way
 * when the session's Open asked for it.
 */
public final class EncodedRows {
  private static final int ROW_TAG = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int VALUE_TAG = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int NULL_TAG = tag(Value.NULL_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int INTEGER_TAG =
      tag(Value.INTEGER_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
  private static final int REAL_TAG = tag(Value.REAL_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64);
  private static final int TEXT_TAG =
      tag(Value.TEXT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int BLOB_TAG =
      tag(Value.BLOB_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private EncodedRows() {}

  /** A field's tag as protobuf writes it: its number, then three bits of wire type. */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** The batch with its rows encoded instead of listed; a batch without rows as it is. */
  public static RowBatch encode(RowBatch batch) {
    List<Row> rows = batch.getRowsList();
    if (rows.isEmpty()) {
      return batch;
    }
    BatchWriter writer = new BatchWriter();
    for (Row row : rows) {
      writer.add(row);
    }
    return writer.build(batch.getMaxRowBytes());
  }

  /** Gathers the rows of an encoded batch: Row objects, or rows already encoded by a RowWriter. */
  public static final class BatchWriter {
    private final List<Object> rows = new ArrayList<>();
    private int size;

    public void add(Row row) {
      rows.add(row);
      size += CodedOutputStream.computeMessageSize(RowBatch.ROWS_FIELD_NUMBER, row);
    }

    /** A row as {@link RowWriter#finish} made it. */
    public void add(byte[] row) {
      rows.add(row);
      size += CodedOutputStream.computeByteArraySize(RowBatch.ROWS_FIELD_NUMBER, row);
    }

    public RowBatch build(long maxRowBytes) {
      byte[] bytes = new byte[size];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      try {
        for (Object row : rows) {
          if (row instanceof Row message) {
            out.writeMessage(RowBatch.ROWS_FIELD_NUMBER, message);
          } else {
            out.writeByteArray(RowBatch.ROWS_FIELD_NUMBER, (byte[]) row);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("rows outgrew the size computed for them", e);
      }
      out.checkNoSpaceLeft();
      return RowBatch.newBuilder()
          .setMaxRowBytes(maxRowBytes)
          // A fresh array that nothing else keeps: wrapping it saves a copy.
          .setEncodedRows(UnsafeByteOperations.unsafeWrap(bytes))
          .setEncodedCount(rows.size())
          .build();
    }
  }

  /**
   * Encodes one row value by value, as protobuf encodes a Row of those Values, without building
   * them: the node's reader writes the values it takes from SQLite straight into it. Reusable:
   * {@link #finish} returns the row and starts the next.
   */
  public static final class RowWriter {
    private byte[] buffer = new byte[256];
    private int length;

    public void writeNull() {
      value(NULL_TAG, 1);
      buffer[length++] = 1;
    }

    public void writeInteger(long value) {
      long zigzag = CodedOutputStream.encodeZigZag64(value);
      value(INTEGER_TAG, CodedOutputStream.computeUInt64SizeNoTag(zigzag));
      varint(zigzag);
    }

    public void writeReal(double value) {
      value(REAL_TAG, Long.BYTES);
      LONGS.set(buffer, length, Double.doubleToRawLongBits(value));
      length += Long.BYTES;
    }

    /** A text value's UTF-8 bytes, which must be valid UTF-8. */
    public void writeText(byte[] utf8) {
      bytes(TEXT_TAG, utf8);
    }

    public void writeBlob(byte[] blob) {
      bytes(BLOB_TAG, blob);
    }

    /** The row written so far, as a Row message's bytes; the writer is then empty. */
    public byte[] finish() {
      byte[] row = Arrays.copyOf(buffer, length);
      length = 0;
      return row;
    }

    private void bytes(int tag, byte[] value) {
      value(tag, CodedOutputStream.computeUInt32SizeNoTag(value.length) + value.length);
      varint(value.length);
      System.arraycopy(value, 0, buffer, length, value.length);
      length += value.length;
    }

    /** Starts a Value of one field: the Row's field 1 with its length, then the field's tag. */
    private void value(int tag, int fieldBytes) {
      int valueBytes = 1 + fieldBytes;
      ensure(2 + CodedOutputStream.computeUInt32SizeNoTag(valueBytes) + fieldBytes);
      buffer[length++] = (byte) VALUE_TAG;
      varint(valueBytes);
      buffer[length++] = (byte) tag;
    }

    private void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        buffer[length++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buffer[length++] = (byte) value;
    }

    private void ensure(int more) {
      if (buffer.length - length < more) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }
  }

  /**
   * Whether every byte is below 0x80, eight at a time: most text is ASCII, and Guava's check tests
   * one byte per step (12% of a gateway's CPU on a large result of short texts).
   */
  public static boolean isAscii(byte[] bytes, int at, int length) {
    int i = at;
    int end = at + length;
    long high = 0;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      high |= (long) LONGS.get(bytes, i);
    }
    for (; i < end; i++) {
      high |= bytes[i];
    }
    return (high & 0x8080808080808080L) == 0;
  }

  /** Whether the batch carries its rows encoded. */
  public static boolean isEncoded(RowBatch batch) {
    return !batch.getEncodedRows().isEmpty();
  }

  /** The number of rows in the batch, in either form. */
  public static int count(RowBatch batch) {
    return batch.getRowsCount() + batch.getEncodedCount();
  }

  /**
   * The batch's rows as objects, parsing encoded ones.
   *
   * @throws InvalidProtocolBufferException when the encoded rows do not parse
   */
  public static List<Row> rows(RowBatch batch) throws InvalidProtocolBufferException {
    if (!isEncoded(batch)) {
      return batch.getRowsList();
    }
    return RowBatch.parseFrom(batch.getEncodedRows()).getRowsList();
  }

  /**
   * Reads a batch's encoded rows one value at a time, with what parsing them into Rows would check:
   * well-formed protobuf, valid UTF-8 in text, unknown fields skipped, the last of a value's fields
   * deciding its kind.
   */
  public static Reader reader(RowBatch batch) {
    return new Reader(batch.getEncodedRows());
  }

  /** A cursor over encoded rows: {@link #nextRow}, then {@link #nextValue} until it is false. */
  public static final class Reader {
    private final byte[] bytes;
    private final CodedInputStream in;
    private int afterRow = -1;
    private Value.KindCase kind = Value.KindCase.KIND_NOT_SET;
    private long integer;
    private double real;
    private int at;
    private int length;

    private Reader(ByteString encoded) {
      // One copy per batch, so that a text value can be copied out of the array where it lies.
      this.bytes = encoded.toByteArray();
      this.in = CodedInputStream.newInstance(bytes);
    }

    /** Moves to the next row; false after the last one. */
    public boolean nextRow() throws IOException {
      if (afterRow >= 0) {
        throw new IllegalStateException("the row before has values left");
      }
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag == ROW_TAG) {
          afterRow = in.pushLimit(in.readRawVarint32());
          return true;
        }
        skip(tag);
      }
      return false;
    }

    /** Moves to the row's next value; false after its last one. */
    public boolean nextValue() throws IOException {
      if (afterRow < 0) {
        throw new IllegalStateException("no row");
      }
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag == VALUE_TAG) {
          int afterValue = in.pushLimit(in.readRawVarint32());
          readValue();
          in.popLimit(afterValue);
          return true;
        }
        skip(tag);
      }
      in.popLimit(afterRow);
      afterRow = -1;
      return false;
    }

    private void readValue() throws IOException {
      kind = Value.KindCase.KIND_NOT_SET;
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        if (tag == NULL_TAG) {
          in.readBool();
          kind = Value.KindCase.NULL;
        } else if (tag == INTEGER_TAG) {
          integer = in.readSInt64();
          kind = Value.KindCase.INTEGER;
        } else if (tag == REAL_TAG) {
          real = in.readDouble();
          kind = Value.KindCase.REAL;
        } else if (tag == TEXT_TAG) {
          span();
          if (!isAscii(bytes, at, length) && !Utf8.isWellFormed(bytes, at, length)) {
            throw new InvalidProtocolBufferException("a text value is not valid UTF-8");
          }
          kind = Value.KindCase.TEXT;
        } else if (tag == BLOB_TAG) {
          span();
          kind = Value.KindCase.BLOB;
        } else {
          skip(tag);
        }
      }
    }

    private void span() throws IOException {
      int size = in.readRawVarint32();
      if (size < 0 || size > in.getBytesUntilLimit()) {
        throw new InvalidProtocolBufferException("a value's length runs past its end");
      }
      at = in.getTotalBytesRead();
      length = size;
      in.skipRawBytes(size);
    }

    private void skip(int tag) throws IOException {
      if (!in.skipField(tag)) {
        throw new InvalidProtocolBufferException("an end-group tag where none was open");
      }
    }

    /** The current value's kind: NULL or KIND_NOT_SET (both SQL NULL), or a storage class. */
    public Value.KindCase kind() {
      return kind;
    }

    /** The current value, when its kind is INTEGER. */
    public long integer() {
      return integer;
    }

    /** The current value, when its kind is REAL. */
    public double real() {
      return real;
    }

    /** The array holding the current TEXT (UTF-8) or BLOB value's bytes, at {@link #at()}. */
    public byte[] bytes() {
      return bytes;
    }

    public int at() {
      return at;
    }

    public int length() {
      return length;
    }

    /** The current value as the object parsing would have built. */
    public Value value() {
      return switch (kind) {
        case NULL -> Value.newBuilder().setNull(true).build();
        case INTEGER -> Value.newBuilder().setInteger(integer).build();
        case REAL -> Value.newBuilder().setReal(real).build();
        case TEXT ->
            Value.newBuilder()
                .setText(new String(bytes, at, length, StandardCharsets.UTF_8))
                .build();
        case BLOB -> Value.newBuilder().setBlob(ByteString.copyFrom(bytes, at, length)).build();
        case KIND_NOT_SET -> Value.getDefaultInstance();
      };
    }
  }
}
