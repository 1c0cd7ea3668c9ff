/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.List;
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
 * that says nothing Postgres can use: its type comes from the storage classes of its values (all
 * integers: int8; integers and reals: float8; all blobs: bytea; anything else, or no value: text).
 *
 * <p><b>Values that do not fit.</b> SQLite stores {@code 'abc'} in an INTEGER column and {@code
 * 'not a date'} in a DATE column as text. Such a value is never coerced (no zero, no epoch): the
 * column is typed text and the value sent as its own text. The RowDescription goes out before the
 * rows, so the decision is made on the rows the node reads ahead before describing: the first batch
 * ({@link RowCursor#MAX_BATCH_ROWS} rows or {@link RowCursor#MAX_BATCH_BYTES} bytes, what the node
 * buffers anyway). {@link ValueShapes} says what fits. A result larger than that window, or a
 * prepared statement whose types were fixed by an earlier Describe or execution, can still meet a
 * misfit later; the gateway then sends it in text format as its own text and refuses it in binary
 * format (42804 naming the column) rather than invent a value. Typing every declared column by a
 * scan of the whole result would need the whole result in memory, which the node never holds.
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
          Map.entry("JSON", PgType.JSON),
          // Postgres' catalog types, which the node's catalog views declare (node catalog).
          Map.entry("OID", PgType.OID),
          Map.entry("NAME", PgType.NAME),
          Map.entry("PG_CHAR", PgType.CHAR),
          Map.entry("REGPROC", PgType.REGPROC),
          Map.entry("XID", PgType.XID),
          Map.entry("INT2VECTOR", PgType.INT2VECTOR),
          Map.entry("OIDVECTOR", PgType.OIDVECTOR),
          Map.entry("PG_NODE_TREE", PgType.PG_NODE_TREE),
          Map.entry("INET", PgType.INET),
          Map.entry("PG_LSN", PgType.PG_LSN),
          Map.entry("ANYARRAY", PgType.ANYARRAY),
          Map.entry("_TEXT", PgType.TEXT_ARRAY),
          Map.entry("_OID", PgType.OID_ARRAY),
          Map.entry("_INT2", PgType.INT2_ARRAY),
          Map.entry("_CHAR", PgType.CHAR_ARRAY),
          Map.entry("_ACLITEM", PgType.ACLITEM_ARRAY),
          Map.entry("_BOOL", PgType.BOOL_ARRAY),
          Map.entry("_NAME", PgType.NAME_ARRAY),
          Map.entry("_INT4", PgType.INT4_ARRAY),
          Map.entry("_INT8", PgType.INT8_ARRAY),
          Map.entry("_VARCHAR", PgType.VARCHAR_ARRAY),
          Map.entry("_FLOAT4", PgType.FLOAT4_ARRAY),
          Map.entry("_FLOAT8", PgType.FLOAT8_ARRAY));

  private static final String TEXT_ARRAY = "TEXT_ARRAY_";

  private PgTypes() {}

  /**
   * The type of a result column from its declared type and the values read ahead (see the class
   * comment): the declared type when every value fits it, text otherwise.
   *
   * @param declaredType the column's declared type, or null for an expression
   * @param window the values of this column in the rows read before describing
   */
  static PgType of(String declaredType, List<Value> window) {
    ColumnTyping typing = new ColumnTyping(declaredType);
    for (Value value : window) {
      typing.value(value);
    }
    return typing.type();
  }

  /** The type a declared column type names, or PG_TYPE_UNSPECIFIED when it names none. */
  static PgType fromDeclared(String declaredType) {
    if (declaredType == null) {
      return PgType.PG_TYPE_UNSPECIFIED;
    }
    String name = normalized(declaredType);
    PgType named = BY_NAME.get(name);
    if (named != null) {
      return named;
    }
    if (name.startsWith(TEXT_ARRAY)) {
      // An array parameter's cast (io.rhizome.pgsql.NodeCatalog.TEXT_ARRAY): the array's OID.
      try {
        PgType array = PgType.forNumber(Integer.parseInt(name.substring(TEXT_ARRAY.length())));
        if (array != null) {
          return array;
        }
      } catch (NumberFormatException e) {
        return PgType.TEXT;
      }
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

  /**
   * The declared type upper-cased, without its modifiers ("(20)"), with runs of white space made
   * one space: "double precision" and "DOUBLE PRECISION" name one type. Runs once per column of
   * every statement described, so no regular expression.
   */
  private static String normalized(String declaredType) {
    int end = declaredType.indexOf('(');
    if (end < 0) {
      end = declaredType.length();
    }
    StringBuilder name = new StringBuilder(end);
    boolean space = false;
    for (int i = 0; i < end; i++) {
      char c = declaredType.charAt(i);
      if (Character.isWhitespace(c)) {
        space = name.length() > 0;
      } else {
        if (space) {
          name.append(' ');
          space = false;
        }
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }
}
