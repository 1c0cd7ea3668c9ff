/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SqlState;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a parameter's value as Postgres does for its type, and writes it back as SHOW prints it:
 * booleans as on/off, integers with units in the largest unit that divides them ({@code 30s},
 * {@code 1min}), enums as listed. A value outside the type or range is refused with 22023, in
 * Postgres' words.
 */
final class ParameterValues {
  private ParameterValues() {}

  /** Time units in milliseconds and memory units in bytes. */
  private static final Map<String, Long> TIME =
      Map.of("ms", 1L, "s", 1000L, "min", 60_000L, "h", 3_600_000L, "d", 86_400_000L);

  private static final Map<String, Long> MEMORY =
      Map.of("B", 1L, "kB", 1024L, "MB", 1L << 20, "GB", 1L << 30, "TB", 1L << 40);

  private static final String[] TIME_ORDER = {"d", "h", "min", "s", "ms"};
  private static final String[] MEMORY_ORDER = {"TB", "GB", "MB", "kB", "B"};

  /** The canonical text of {@code value} for parameter {@code p}. */
  static String normalize(PgParameters.Parameter p, String value) {
    return switch (p.vartype()) {
      case "bool" -> bool(p, value);
      case "integer" -> integer(p, value);
      case "real" -> real(p, value);
      case "enum" -> enumValue(p, value);
      default -> value;
    };
  }

  private static String bool(PgParameters.Parameter p, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.isEmpty()) {
      if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
        return "on";
      }
      if ("false".startsWith(v)
          || "no".startsWith(v)
          || v.equals("off")
          || v.equals("of")
          || v.equals("0")) {
        return "off";
      }
    }
    throw new PgException(
        PgError.error(
            SqlState.INVALID_PARAMETER_VALUE,
            "parameter \"" + p.name() + "\" requires a Boolean value"));
  }

  private static String integer(PgParameters.Parameter p, String value) {
    String v = value.strip();
    long base = unitBase(p.unit());
    long scaled;
    int end = 0;
    while (end < v.length()
        && (Character.isDigit(v.charAt(end))
            || (end == 0 && (v.charAt(0) == '-' || v.charAt(0) == '+')))) {
      end++;
    }
    String number = v.substring(0, end);
    String unit = v.substring(end).strip();
    try {
      long n = Long.parseLong(number);
      if (unit.isEmpty()) {
        scaled = n;
      } else {
        Long factor = p.unit() == null ? null : unitFactor(p.unit(), unit);
        if (factor == null) {
          throw invalid(
              p,
              value,
              p.unit() == null
                  ? null
                  : "Valid units for this parameter are "
                      + (TIME.containsKey(baseName(p.unit()))
                          ? "\"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"."
                          : "\"B\", \"kB\", \"MB\", \"GB\", and \"TB\"."));
        }
        scaled = Math.multiplyExact(n, factor) / base;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(p, value, null);
    }
    long min = p.min() == null ? Long.MIN_VALUE : Long.parseLong(p.min());
    long max = p.max() == null ? Long.MAX_VALUE : Long.parseLong(p.max());
    if (scaled < min || scaled > max) {
      throw new PgException(
          PgError.error(
              SqlState.INVALID_PARAMETER_VALUE,
              scaled
                  + (p.unit() == null ? "" : " " + p.unit())
                  + " is outside the valid range for parameter \""
                  + p.name()
                  + "\" ("
                  + min
                  + " .. "
                  + max
                  + ")"));
    }
    return show(p, scaled);
  }

  /** An integer of parameter {@code p} as SHOW prints it. */
  static String show(PgParameters.Parameter p, long value) {
    if (p.unit() == null || value == 0 || value == -1) {
      return Long.toString(value);
    }
    long base = unitBase(p.unit());
    boolean time = TIME.containsKey(baseName(p.unit()));
    long total = value * base;
    String[] order = time ? TIME_ORDER : MEMORY_ORDER;
    Map<String, Long> units = time ? TIME : MEMORY;
    for (String u : order) {
      long f = units.get(u);
      if (f >= base && total % f == 0) {
        return (total / f) + u;
      }
    }
    return value + p.unit();
  }

  private static String real(PgParameters.Parameter p, String value) {
    try {
      double d = Double.parseDouble(value.strip());
      double min = p.min() == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(p.min());
      double max = p.max() == null ? Double.POSITIVE_INFINITY : Double.parseDouble(p.max());
      if (d < min || d > max) {
        throw new PgException(
            PgError.error(
                SqlState.INVALID_PARAMETER_VALUE,
                value.strip()
                    + " is outside the valid range for parameter \""
                    + p.name()
                    + "\" ("
                    + p.min()
                    + " .. "
                    + p.max()
                    + ")"));
      }
      return value.strip();
    } catch (NumberFormatException e) {
      throw invalid(p, value, null);
    }
  }

  private static String enumValue(PgParameters.Parameter p, String value) {
    String v = value.strip();
    for (String e : p.enumvals()) {
      if (e.equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw invalid(p, value, "Available values: " + String.join(", ", p.enumvals()) + ".");
  }

  private static long unitBase(String unit) {
    if (unit == null) {
      return 1;
    }
    if (unit.equals("8kB")) {
      return 8192;
    }
    Long t = TIME.get(unit);
    return t != null ? t : MEMORY.getOrDefault(unit, 1L);
  }

  private static String baseName(String unit) {
    return unit.equals("8kB") ? "kB" : unit;
  }

  private static Long unitFactor(String paramUnit, String unit) {
    boolean time = TIME.containsKey(baseName(paramUnit));
    return time ? TIME.get(unit) : MEMORY.get(unit);
  }

  static PgException invalid(PgParameters.Parameter p, String value, String hint) {
    PgError e =
        PgError.error(
            SqlState.INVALID_PARAMETER_VALUE,
            "invalid value for parameter \"" + p.name() + "\": \"" + value + "\"");
    return new PgException(hint == null ? e : e.withHint(hint));
  }
}
