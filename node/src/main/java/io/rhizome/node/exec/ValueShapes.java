/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a stored value fits a Postgres type: the gateway's text form of it is input a client
 * reads as that type, and the gateway has a binary form of it.
 *
 * <p>SQLite lets a column hold any storage class whatever its declared type: an INTEGER column
 * keeps {@code 'abc'} as text, a DATE column keeps {@code 'not a date'}. Such a value must not be
 * sent under the declared type (pgjdbc's {@code getLong} would fail on it, the binary format has no
 * form for it), so {@link PgTypes} types the column text instead. Text is judged strictly, in the
 * forms the gateway passes through unchanged and clients parse: no surrounding blanks, a date as
 * {@code YYYY-MM-DD}, a timestamp with a space before the time, a UUID in its hyphenated form.
 * Anything else is sent as text, as stored. The gateway's codecs ({@code
 * io.rhizome.gateway.pg.types}) accept at least these forms; the node cannot import them.
 */
final class ValueShapes {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?: (\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,6})?)?"
              + "(?:[+-]\\d{2}(?::\\d{2})?)?");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final java.util.Set<String> FLOAT_WORDS =
      java.util.Set.of("NaN", "Infinity", "-Infinity");
  private static final java.util.Set<String> BOOL_WORDS =
      java.util.Set.of("t", "f", "true", "false", "y", "n", "yes", "no", "on", "off", "1", "0");

  /** The Unix seconds and Julian days the gateway shows as a date/time (years 1 to 9999). */
  private static final long MIN_EPOCH_SECOND = -62135596800L;

  private static final long MAX_EPOCH_SECOND = 253402300799L;
  private static final double MIN_JULIAN_DAY = 1721425.5;
  private static final double MAX_JULIAN_DAY = 5373484.499999;

  private ValueShapes() {}

  /** Whether {@code value} reads as a value of {@code type}; NULL fits every type. */
  static boolean fits(PgType type, Value value) {
    return switch (value.getKindCase()) {
      case INTEGER -> fitsInteger(type, value.getInteger());
      case REAL -> fitsReal(type, value.getReal());
      case TEXT -> fitsText(type, value.getText());
      case BLOB -> fitsBlob(type, value.getBlob().size());
      case NULL, KIND_NOT_SET -> true;
    };
  }

  /** Whether an integer reads as a value of {@code type}. */
  static boolean fitsInteger(PgType type, long value) {
    return switch (type) {
      case INT2 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
      case INT4 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
      case OID, XID -> value >= 0 && value <= 0xFFFFFFFFL;
      case BOOL -> value == 0 || value == 1;
      case DATE, TIMESTAMP, TIMESTAMPTZ -> value >= MIN_EPOCH_SECOND && value <= MAX_EPOCH_SECOND;
      case UUID, BYTEA -> false;
      default -> true; // int8, the floats, numeric, json, text and the rest
    };
  }

  /** Whether a real reads as a value of {@code type}. */
  static boolean fitsReal(PgType type, double value) {
    return switch (type) {
      // A real in an integer column (1.5, or 2.0) is not an integer as the client reads one.
      case INT2, INT4, INT8, OID, XID, BOOL, UUID, BYTEA -> false;
      case DATE, TIMESTAMP, TIMESTAMPTZ -> value >= MIN_JULIAN_DAY && value <= MAX_JULIAN_DAY;
      default -> true; // the floats, numeric, json, text and the rest
    };
  }

  /**
   * Whether a text reads as a value of {@code type}. Types for which {@link #readsText} is false
   * take any text.
   */
  static boolean fitsText(PgType type, String text) {
    return switch (type) {
      case INT2 -> integerText(text, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT4 -> integerText(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT8 -> integerText(text, Long.MIN_VALUE, Long.MAX_VALUE);
      case OID, XID -> integerText(text, 0, 0xFFFFFFFFL);
      case FLOAT4, FLOAT8 -> isFloat(text);
      case NUMERIC -> isNumeric(text);
      case BOOL -> isBool(text);
      case DATE -> isDateTimeText(text, DATE);
      case TIMESTAMP, TIMESTAMPTZ -> isDateTimeText(text, TIMESTAMP);
      case UUID -> UUID.matcher(text).matches();
      default -> true; // bytea, json, text, and types the node never assigns: any text
    };
  }

  /**
   * Whether {@link #fitsText} looks at the text for {@code type}: whether a reader must make the
   * text a String to ask.
   */
  static boolean readsText(PgType type) {
    return isScalar(type) || type == PgType.UUID;
  }

  /** Whether a blob of {@code length} bytes reads as a value of {@code type}. */
  static boolean fitsBlob(PgType type, int length) {
    return switch (type) {
      case UUID -> length == 16;
      case JSON -> false;
      // bytea, text, and types the node never assigns: any value has a text form
      default -> !isScalar(type);
    };
  }

  /**
   * A number, boolean or date/time type: a text must parse as one of its values, a blob never does.
   */
  private static boolean isScalar(PgType type) {
    return switch (type) {
      case INT2,
          INT4,
          INT8,
          OID,
          XID,
          FLOAT4,
          FLOAT8,
          NUMERIC,
          BOOL,
          DATE,
          TIMESTAMP,
          TIMESTAMPTZ ->
          true;
      default -> false;
    };
  }

  private static boolean integerText(String text, long min, long max) {
    if (!INTEGER.matcher(text).matches()) {
      return false;
    }
    try {
      long n = Long.parseLong(text);
      return n >= min && n <= max;
    } catch (NumberFormatException tooLong) {
      return false;
    }
  }

  private static boolean isFloat(String text) {
    return DECIMAL.matcher(text).matches() || FLOAT_WORDS.contains(text);
  }

  private static boolean isNumeric(String text) {
    return DECIMAL.matcher(text).matches() || FLOAT_WORDS.contains(text);
  }

  /** Words both Postgres and pgjdbc read as a boolean. */
  private static boolean isBool(String text) {
    return BOOL_WORDS.contains(text.toLowerCase(Locale.ROOT));
  }

  private static boolean isDateTimeText(String text, Pattern form) {
    if (text.equals("infinity") || text.equals("-infinity")) {
      return true;
    }
    Matcher m = form.matcher(text);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      if (m.groupCount() >= 6 && m.group(4) != null) {
        LocalTime.of(
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            Integer.parseInt(m.group(6)));
      }
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
