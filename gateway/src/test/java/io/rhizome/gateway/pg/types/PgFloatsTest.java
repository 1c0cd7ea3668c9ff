/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PgFloats against a reference built another way: the same rule (Java's digits, shortened while
 * they read back as the same value, in Postgres' notation) in BigDecimal arithmetic, which is how
 * PgFloats itself worked until it had to be fast. Exact outputs for chosen values are in
 * PgTypesTest; this covers the rest of the range: random bit patterns (subnormals, both ends of the
 * exponent range) and the short decimals applications store.
 */
class PgFloatsTest {
  private static final int SAMPLES = 100_000;

  @Test
  void float8MatchesTheReferenceOnRandomBitPatterns() {
    SplittableRandom random = new SplittableRandom(20261207L);
    for (int i = 0; i < SAMPLES; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      assertEquals(Reference.float8(d), PgFloats.float8(d), () -> "bits of " + d);
    }
  }

  @Test
  void float8MatchesTheReferenceOnShortDecimals() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < SAMPLES; i++) {
      double d =
          random.nextLong(-10_000_000_000L, 10_000_000_000L) / Math.pow(10, random.nextInt(-8, 20));
      assertEquals(Reference.float8(d), PgFloats.float8(d), () -> Double.toString(d));
    }
  }

  @Test
  void float8MatchesTheReferenceOnDecimalsOfFewPlacesAndTheirNeighbours() {
    // The values the arithmetic path takes (plain notation, few places), the doubles next to
    // them (which need every digit), and the ends of its range.
    SplittableRandom random = new SplittableRandom(13L);
    for (int i = 0; i < SAMPLES; i++) {
      int places = random.nextInt(0, 19);
      double d = random.nextLong(1, 1L << random.nextInt(1, 53)) / Math.pow(10, places);
      for (double near : new double[] {d, Math.nextUp(d), Math.nextDown(d), -d}) {
        assertEquals(Reference.float8(near), PgFloats.float8(near), () -> Double.toString(near));
      }
    }
    for (double d :
        new double[] {
          1e-4,
          Math.nextDown(1e-4),
          Math.nextUp(1e-4),
          1e15,
          Math.nextDown(1e15),
          0x1p50,
          Math.nextDown(0x1p50),
          0x1p50 / 10,
          0.1,
          0.7,
          19.99,
          4500.5,
          1.0,
          3.0,
          123456.789,
          999999999999999.0,
          0.000123456789012345
        }) {
      assertEquals(Reference.float8(d), PgFloats.float8(d), () -> Double.toString(d));
    }
  }

  @Test
  void float8MatchesTheReferenceWhereRoundingCarries() {
    for (double d :
        new double[] {
          9.95, 99.95, 0.0995, 9.999999999999999e22, 1e23, 2e23, 5e-324, 1.7976931348623157e308,
          2.2250738585072014e-308, 4.35, 0.15, 0.25, 1e7, 1e-4, 9.9999e-5, 123456789012345.6,
          999999999999999.9, 0.30000000000000004
        }) {
      assertEquals(Reference.float8(d), PgFloats.float8(d), () -> Double.toString(d));
      assertEquals(Reference.float8(-d), PgFloats.float8(-d), () -> Double.toString(-d));
    }
  }

  @Test
  void float4MatchesTheReference() {
    SplittableRandom random = new SplittableRandom(4L);
    for (int i = 0; i < SAMPLES; i++) {
      float bits = Float.intBitsToFloat(random.nextInt());
      assertEquals(Reference.float4(bits), PgFloats.float4(bits), () -> "bits of " + bits);
      float decimal =
          (float) (random.nextInt(-1_000_000, 1_000_000) / Math.pow(10, random.nextInt(-6, 12)));
      assertEquals(
          Reference.float4(decimal), PgFloats.float4(decimal), () -> Float.toString(decimal));
    }
  }

  /** The rule in BigDecimal arithmetic: slow, and written differently from PgFloats. */
  private static final class Reference {
    static String float8(double d) {
      if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
        return PgFloats.float8(d);
      }
      double magnitude = Math.abs(d);
      return shortest(
          Double.toString(d), magnitude, magnitude - Math.nextDown(magnitude), Math.ulp(d), 15);
    }

    static String float4(float f) {
      if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
        return PgFloats.float4(f);
      }
      float magnitude = Math.abs(f);
      return shortest(
          Float.toString(f), magnitude, magnitude - Math.nextDown(magnitude), Math.ulp(f), 6);
    }

    /**
     * Java's digits of a value, shortened while the shorter digits lie strictly inside the interval
     * that rounds to the value: nearer to it than half the gap to either neighbour. Postgres prints
     * only such digits (never a decimal exactly halfway, which parsing reads back by rounding to
     * even).
     */
    private static String shortest(
        String java, double magnitude, double gapBelow, double gapAbove, int plainLimit) {
      BigDecimal exact = new BigDecimal(magnitude);
      BigDecimal digits = new BigDecimal(java);
      for (int p = digits.precision() - 1; p >= 1; p--) {
        BigDecimal shorter = digits.round(new MathContext(p, RoundingMode.HALF_EVEN));
        BigDecimal twiceOffset = shorter.abs().subtract(exact).multiply(BigDecimal.valueOf(2));
        BigDecimal gap = new BigDecimal(twiceOffset.signum() >= 0 ? gapAbove : gapBelow);
        if (twiceOffset.abs().compareTo(gap) >= 0) {
          break;
        }
        digits = shorter;
      }
      return format(digits, plainLimit);
    }

    private static String format(BigDecimal shortest, int plainLimit) {
      BigDecimal value = shortest.stripTrailingZeros();
      String digits = value.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - value.scale();
      if (exponent >= -4 && exponent < plainLimit) {
        return value.toPlainString();
      }
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return String.format(
          "%s%se%s%02d",
          value.signum() < 0 ? "-" : "", mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
    }
  }
}
