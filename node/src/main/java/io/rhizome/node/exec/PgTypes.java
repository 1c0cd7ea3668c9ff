/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that decides a result column's Postgres type (DESIGN.md §5).
 *
 * <p>A column read straight from a table has a declared type; SQLite keeps it as written ({@code
 * VARCHAR(20)}, {@code DOUBLE PRECISION}, {@code TIMESTAMP WITH TIME ZONE}). Names with a meaning
 * of their own in Postgres (BOOLEAN, DATE, TIMESTAMP, NUMERIC, UUID, JSON, and the fixed-width
 * INT2, INT4 and FLOAT4) map by name; every other name follows SQLite's column affinity rules (a
 * name containing "INT" is an integer, "CHAR", "CLOB" or "TEXT" text, "BLOB" binary, "REAL", "FLOA"
 * or "DOUB" floating point). An expression column has no declared type, nor does a declared type
 * that says nothing Postgres can use: its type comes from the storage class of the first row's
 * value, and is text when there is no row or the value is NULL.
 */
final class PgTypes {
  private static final Map<String, PgType> BY_NAME =
      Map.ofEntries(
          Map.entry("BOOLEAN", PgType.BOOL),
          Map.entry("BOOL", PgType.BOOL),
          Map.entry("DATE", PgType.DATE),
          Map.entry("DATETIME", PgType.TIMESTAMPTZ),
          Map.entry("TIMESTAMP", PgType.TIMESTAMPTZ),
          Map.entry("TIMESTAMPTZ", PgType.TIMESTAMPTZ),
          Map.entry("TIMESTAMP WITH TIME ZONE", PgType.TIMESTAMPTZ),
          Map.entry("TIMESTAMP WITHOUT TIME ZONE", PgType.TIMESTAMP),
          Map.entry("NUMERIC", PgType.NUMERIC),
          Map.entry("DECIMAL", PgType.NUMERIC),
          Map.entry("BYTEA", PgType.BYTEA),
          // Postgres' own names for fixed widths: whoever writes them means that width.
          Map.entry("INT2", PgType.INT2),
          Map.entry("INT4", PgType.INT4),
          Map.entry("FLOAT4", PgType.FLOAT4),
          Map.entry("UUID", PgType.UUID),
          Map.entry("JSON", PgType.JSON));

  private PgTypes() {}

  /**
   * The type of a result column.
   *
   * @param declaredType the column's declared type, or null for an expression
   * @param firstValue the first row's value in this column, or null when there is no row
   */
  static PgType of(String declaredType, Value firstValue) {
    PgType declared = fromDeclared(declaredType);
    if (declared != PgType.PG_TYPE_UNSPECIFIED) {
      return declared;
    }
    return firstValue == null ? PgType.TEXT : fromStorageClass(firstValue);
  }

  /** The type a declared column type names, or PG_TYPE_UNSPECIFIED when it names none. */
  static PgType fromDeclared(String declaredType) {
    if (declaredType == null) {
      return PgType.PG_TYPE_UNSPECIFIED;
    }
    String name = declaredType.toUpperCase(Locale.ROOT);
    int paren = name.indexOf('(');
    if (paren >= 0) {
      name = name.substring(0, paren);
    }
    name = name.trim().replaceAll("\\s+", " ");
    PgType named = BY_NAME.get(name);
    if (named != null) {
      return named;
    }
    // SQLite's affinity rules, in SQLite's order (https://sqlite.org/datatype3.html §3.1).
    if (name.contains("INT")) {
      return PgType.INT8;
    }
    if (name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT")) {
      return PgType.TEXT;
    }
    if (name.contains("BLOB")) {
      return PgType.BYTEA;
    }
    if (name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB")) {
      return PgType.FLOAT8;
    }
    return PgType.PG_TYPE_UNSPECIFIED;
  }

  static PgType fromStorageClass(Value value) {
    return switch (value.getKindCase()) {
      case INTEGER -> PgType.INT8;
      case REAL -> PgType.FLOAT8;
      case BLOB -> PgType.BYTEA;
      case TEXT, NULL, KIND_NOT_SET -> PgType.TEXT;
    };
  }
}
