/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PgTypesTest {

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

  private static String encode(PgType type, Value v) {
    return PgTypes.forType(type).encodeText(v);
  }

  static Stream<Arguments> float8() {
    return Stream.of(
        Arguments.of(1.5, "1.5"),
        Arguments.of(1e20, "1e+20"),
        Arguments.of(1e15, "1e+15"),
        Arguments.of(1e14, "100000000000000"),
        Arguments.of(123456789012345.0, "123456789012345"),
        Arguments.of(0.0001, "0.0001"),
        Arguments.of(0.00001, "1e-05"),
        Arguments.of(-2.5e-10, "-2.5e-10"),
        Arguments.of(123456789012345678.0, "1.2345678901234568e+17"),
        Arguments.of(0.1, "0.1"),
        Arguments.of(100.0, "100"),
        Arguments.of(0.0, "0"),
        Arguments.of(-0.0, "-0"),
        Arguments.of(Double.NaN, "NaN"),
        Arguments.of(Double.POSITIVE_INFINITY, "Infinity"),
        Arguments.of(Double.NEGATIVE_INFINITY, "-Infinity"),
        Arguments.of(1e300, "1e+300"),
        Arguments.of(Double.MIN_VALUE, "5e-324"),
        // Shorter digits exactly halfway to a neighbour read back (by rounding to even), but
        // PostgreSQL 15 prints these (checked against it).
        Arguments.of(18014398509481992.0, "1.8014398509481992e+16"),
        Arguments.of(27730679981662848.0, "2.7730679981662848e+16"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("float8")
  void printsFloat8LikePostgres(double d, String expected) {
    assertEquals(expected, PgFloats.float8(d));
    assertEquals(expected, encode(PgType.FLOAT8, real(d)));
  }

  @Test
  void printsFloat4WithSinglePrecisionDigits() {
    assertEquals("0.1", encode(PgType.FLOAT4, real(0.1)));
    assertEquals("1e+06", encode(PgType.FLOAT4, real(1e6)));
    assertEquals("123456", encode(PgType.FLOAT4, real(123456)));
  }

  @Test
  void printsIntegersAsDecimal() {
    assertEquals("-9223372036854775808", encode(PgType.INT8, integer(Long.MIN_VALUE)));
    assertEquals("42", encode(PgType.INT4, integer(42)));
    assertEquals("7", encode(PgType.INT2, integer(7)));
    assertEquals("3", encode(PgType.FLOAT8, integer(3)));
  }

  @Test
  void printsBoolFromIntegers() {
    assertEquals("f", encode(PgType.BOOL, integer(0)));
    assertEquals("t", encode(PgType.BOOL, integer(1)));
    assertEquals("t", encode(PgType.BOOL, integer(-5)));
  }

  @Test
  void printsByteaAsHex() {
    assertEquals("\\x0a0bff", encode(PgType.BYTEA, blob((byte) 10, (byte) 11, (byte) 255)));
    assertEquals("\\x", encode(PgType.BYTEA, blob()));
  }

  @Test
  void passesTextThrough() {
    assertEquals("héllo", encode(PgType.TEXT, text("héllo")));
    assertEquals("2024-02-29", encode(PgType.DATE, text("2024-02-29")));
    assertEquals("12.50", encode(PgType.NUMERIC, text("12.50")));
    assertEquals(
        "2024-02-29 10:00:00+02", encode(PgType.TIMESTAMPTZ, text("2024-02-29 10:00:00+02")));
  }

  @Test
  void printsSqliteNumericDatesAsIso() {
    // SQLite: INTEGER dates are Unix seconds, REAL dates are Julian day numbers.
    assertEquals("2024-02-29", encode(PgType.DATE, integer(1709164800L)));
    assertEquals("2024-02-29 00:00:00+00", encode(PgType.TIMESTAMPTZ, integer(1709164800L)));
    assertEquals("2024-02-29 00:00:00", encode(PgType.TIMESTAMP, integer(1709164800L)));
    assertEquals("2000-01-01 12:00:00+00", encode(PgType.TIMESTAMPTZ, real(2451545.0)));
    assertEquals(
        "2000-01-01 18:00:00.5+00", encode(PgType.TIMESTAMPTZ, real(2451545.25 + 0.5 / 86400)));
    assertEquals("2000-01-01", encode(PgType.DATE, real(2451545.0)));
  }

  @Test
  void leavesOutOfRangeDateNumbersAsNumbers() {
    assertEquals("99999999999999", encode(PgType.DATE, integer(99999999999999L)));
  }

  @Test
  void printsNumericRealsWithoutExponent() {
    assertEquals("100000000000000000000", encode(PgType.NUMERIC, real(1e20)));
    assertEquals("0.000001", encode(PgType.NUMERIC, real(1e-6)));
    assertEquals("12", encode(PgType.NUMERIC, integer(12)));
    assertEquals("NaN", encode(PgType.NUMERIC, real(Double.NaN)));
  }

  @Test
  void printsOtherStorageClassesInTheirOwnForm() {
    assertEquals("abc", encode(PgType.INT8, text("abc")));
    assertEquals("2.5", encode(PgType.INT8, real(2.5)));
    assertEquals("\\x01", encode(PgType.TEXT, blob((byte) 1)));
    assertEquals("yes", encode(PgType.BOOL, text("yes")));
  }

  @Test
  void encodesNullAsNull() {
    assertNull(encode(PgType.INT8, Value.newBuilder().setNull(true).build()));
    assertNull(encode(PgType.TEXT, Value.getDefaultInstance()));
  }

  @Test
  void describesTypesWithOidAndLength() {
    assertEquals(20, PgTypes.forType(PgType.INT8).oid());
    assertEquals(8, PgTypes.forType(PgType.INT8).typeLength());
    assertEquals(-1, PgTypes.forType(PgType.TEXT).typeLength());
    assertEquals(1184, PgTypes.forType(PgType.TIMESTAMPTZ).oid());
    assertEquals("bool", PgTypes.forType(PgType.BOOL).name());
    assertEquals(25, PgTypes.forType(PgType.PG_TYPE_UNSPECIFIED).oid());
    assertEquals(25, PgTypes.forType(PgType.UNRECOGNIZED).oid());
    for (PgType t : PgType.values()) {
      if (t != PgType.UNRECOGNIZED && t != PgType.PG_TYPE_UNSPECIFIED) {
        assertEquals(t.getNumber(), PgTypes.forType(t).oid(), t.name());
      }
    }
  }
}
