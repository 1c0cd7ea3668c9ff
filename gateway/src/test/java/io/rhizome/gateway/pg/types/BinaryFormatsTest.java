/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.ByteConverter;

/**
 * Binary wire forms of every type, result and parameter direction, against exact bytes (taken from
 * Postgres' send/recv functions) and, for numeric, against pgjdbc's independent implementation.
 */
class BinaryFormatsTest {

  private static Value integer(long n) {
    return Value.newBuilder().setInteger(n).build();
  }

  private static Value real(double d) {
    return Value.newBuilder().setReal(d).build();
  }

  private static Value text(String s) {
    return Value.newBuilder().setText(s).build();
  }

  private static Value blob(byte... b) {
    return Value.newBuilder().setBlob(ByteString.copyFrom(b)).build();
  }

  private static String binary(PgType type, Value v) {
    ByteBuf out = Unpooled.buffer();
    try {
      PgTypes.forType(type).writeBinary(out, v);
      return ByteBufUtil.hexDump(out);
    } finally {
      out.release();
    }
  }

  private static Value fromBinary(PgType type, String hex) {
    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    return PgTypes.forType(type).decodeBinary(in);
  }

  private static Value fromText(PgType type, String text) {
    return PgTypes.forType(type).decodeText(text);
  }

  private static SqlState failure(Runnable r) {
    return assertThrows(PgException.class, r::run).error().state();
  }

