/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import java.math.BigDecimal;
import java.util.function.Predicate;

/**
 * Postgres' text output for float8/float4 (extra_float_digits 1, the default since Postgres 12):
 * the shortest digits that round-trip, in plain notation when the decimal exponent is in [-4,
 * precision) and otherwise as {@code d.ddde+XX} with at least two exponent digits. So 1.5 is "1.5",
 * 1e20 is "1e+20", 0.00001 is "1e-05". Java's {@code Double.toString} ("1.0E20") is not that.
 *
 * <p>A float8 of plain notation that is a decimal of few places (most stored values: prices,
 * measurements, halves) is found by arithmetic alone ({@link #shortPlain}). Other digits start from
 * {@code Double.toString}/{@code Float.toString}, which on Java 17 may carry a digit more than the
 * shortest (4.9E-324 for 5e-324); a digit is rounded off (half even) while the shorter digits still
 * read back as the same value.
 *
 * <p>It works on the digits as characters: every REAL of a result goes through here, and the
 * BigDecimal arithmetic this once used took 40% of a gateway's CPU on a large result with one real
 * column (docs/benchmarks.md, "Large results").
 */
public final class PgFloats {
  // DBL_DIG and FLT_DIG: also the most decimal digits that always come back from a round trip
  // through the type, so two different numbers of that many digits are two different values.
  // Digits that short are shortened only by their trailing zeros, with no trial parse: dropping any
  // other digit makes another number, and so another value. (Not for subnormals, which have fewer
  // significant bits: 4.9E-324 reads back from "5E-324".)
  private static final int FLOAT8_PLAIN_LIMIT = 15;
  private static final int FLOAT4_PLAIN_LIMIT = 6;

  // The plain decimals float8 output prints ([1e-4, 1e15)) and, within them, those that
  // shortPlain tries: up to 2^50 in units of their last place.
  private static final double SHORT_MIN = 1e-4;
  private static final double SHORT_MAX = 1e15;
  private static final double SHORT_UNITS = 0x1p50;

