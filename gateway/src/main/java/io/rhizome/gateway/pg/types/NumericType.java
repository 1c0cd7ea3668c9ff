/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * numeric: text passes through (exact decimals are best stored as text); integers are decimal; a
 * real is written in plain notation, as Postgres prints numeric (never an exponent). Binary is
 * Postgres' base-10000 format ({@link PgNumeric}); a real goes out as the shortest decimal that
 * reads back as the same double, the digits its text form shows.
 *
 * <p>A numeric parameter reaches SQLite the way SQLite's NUMERIC affinity would store it: an
 * integer when it is one and fits 64 bits, a real when the double holds the decimal exactly, and
 * text otherwise, so no digit is lost.
 */
final class NumericType extends PgTypeCodec {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  NumericType() {
    super(PgType.NUMERIC, "numeric", -1);
  }

  @Override
  String textOf(Value value) {
    if (value.getKindCase() == Value.KindCase.REAL) {
      return PgFloats.plainDecimal(value.getReal());
    }
    return super.textOf(value);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    switch (value.getKindCase()) {
      case INTEGER -> PgNumeric.write(out, BigDecimal.valueOf(value.getInteger()));
      case REAL -> {
        double d = value.getReal();
        if (Double.isNaN(d)) {
          PgNumeric.writeSpecial(out, PgNumeric.NAN);
        } else if (Double.isInfinite(d)) {
          PgNumeric.writeSpecial(out, d > 0 ? PgNumeric.PLUS_INFINITY : PgNumeric.MINUS_INFINITY);
        } else {
          PgNumeric.write(out, new BigDecimal(PgFloats.plainDecimal(d)));
        }
      }
      case TEXT -> {
        String text = value.getText().trim();
        switch (text.toLowerCase(Locale.ROOT)) {
          case "nan" -> PgNumeric.writeSpecial(out, PgNumeric.NAN);
          case "infinity", "+infinity" -> PgNumeric.writeSpecial(out, PgNumeric.PLUS_INFINITY);
          case "-infinity" -> PgNumeric.writeSpecial(out, PgNumeric.MINUS_INFINITY);
          default -> {
            if (!DECIMAL.matcher(text).matches()) {
              throw notBinary(value);
            }
            PgNumeric.write(out, new BigDecimal(text));
          }
        }
      }
      default -> throw notBinary(value);
    }
  }

  @Override
  public Value decodeText(String text) {
    String t = text.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "nan" -> {
        return Values.text("NaN");
      }
      case "infinity", "+infinity" -> {
        return Values.real(Double.POSITIVE_INFINITY);
      }
      case "-infinity" -> {
        return Values.real(Double.NEGATIVE_INFINITY);
      }
      default -> {
        if (!DECIMAL.matcher(t).matches()) {
          throw invalidText(text);
        }
        return stored(new BigDecimal(t));
      }
    }
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    PgNumeric.Decoded decoded;
    try {
      decoded = PgNumeric.read(in);
    } catch (IllegalArgumentException e) {
      throw invalidBinary(e.getMessage());
    }
    return switch (decoded.special()) {
      case PgNumeric.NAN -> Values.text("NaN");
      case PgNumeric.PLUS_INFINITY -> Values.real(Double.POSITIVE_INFINITY);
      case PgNumeric.MINUS_INFINITY -> Values.real(Double.NEGATIVE_INFINITY);
      default -> stored(decoded.value());
    };
  }

  /** What SQLite's NUMERIC affinity would keep: integer, exact real, or the text. */
  static Value stored(BigDecimal value) {
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
      try {
        return Values.integer(stripped.longValueExact());
      } catch (ArithmeticException tooBig) {
        return Values.text(value.toPlainString());
      }
    }
    double d = value.doubleValue();
    if (!Double.isInfinite(d) && new BigDecimal(PgFloats.plainDecimal(d)).compareTo(value) == 0) {
      return Values.real(d);
    }
    return Values.text(value.toPlainString());
  }
}
