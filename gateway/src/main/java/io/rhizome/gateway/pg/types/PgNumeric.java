/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Postgres' binary numeric format (numeric_send / numeric_recv):
 *
 * <pre>
 * Int16 ndigits | Int16 weight | Int16 sign | Int16 dscale | Int16 digit[ndigits]
 * </pre>
 *
 * Digits are base 10000, most significant first; the first digit is worth 10000^weight; sign is
 * 0x0000 (positive), 0x4000 (negative), 0xC000 (NaN), 0xD000 (+Infinity) or 0xF000 (-Infinity, both
 * since Postgres 14); dscale is the number of decimal digits after the point to display. Leading
 * and trailing zero digits are not sent; zero has no digits at all.
 */
final class PgNumeric {
  static final int POSITIVE = 0x0000;
  static final int NEGATIVE = 0x4000;
  static final int NAN = 0xC000;
  static final int PLUS_INFINITY = 0xD000;
  static final int MINUS_INFINITY = 0xF000;

  /** Postgres' NUMERIC_MAX_DISPLAY_SCALE. */
  static final int MAX_DISPLAY_SCALE = 0x3FFF;

  private static final BigInteger BASE = BigInteger.valueOf(10_000);

  /** A decoded numeric: a special value, or a finite decimal. */
  record Decoded(int special, BigDecimal value) {}

  private PgNumeric() {}

  static void writeSpecial(ByteBuf out, int sign) {
    out.writeShort(0).writeShort(0).writeShort(sign).writeShort(0);
  }

  static void write(ByteBuf out, BigDecimal value) {
    int dscale = Math.max(value.scale(), 0);
    BigInteger unscaled = value.unscaledValue().abs();
    int scale = value.scale();
    if (scale < 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(-scale));
      scale = 0;
    }
    // Align the fraction on a base-10000 digit boundary.
    int fractionDigits = (scale + 3) / 4;
    unscaled = unscaled.multiply(BigInteger.TEN.pow(fractionDigits * 4 - scale));
    List<Integer> digits = new ArrayList<>(); // least significant first
    while (unscaled.signum() > 0) {
      BigInteger[] qr = unscaled.divideAndRemainder(BASE);
      digits.add(qr[1].intValue());
      unscaled = qr[0];
    }
    int weight = digits.size() - 1 - fractionDigits;
    int lowest = 0;
    while (lowest < digits.size() && digits.get(lowest) == 0) {
      lowest++;
    }
    int count = digits.size() - lowest;
    if (count == 0) {
      weight = 0;
    }
    out.writeShort(count);
    out.writeShort(weight);
    out.writeShort(value.signum() < 0 ? NEGATIVE : POSITIVE);
    out.writeShort(dscale);
    for (int i = digits.size() - 1; i >= lowest; i--) {
      out.writeShort(digits.get(i));
    }
  }

  /**
   * Reads all of {@code in}.
   *
   * @throws IllegalArgumentException when the bytes are not a numeric
   */
  static Decoded read(ByteBuf in) {
    if (in.readableBytes() < 8) {
      throw new IllegalArgumentException("a numeric has an 8-byte header");
    }
    int count = in.readUnsignedShort();
    int weight = in.readShort();
    int sign = in.readUnsignedShort();
    int dscale = in.readUnsignedShort();
    if (in.readableBytes() != 2 * count) {
      throw new IllegalArgumentException("the digit count does not match the length");
    }
    if (sign == NAN || sign == PLUS_INFINITY || sign == MINUS_INFINITY) {
      in.skipBytes(in.readableBytes());
      return new Decoded(sign, null);
    }
    if (sign != POSITIVE && sign != NEGATIVE) {
      throw new IllegalArgumentException("invalid sign");
    }
    if (dscale > MAX_DISPLAY_SCALE) {
      throw new IllegalArgumentException("invalid scale");
    }
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < count; i++) {
      int digit = in.readUnsignedShort();
      if (digit >= 10_000) {
        throw new IllegalArgumentException("invalid digit");
      }
      unscaled = unscaled.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    // The last digit is worth 10000^(weight - count + 1). Digits hidden by dscale are cut, as
    // numeric_recv does.
    BigDecimal value =
        new BigDecimal(sign == NEGATIVE ? unscaled.negate() : unscaled, -4 * (weight - count + 1));
    if (value.scale() < dscale) {
      value = value.setScale(dscale);
    } else if (value.scale() > dscale) {
      value = value.setScale(dscale, RoundingMode.DOWN);
    }
    return new Decoded(sign, value);
  }
}