  /** 10^k for every k shortPlain tries: exact in a double (up to 1e22). */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19
  };

  // From here up a value's neighbours are 2 or more apart, so the point halfway to one is a whole
  // number that a decimal as short as the digits tried can be. Below, halfway points need more
  // digits than the value's own shortest form has.
  private static final double FLOAT8_TIES = 0x1p53;
  private static final float FLOAT4_TIES = 0x1p24f;

  private PgFloats() {}

  /**
   * Whether a decimal lies exactly halfway between a value and one of its neighbours. Parsing reads
   * such a decimal as the value when its last bit is even, but Postgres' output never takes it
   * (Ryu's bounds are exclusive there): 18014398509481992 prints as 1.8014398509481992e+16, not as
   * 1.801439850948199e+16, although both read back as it. Only for large values (FLOAT8_TIES,
   * FLOAT4_TIES), where the BigDecimal arithmetic is rare.
   */
  private static boolean halfway(String decimal, double value, double below, double above) {
    BigDecimal exact = new BigDecimal(value);
    BigDecimal twice = new BigDecimal(decimal).multiply(BigDecimal.valueOf(2));
    return twice.compareTo(exact.add(new BigDecimal(below))) == 0
        || !Double.isInfinite(above) && twice.compareTo(exact.add(new BigDecimal(above))) == 0;
  }

  /**
   * A positive double of plain notation as the decimal with the fewest places that reads back as
   * it, without {@code Double.toString}, or null when that takes more than 2^50 units of its last
   * place.
   *
   * <p>Why the first number of places k that works gives Postgres' digits: below 2^50 units of
   * 10^-k, the double's spacing is under a quarter of 10^-k, so a k-place decimal that reads back
   * lies within an eighth of a unit of the double's exact value: it is the only such decimal (two
   * differ by a whole unit), the nearest whole number of units to the double's scaled value (which
   * the product computes within an eighth of a unit), and no decimal of fewer places reads back
   * either, or this loop would have found it at its own k. The shortest decimal that reads back is
   * what Postgres prints (Ryu's), and unique here. Reads back: {@code m / 10^k} is the correctly
   * rounded quotient of two exact doubles, the same double that parsing the decimal gives; and
   * being that close, it is never halfway to a neighbour (see {@link #halfway}). Most values
   * applications keep (prices, measurements, halves) take a few places.
   */
  private static String shortPlain(boolean negative, double magnitude) {
    for (int places = 0; places < POWERS_OF_TEN.length; places++) {
      double scaled = magnitude * POWERS_OF_TEN[places];
      if (scaled >= SHORT_UNITS) {
        return null;
      }
      double units = Math.rint(scaled);
      if (units / POWERS_OF_TEN[places] == magnitude) {
        return plain(negative, (long) units, places);
      }
    }
    return null;
  }

  /** units / 10^places in plain notation: "4500.5", "0.0125", "3". */
  private static String plain(boolean negative, long units, int places) {
    String digits = Long.toString(units);
    if (places == 0) {
      return negative ? "-" + digits : digits;
    }
    StringBuilder sb = new StringBuilder(digits.length() + places + 3);
    if (negative) {
      sb.append('-');
    }
    int whole = digits.length() - places;
    if (whole <= 0) {
      sb.append("0.");
      sb.append("0".repeat(-whole));
      return sb.append(digits).toString();
    }
    return sb.append(digits, 0, whole)
        .append('.')
        .append(digits, whole, digits.length())
        .toString();
  }

  public static String float8(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      return special(d, d == 0 && 1 / d < 0);
    }
    double magnitude = Math.abs(d);
    if (magnitude >= SHORT_MIN && magnitude < SHORT_MAX) {
      String plain = shortPlain(d < 0, magnitude);
      if (plain != null) {
        return plain;
      }
    }
    Digits digits = Digits.of(Double.toString(magnitude));
    boolean ties = magnitude >= FLOAT8_TIES;
    digits.shorten(
        magnitude >= 1e-307 && magnitude <= 1e308,
        FLOAT8_PLAIN_LIMIT,
        shorter ->
            Double.parseDouble(shorter) == magnitude
                && !(ties
                    && halfway(
                        shorter, magnitude, Math.nextDown(magnitude), Math.nextUp(magnitude))));
    return digits.format(d < 0, FLOAT8_PLAIN_LIMIT);
  }

  public static String float4(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
      return special(f, f == 0 && 1 / f < 0);
    }
    float magnitude = Math.abs(f);
    Digits digits = Digits.of(Float.toString(magnitude));
    boolean ties = magnitude >= FLOAT4_TIES;
    digits.shorten(
        magnitude >= 1e-37f && magnitude <= 1e38f,
        FLOAT4_PLAIN_LIMIT,
        shorter ->
            Float.parseFloat(shorter) == magnitude
                && !(ties
                    && halfway(
                        shorter, magnitude, Math.nextDown(magnitude), Math.nextUp(magnitude))));
    return digits.format(f < 0, FLOAT4_PLAIN_LIMIT);
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

  /**
   * The significant digits of a positive number, trailing zeros included as Java printed them, and
   * the decimal exponent of the first: 1.25E-5 is "125" and -5, 100.0 is "1000" and 2.
   */
  private static final class Digits {
    private final char[] digits;
    private int length;
    private int exponent;

    private Digits(char[] digits, int length, int exponent) {
      this.digits = digits;
      this.length = length;
      this.exponent = exponent;
    }

    /** Parses Java's {@code toString} of a finite positive double or float. */
    static Digits of(String java) {
      int e = java.indexOf('E');
      int end = e < 0 ? java.length() : e;
      int power = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
      char[] out = new char[end];
      int n = 0;
      int point = end;
      int first = -1; // position in the mantissa of the first non-zero digit
      for (int i = 0; i < end; i++) {
        char c = java.charAt(i);
        if (c == '.') {
          point = i;
        } else if (n > 0 || c != '0') {
          if (n == 0) {
            first = i;
          }
          out[n++] = c;
        }
      }
      // Digits before the point, counted from the first significant one, set its exponent.
      int exponent = (first < point ? point - first - 1 : point - first) + power;
      return new Digits(out, n, exponent);
    }

    /**
     * Rounds off last digits while the shorter digits still read back as the same value. Digits of
     * a normal value no longer than {@code distinctDigits} lose only trailing zeros, untried.
     */
    void shorten(boolean normal, int distinctDigits, Predicate<String> readsBack) {
      while (length > 1) {
        boolean zero = digits[length - 1] == '0';
        if (!zero && (normal && length <= distinctDigits || !readsBack.test(roundedOff()))) {
          return;
        }
        roundOff();
      }
    }

    /** The digits with the last rounded off, half even, as text Double.parseDouble reads. */
    private String roundedOff() {
      Digits shorter = new Digits(digits.clone(), length, exponent);
      shorter.roundOff();
      return shorter.scientific();
    }

    /** Rounds off the last digit, half even (it is the only one dropped: no sticky digits). */
    private void roundOff() {
      char dropped = digits[--length];
      boolean up = dropped > '5' || (dropped == '5' && (digits[length - 1] - '0') % 2 == 1);
      if (!up) {
        return;
      }
      int i = length - 1;
      while (i >= 0 && digits[i] == '9') {
        digits[i--] = '0';
      }
      if (i >= 0) {
        digits[i]++;
      } else {
        // 9.99 -> 10.0: as many digits, one more place.
        digits[0] = '1';
        exponent++;
      }
    }

    private String scientific() {
      return new StringBuilder(length + 6)
          .append(digits, 0, length)
          .append('E')
          .append(exponent - (length - 1))
          .toString();
    }

    /** Postgres' form: plain within [-4, plainLimit), else d.ddde+XX; no trailing zeros. */
    String format(boolean negative, int plainLimit) {
      int n = length;
      while (n > 1 && digits[n - 1] == '0') {
        n--;
      }
      StringBuilder sb = new StringBuilder(n + 8);
      if (negative) {
        sb.append('-');
      }
      if (exponent >= -4 && exponent < plainLimit) {
        if (exponent < 0) {
          sb.append("0.");
          sb.append("0".repeat(-exponent - 1));
          return sb.append(digits, 0, n).toString();
        }
        if (exponent >= n - 1) {
          sb.append(digits, 0, n);
          return sb.append("0".repeat(exponent - (n - 1))).toString();
        }
        sb.append(digits, 0, exponent + 1).append('.');
        return sb.append(digits, exponent + 1, n - exponent - 1).toString();
      }
      sb.append(digits[0]);
      if (n > 1) {
        sb.append('.').append(digits, 1, n - 1);
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
  }
}
