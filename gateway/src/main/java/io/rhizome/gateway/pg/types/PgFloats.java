/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Postgres' text output for float8/float4 (extra_float_digits 1, the default since Postgres 12):
 * the shortest digits that round-trip, in plain notation when the decimal exponent is in [-4,
 * precision) and otherwise as {@code d.ddde+XX} with at least two exponent digits. So 1.5 is "1.5",
 * 1e20 is "1e+20", 0.00001 is "1e-05". Java's {@code Double.toString} ("1.0E20") is not that.
 *
 * <p>The digits start from {@code Double.toString}/{@code Float.toString}, which on Java 17 may
 * carry a digit more than the shortest (4.9E-324 for 5e-324); shorter roundings are tried while
 * they still read back as the same value.
 */
public final class PgFloats {
  private static final int FLOAT8_PLAIN_LIMIT = 15; // DBL_DIG
  private static final int FLOAT4_PLAIN_LIMIT = 6; // FLT_DIG

  private PgFloats() {}

  public static String float8(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      return special(d, d == 0 && 1 / d < 0);
    }
    BigDecimal digits = new BigDecimal(Double.toString(d));
    for (int p = digits.precision() - 1; p >= 1; p--) {
      BigDecimal shorter = digits.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(shorter.toString()) != d) {
        break;
      }
      digits = shorter;
    }
    return format(digits, FLOAT8_PLAIN_LIMIT);
  }

  public static String float4(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
      return special(f, f == 0 && 1 / f < 0);
    }
    BigDecimal digits = new BigDecimal(Float.toString(f));
    for (int p = digits.precision() - 1; p >= 1; p--) {
      BigDecimal shorter = digits.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (Float.parseFloat(shorter.toString()) != f) {
        break;
      }
      digits = shorter;
    }
    return format(digits, FLOAT4_PLAIN_LIMIT);
  }

  /** A real value as numeric text: plain notation, never an exponent (Postgres numeric output). */
  public static String plainDecimal(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return special(d, false);
    }
    if (d == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private static String special(double d, boolean negativeZero) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return negativeZero ? "-0" : "0";
  }

  private static String format(BigDecimal shortest, int plainLimit) {
    BigDecimal value = shortest.stripTrailingZeros();
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale();
    if (exponent >= -4 && exponent < plainLimit) {
      return value.toPlainString();
    }
    StringBuilder sb = new StringBuilder(digits.length() + 8);
    if (value.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }
}
