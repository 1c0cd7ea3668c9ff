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
    Value.KindCase kind = value.getKindCase();
    if (kind == Value.KindCase.NULL || kind == Value.KindCase.KIND_NOT_SET) {
      return true;
    }
    return switch (type) {
      case INT2 -> integerWithin(value, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT4 -> integerWithin(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT8 -> integerWithin(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case OID, XID -> integerWithin(value, 0, 0xFFFFFFFFL);
      case FLOAT4, FLOAT8 ->
          kind == Value.KindCase.INTEGER
              || kind == Value.KindCase.REAL
              || kind == Value.KindCase.TEXT && isFloat(value.getText());
      case NUMERIC ->
          kind == Value.KindCase.INTEGER
              || kind == Value.KindCase.REAL
              || kind == Value.KindCase.TEXT && isNumeric(value.getText());
      case BOOL ->
          kind == Value.KindCase.INTEGER && (value.getInteger() == 0 || value.getInteger() == 1)
              || kind == Value.KindCase.TEXT && isBool(value.getText());
      case DATE -> isDateTime(value, DATE);
      case TIMESTAMP, TIMESTAMPTZ -> isDateTime(value, TIMESTAMP);
      case UUID ->
          kind == Value.KindCase.BLOB && value.getBlob().size() == 16
              || kind == Value.KindCase.TEXT && UUID.matcher(value.getText()).matches();
      case BYTEA -> kind == Value.KindCase.BLOB || kind == Value.KindCase.TEXT;
      case JSON -> kind != Value.KindCase.BLOB;
      default -> true; // text, and types the node never assigns: any value has a text form
    };
  }

  private static boolean integerWithin(Value value, long min, long max) {
    return switch (value.getKindCase()) {
      case INTEGER -> value.getInteger() >= min && value.getInteger() <= max;
      case TEXT -> {
        String t = value.getText();
        if (!INTEGER.matcher(t).matches()) {
          yield false;
        }
        try {
          long n = Long.parseLong(t);
          yield n >= min && n <= max;
        } catch (NumberFormatException tooLong) {
          yield false;
        }
      }
      // A real in an integer column (1.5, or 2.0) is not an integer as the client reads one.
      default -> false;
    };
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

  private static boolean isDateTime(Value value, Pattern form) {
    return switch (value.getKindCase()) {
      case INTEGER ->
          value.getInteger() >= MIN_EPOCH_SECOND && value.getInteger() <= MAX_EPOCH_SECOND;
      case REAL -> value.getReal() >= MIN_JULIAN_DAY && value.getReal() <= MAX_JULIAN_DAY;
      case TEXT -> isDateTimeText(value.getText(), form);
      default -> false;
    };
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
