/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
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

  static Stream<Arguments> cases() {
    return Stream.of(
        // declared type, first value, expected type
        Arguments.of("INTEGER", TEXT, PgType.INT8),
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
        Arguments.of("BOOLEAN", INTEGER, PgType.BOOL),
        Arguments.of("bool", INTEGER, PgType.BOOL),
        Arguments.of("DATE", TEXT, PgType.DATE),
        Arguments.of("DATETIME", TEXT, PgType.TIMESTAMPTZ),
        Arguments.of("timestamp", TEXT, PgType.TIMESTAMPTZ),
        Arguments.of("TIMESTAMPTZ", TEXT, PgType.TIMESTAMPTZ),
        Arguments.of("timestamp with time zone", TEXT, PgType.TIMESTAMPTZ),
        Arguments.of("TIMESTAMP  WITHOUT  TIME ZONE", TEXT, PgType.TIMESTAMP),
        Arguments.of("int2", INTEGER, PgType.INT2),
        Arguments.of("INT4", INTEGER, PgType.INT4),
        Arguments.of("float4", REAL, PgType.FLOAT4),
        Arguments.of("uuid", TEXT, PgType.UUID),
        Arguments.of("json", TEXT, PgType.JSON),
        Arguments.of("NUMERIC", INTEGER, PgType.NUMERIC),
        Arguments.of("numeric(10,2)", REAL, PgType.NUMERIC),
        Arguments.of("DECIMAL(5)", REAL, PgType.NUMERIC),
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
    assertEquals(expected, PgTypes.of(declared, first));
  }
}
