/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The floating-point types: Postgres' shortest round-trip text ({@link PgFloats}), IEEE 754
 * big-endian in binary. Input accepts decimal notation and NaN/Infinity as Postgres spells them,
 * nothing Java alone would (hex floats, a trailing 'd').
 */
abstract class FloatType extends PgTypeCodec {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private final boolean single;

  FloatType(PgType type, String name, boolean single) {
    super(type, name, single ? 4 : 8);
    this.single = single;
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    double d =
        switch (value.getKindCase()) {
          case REAL -> value.getReal();
          case INTEGER -> value.getInteger();
          case TEXT -> {
            Double parsed = parse(value.getText());
            if (parsed == null) {
              throw notBinary(value);
            }
            yield parsed;
          }
          default -> throw notBinary(value);
        };
    if (single) {
      out.writeFloat((float) d);
    } else {
      out.writeDouble(d);
    }
  }

  @Override
  public Value decodeText(String text) {
    Double d = parse(text);
    if (d == null) {
      throw invalidText(text);
    }
    boolean finiteInput = !Double.isInfinite(d) && !Double.isNaN(d);
    if (single) {
      float f = d.floatValue();
      if (Float.isInfinite(f) && finiteInput) {
        throw outOfRange(text);
      }
      return Values.real(f);
    }
    if (Double.isInfinite(d) && DECIMAL.matcher(text.trim()).matches()) {
      throw outOfRange(text);
    }
    return Values.real(d);
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, single ? 4 : 8);
    return Values.real(single ? in.readFloat() : in.readDouble());
  }

  /** The number {@code text} spells, or null. */
  static Double parse(String text) {
    String t = text.trim();
    if (DECIMAL.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private PgException outOfRange(String text) {
    return PgException.error(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
        "\"" + Values.clip(text) + "\" is out of range for type " + name());
  }
}
