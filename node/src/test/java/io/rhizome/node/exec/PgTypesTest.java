/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PgTypesTest {
  private static final Value INTEGER = Value.newBuilder().setInteger(7).build();
  private static final Value REAL = Value.newBuilder().setReal(1.5).build();
  private static final Value TEXT = Value.newBuilder().setText("x").build();
  private static final Value BLOB =
      Value.newBuilder().setBlob(ByteString.copyFrom(new byte[] {1})).build();
  private static final Value NULL = Value.newBuilder().setNull(true).build();
  private static final Value ONE = Value.newBuilder().setInteger(1).build();
  private static final Value DAY = Value.newBuilder().setText("2024-01-02").build();
  private static final Value UUID_TEXT =
      Value.newBuilder().setText("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").build();

  static Stream<Arguments> cases() {
    return Stream.of(
        // declared type, first value, expected type
        Arguments.of("INTEGER", TEXT, PgType.TEXT), // "x" is no integer
        Arguments.of("int", null, PgType.INT8),
        Arguments.of("BIGINT", INTEGER, PgType.INT8),
        Arguments.of("smallint", INTEGER, PgType.INT8),
        Arguments.of("UNSIGNED BIG INT", INTEGER, PgType.INT8),
        Arguments.of("REAL", REAL, PgType.FLOAT8),
        Arguments.of("double precision", REAL, PgType.FLOAT8),
        Arguments.of("FLOAT", INTEGER, PgType.FLOAT8),
        Arguments.of("TEXT", INTEGER, PgType.TEXT),
        Arguments.of("varchar(20)", TEXT, PgType.TEXT),
        Arguments.of("CHARACTER(3)", TEXT, PgType.TEXT),
        Arguments.of("clob", TEXT, PgType.TEXT),
        Arguments.of("BLOB", BLOB, PgType.BYTEA),
        Arguments.of("bytea", BLOB, PgType.BYTEA),
        Arguments.of("BOOLEAN", ONE, PgType.BOOL),
        Arguments.of("bool", ONE, PgType.BOOL),
        Arguments.of("DATE", DAY, PgType.DATE),
        Arguments.of("DATETIME", DAY, PgType.TIMESTAMPTZ),
        Arguments.of("timestamp", DAY, PgType.TIMESTAMPTZ),
        Arguments.of("TIMESTAMPTZ", DAY, PgType.TIMESTAMPTZ),
        Arguments.of("timestamp with time zone", DAY, PgType.TIMESTAMPTZ),
        Arguments.of("TIMESTAMP  WITHOUT  TIME ZONE", DAY, PgType.TIMESTAMP),
        Arguments.of("int2", INTEGER, PgType.INT2),
        Arguments.of("INT4", INTEGER, PgType.INT4),
        Arguments.of("float4", REAL, PgType.FLOAT4),
        Arguments.of("uuid", UUID_TEXT, PgType.UUID),
        Arguments.of("json", TEXT, PgType.JSON),
        Arguments.of("NUMERIC", INTEGER, PgType.NUMERIC),
        Arguments.of("numeric(10,2)", REAL, PgType.NUMERIC),
        Arguments.of("DECIMAL(5)", REAL, PgType.NUMERIC),
        // An array parameter's cast (io.rhizome.pgsql.NodeCatalog.TEXT_ARRAY): the array's OID.
        Arguments.of("TEXT_ARRAY_1028", TEXT, PgType.OID_ARRAY),
        Arguments.of("TEXT_ARRAY_1007", TEXT, PgType.INT4_ARRAY),
        Arguments.of("TEXT_ARRAY_99999", TEXT, PgType.TEXT),
        // No declared type, or one that names nothing: the first value's storage class.
        Arguments.of(null, INTEGER, PgType.INT8),
        Arguments.of(null, REAL, PgType.FLOAT8),
        Arguments.of(null, TEXT, PgType.TEXT),
        Arguments.of(null, BLOB, PgType.BYTEA),
        Arguments.of(null, NULL, PgType.TEXT),
        Arguments.of(null, null, PgType.TEXT),
        Arguments.of("", INTEGER, PgType.INT8),
        Arguments.of("MONEY", REAL, PgType.FLOAT8),
        Arguments.of("JSONB", TEXT, PgType.TEXT),
        Arguments.of("WHATEVER", null, PgType.TEXT));
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @MethodSource("cases")
  void mapsDeclaredTypeThenStorageClass(String declared, Value first, PgType expected) {
    assertEquals(expected, PgTypes.of(declared, first == null ? List.of() : List.of(first)));
  }

  static Stream<Arguments> windows() {
    Value twelve = Value.newBuilder().setText("12").build();
    Value date = Value.newBuilder().setText("2024-01-02").build();
    return Stream.of(
        Arguments.of("BIGINT", List.of(INTEGER, twelve, NULL), PgType.INT8),
        Arguments.of("BIGINT", List.of(INTEGER, TEXT), PgType.TEXT),
        Arguments.of("DATE", List.of(date, NULL), PgType.DATE),
        Arguments.of("DATE", List.of(date, TEXT), PgType.TEXT),
        Arguments.of("REAL", List.of(INTEGER, REAL), PgType.FLOAT8),
        Arguments.of(null, List.of(INTEGER, REAL), PgType.FLOAT8),
        Arguments.of(null, List.of(NULL, BLOB), PgType.BYTEA),
        Arguments.of(null, List.of(BLOB, TEXT), PgType.TEXT),
        Arguments.of(null, List.of(NULL), PgType.TEXT));
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @MethodSource("windows")
  void aColumnIsTextUnlessEveryValueReadAheadFits(
      String declared, List<Value> window, PgType expected) {
    assertEquals(expected, PgTypes.of(declared, window));
  }
}