  static Stream<Arguments> results() {
    return Stream.of(
        // type, stored value, binary form
        Arguments.of(PgType.INT2, integer(-2), "fffe"),
        Arguments.of(PgType.INT4, integer(42), "0000002a"),
        Arguments.of(PgType.INT8, integer(-1), "ffffffffffffffff"),
        Arguments.of(PgType.INT8, real(3.0), "0000000000000003"),
        Arguments.of(PgType.INT8, text(" 12 "), "000000000000000c"),
        Arguments.of(PgType.FLOAT8, real(1.5), "3ff8000000000000"),
        Arguments.of(PgType.FLOAT8, integer(2), "4000000000000000"),
        Arguments.of(PgType.FLOAT4, real(1.5), "3fc00000"),
        Arguments.of(PgType.FLOAT8, text("NaN"), "7ff8000000000000"),
        Arguments.of(PgType.BOOL, integer(5), "01"),
        Arguments.of(PgType.BOOL, integer(0), "00"),
        Arguments.of(PgType.BOOL, text("true"), "01"),
        Arguments.of(PgType.BYTEA, blob((byte) 0, (byte) 0xff), "00ff"),
        Arguments.of(PgType.BYTEA, text("é"), "c3a9"),
        Arguments.of(PgType.TEXT, text("é"), "c3a9"),
        Arguments.of(PgType.TEXT, integer(12), "3132"),
        Arguments.of(PgType.VARCHAR, text("a"), "61"),
        Arguments.of(PgType.JSON, text("{\"a\":1}"), "7b2261223a317d"),
        Arguments.of(
            PgType.UUID,
            text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
            "a0eebc999c0b4ef8bb6d6bb9bd380a11"),
        Arguments.of(PgType.UUID, blob(new byte[16]), "00000000000000000000000000000000"),
        Arguments.of(PgType.DATE, text("2000-01-02"), "00000001"),
        Arguments.of(PgType.DATE, text("1999-12-31"), "ffffffff"),
        Arguments.of(PgType.DATE, text("2000-01-01 23:59:59"), "00000000"),
        Arguments.of(PgType.DATE, integer(946771200L), "00000001"), // Unix seconds
        Arguments.of(PgType.DATE, text("infinity"), "7fffffff"),
        Arguments.of(PgType.TIMESTAMP, text("2000-01-01 00:00:01"), "00000000000f4240"),
        Arguments.of(PgType.TIMESTAMP, text("2000-01-01T00:00:00.000001+05"), "0000000000000001"),
        Arguments.of(PgType.TIMESTAMPTZ, text("2000-01-01 01:00:00+01"), "0000000000000000"),
        Arguments.of(PgType.TIMESTAMPTZ, text("2000-01-01 00:00:00.5"), "000000000007a120"),
        Arguments.of(PgType.TIMESTAMPTZ, integer(946684800L), "0000000000000000"),
        Arguments.of(PgType.TIMESTAMPTZ, real(2451544.5), "0000000000000000"), // Julian day
        Arguments.of(PgType.TIMESTAMPTZ, text("-infinity"), "8000000000000000"),
        // numeric: ndigits, weight, sign, dscale, base-10000 digits
        Arguments.of(PgType.NUMERIC, text("12.50"), "0002" + "0000" + "0000" + "0002" + "000c1388"),
        Arguments.of(
            PgType.NUMERIC,
            text("-1234567.8900"),
            "0003" + "0001" + "4000" + "0004" + "007b11d722c4"),
        Arguments.of(PgType.NUMERIC, integer(100000), "0001" + "0001" + "0000" + "0000" + "000a"),
        Arguments.of(PgType.NUMERIC, text("0.0001"), "0001" + "ffff" + "0000" + "0004" + "0001"),
        Arguments.of(PgType.NUMERIC, text("0.00001"), "0001" + "fffe" + "0000" + "0005" + "03e8"),
        Arguments.of(PgType.NUMERIC, integer(0), "0000" + "0000" + "0000" + "0000"),
        Arguments.of(PgType.NUMERIC, real(0.1), "0001" + "ffff" + "0000" + "0001" + "03e8"),
        Arguments.of(PgType.NUMERIC, text("NaN"), "0000" + "0000" + "c000" + "0000"),
        // The catalog's own types.
        Arguments.of(PgType.OID, integer(16385), "00004001"),
        Arguments.of(PgType.OID, integer(4294967295L), "ffffffff"),
        Arguments.of(PgType.NAME, text("books"), "626f6f6b73"),
        Arguments.of(PgType.CHAR, text("r"), "72"),
        // arrays: ndim, has-nulls, element OID, length, lower bound, then length + value each
        Arguments.of(
            PgType.INT2_ARRAY,
            text("{1,2}"),
            "00000001"
                + "00000000"
                + "00000015"
                + "00000002"
                + "00000001"
                + "00000002"
                + "0001"
                + "00000002"
                + "0002"),
        Arguments.of(
            PgType.TEXT_ARRAY,
            text("{a,NULL,\"b c\"}"),
            "00000001"
                + "00000001"
                + "00000019"
                + "00000003"
                + "00000001"
                + "00000001"
                + "61"
                + "ffffffff"
                + "00000003"
                + "622063"),
        Arguments.of(PgType.OID_ARRAY, text("{}"), "00000000" + "00000000" + "0000001a"),
        // a vector's subscripts start at 0
        Arguments.of(
            PgType.INT2VECTOR,
            text("1 3"),
            "00000001"
                + "00000000"
                + "00000015"
                + "00000002"
                + "00000000"
                + "00000002"
                + "0001"
                + "00000002"
                + "0003"),
        Arguments.of(
            PgType.NUMERIC, real(Double.NEGATIVE_INFINITY), "0000" + "0000" + "f000" + "0000"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("results")
  void writesResultValuesInBinary(PgType type, Value stored, String expected) {
    assertEquals(expected, binary(type, stored));
  }

  @Test
  void refusesValuesWithNoBinaryFormOfTheirColumnType() {
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.INT8, text("abc"))));
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.INT8, real(1.5))));
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.FLOAT8, blob((byte) 1))));
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.DATE, text("soon"))));
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.UUID, text("x"))));
    assertEquals(SqlState.DATATYPE_MISMATCH, failure(() -> binary(PgType.NUMERIC, text("1e"))));
    assertEquals(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE, failure(() -> binary(PgType.INT2, integer(40_000))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "0",
        "1",
        "-1",
        "12.50",
        "0.00001",
        "123456789012345678901234567890.123456789",
        "-0.000000001",
        "10000",
        "9999.9999",
        "1E+20",
        "3.14159265358979323846264338327950288"
      })
  void agreesWithPgjdbcOnNumeric(String decimal) {
    BigDecimal value = new BigDecimal(decimal);
    byte[] ours = ByteBufUtil.decodeHexDump(binary(PgType.NUMERIC, text(decimal)));
    assertEquals(0, value.compareTo((BigDecimal) ByteConverter.numeric(ours)), "pgjdbc reads ours");
    Value back =
        PgTypes.forType(PgType.NUMERIC)
            .decodeBinary(Unpooled.wrappedBuffer(ByteConverter.numeric(value)));
    BigDecimal decoded =
        switch (back.getKindCase()) {
          case INTEGER -> BigDecimal.valueOf(back.getInteger());
          case REAL -> new BigDecimal(PgFloats.plainDecimal(back.getReal()));
          default -> new BigDecimal(back.getText());
        };
    assertEquals(0, value.compareTo(decoded), "we read pgjdbc's");
  }

  static Stream<Arguments> parameters() {
    return Stream.of(
        // type, binary parameter, stored value
        Arguments.of(PgType.INT2, "fffe", integer(-2)),
        Arguments.of(PgType.INT4, "0000002a", integer(42)),
        Arguments.of(PgType.INT8, "8000000000000000", integer(Long.MIN_VALUE)),
        Arguments.of(PgType.FLOAT4, "3fc00000", real(1.5)),
        Arguments.of(PgType.FLOAT8, "3ff8000000000000", real(1.5)),
        Arguments.of(PgType.BOOL, "01", integer(1)),
        Arguments.of(PgType.BYTEA, "00ff", blob((byte) 0, (byte) 0xff)),
        Arguments.of(PgType.TEXT, "c3a9", text("é")),
        Arguments.of(PgType.JSON, "5b5d", text("[]")),
        Arguments.of(
            PgType.UUID,
            "a0eebc999c0b4ef8bb6d6bb9bd380a11",
            text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
        Arguments.of(PgType.DATE, "ffffffff", text("1999-12-31")),
        Arguments.of(PgType.DATE, "80000000", text("-infinity")),
        Arguments.of(PgType.TIMESTAMP, "00000000000f4240", text("2000-01-01 00:00:01")),
        Arguments.of(PgType.TIMESTAMPTZ, "000000000007a120", text("2000-01-01 00:00:00.5+00:00")),
        Arguments.of(PgType.NUMERIC, "0002" + "0000" + "0000" + "0002" + "000c1388", real(12.5)),
        Arguments.of(PgType.NUMERIC, "0001" + "0001" + "0000" + "0000" + "000a", integer(100000)),
        Arguments.of(PgType.OID, "ffffffff", integer(4294967295L)),
        Arguments.of(PgType.NAME, "626f6f6b73", text("books")),
        // asyncpg sends arrays in binary (the type the server described)
        Arguments.of(
            PgType.OID_ARRAY,
            "00000001"
                + "00000000"
                + "0000001a"
                + "00000002"
                + "00000001"
                + "00000004"
                + "0000040a"
                + "00000004"
                + "00000016",
            text("{1034,22}")),
        Arguments.of(
            PgType.TEXT_ARRAY,
            "00000001"
                + "00000001"
                + "00000019"
                + "00000002"
                + "00000001"
                + "00000003"
                + "612c62"
                + "ffffffff",
            text("{\"a,b\",NULL}")),
        Arguments.of(PgType.INT4_ARRAY, "00000000" + "00000000" + "00000017", text("{}")),
        Arguments.of(
            PgType.NUMERIC,
            // too many digits for a double: kept as text
            "0007" + "0005" + "0000" + "0001" + "04d2162e23340d801ed204d21388",
            text("123456789012345678901234.5")));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("parameters")
  void readsBinaryParameters(PgType type, String hex, Value expected) {
    assertEquals(expected, fromBinary(type, hex));
  }

  @Test
  void refusesBinaryParametersOfTheWrongShape() {
    assertEquals(
        SqlState.INVALID_BINARY_REPRESENTATION, failure(() -> fromBinary(PgType.INT4, "000001")));
    assertEquals(
        SqlState.INVALID_BINARY_REPRESENTATION, failure(() -> fromBinary(PgType.UUID, "00")));
    assertEquals(
        SqlState.INVALID_BINARY_REPRESENTATION,
        failure(() -> fromBinary(PgType.NUMERIC, "0001" + "0000" + "0000" + "0000")));
    assertEquals(
        SqlState.INVALID_BINARY_REPRESENTATION,
        failure(() -> fromBinary(PgType.NUMERIC, "0001" + "0000" + "0000" + "0000" + "2710")));
    assertEquals(
        SqlState.CHARACTER_NOT_IN_REPERTOIRE, failure(() -> fromBinary(PgType.TEXT, "c3")));
  }

  static Stream<Arguments> textParameters() {
    return Stream.of(
        // type, text parameter, stored value
        Arguments.of(PgType.INT4, " -42 ", integer(-42)),
        Arguments.of(PgType.INT8, "9223372036854775807", integer(Long.MAX_VALUE)),
        Arguments.of(PgType.FLOAT8, "1e-3", real(0.001)),
        Arguments.of(PgType.FLOAT8, "-Infinity", real(Double.NEGATIVE_INFINITY)),
        Arguments.of(PgType.FLOAT4, "0.1", real(0.1f)),
        Arguments.of(PgType.NUMERIC, "007", integer(7)),
        Arguments.of(PgType.NUMERIC, "1.10", real(1.1)),
        Arguments.of(PgType.NUMERIC, "0.12345678901234567890", text("0.12345678901234567890")),
        Arguments.of(PgType.BOOL, "yes", integer(1)),
        Arguments.of(PgType.BOOL, "OFF", integer(0)),
        Arguments.of(PgType.BOOL, "f", integer(0)),
        Arguments.of(PgType.BYTEA, "\\x00FF", blob((byte) 0, (byte) 0xff)),
        Arguments.of(PgType.BYTEA, "a\\000\\\\", blob((byte) 'a', (byte) 0, (byte) '\\')),
        Arguments.of(PgType.DATE, "2024-2-9", text("2024-02-09")),
        Arguments.of(PgType.DATE, "2024-01-15 +01", text("2024-01-15")),
        Arguments.of(PgType.TIMESTAMP, "2024-01-15T10:30:00+02", text("2024-01-15 10:30:00")),
        Arguments.of(
            PgType.TIMESTAMPTZ, "2024-01-15 10:30:00.250+02", text("2024-01-15 08:30:00.25+00:00")),
        Arguments.of(PgType.TIMESTAMPTZ, "2024-01-15", text("2024-01-15 00:00:00+00:00")),
        Arguments.of(
            PgType.UUID,
            "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}",
            text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
        Arguments.of(PgType.TEXT, "as is ", text("as is ")),
        Arguments.of(PgType.JSON, "{}", text("{}")));
  }

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @MethodSource("textParameters")
  void readsTextParameters(PgType type, String text, Value expected) {
    assertEquals(expected, fromText(type, text));
  }

  @Test
  void refusesTextParametersThatAreNotOfTheirType() {
    assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.INT4, "1.5")));
    assertEquals(
        SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.INT8, "0x10")));
    assertEquals(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE, failure(() -> fromText(PgType.INT2, "32768")));
    assertEquals(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
        failure(() -> fromText(PgType.INT8, "9223372036854775808")));
    assertEquals(
        SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.FLOAT8, "1d")));
    assertEquals(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE, failure(() -> fromText(PgType.FLOAT8, "1e400")));
    assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.BOOL, "o")));
    assertEquals(
        SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.BYTEA, "\\x0")));
    assertEquals(SqlState.INVALID_DATETIME_FORMAT, failure(() -> fromText(PgType.DATE, "today")));
    assertEquals(
        SqlState.INVALID_DATETIME_FORMAT,
        failure(() -> fromText(PgType.TIMESTAMPTZ, "2024-01-01 noon")));
    assertEquals(
        SqlState.DATETIME_FIELD_OVERFLOW, failure(() -> fromText(PgType.DATE, "2024-13-01")));
    assertEquals(
        SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.UUID, "a0eebc99")));
    assertEquals(
        SqlState.INVALID_TEXT_REPRESENTATION, failure(() -> fromText(PgType.NUMERIC, "1,5")));
  }

  @Test
  void keepsTheDigitsOfATextNumericInBinary() {
    assertEquals(
        "0007" + "0005" + "0000" + "0001" + "04d2162e23340d801ed204d21388",
        binary(PgType.NUMERIC, text("123456789012345678901234.5")));
  }
}
