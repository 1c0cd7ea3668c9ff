/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.regex.Pattern;

/**
 * The integer types, which differ only in width: decimal text, big-endian two's complement in
 * binary. A value must fit the width to be sent in binary; a real with no fraction and text holding
 * an integer are read as that integer.
 */
abstract class IntegerType extends PgTypeCodec {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private final int bytes;
  private final long min;
  private final long max;

  IntegerType(PgType type, String name, int bytes) {
    super(type, name, bytes);
    this.bytes = bytes;
    this.max = bytes == 8 ? Long.MAX_VALUE : (1L << (8 * bytes - 1)) - 1;
    this.min = bytes == 8 ? Long.MIN_VALUE : -(1L << (8 * bytes - 1));
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    long n =
        switch (value.getKindCase()) {
          case INTEGER -> value.getInteger();
          case REAL -> {
            double d = value.getReal();
            if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
              throw notBinary(value);
            }
            yield (long) d;
          }
          case TEXT -> {
            String text = value.getText().trim();
            if (!INTEGER.matcher(text).matches()) {
              throw notBinary(value);
            }
            try {
              yield Long.parseLong(text);
            } catch (NumberFormatException e) {
              throw notBinary(value);
            }
          }
          default -> throw notBinary(value);
        };
    if (n < min || n > max) {
      throw outOfRange(Long.toString(n));
    }
    write(out, n);
  }

  @Override
  public Value decodeText(String text) {
    String trimmed = text.trim();
    if (!INTEGER.matcher(trimmed).matches()) {
      throw invalidText(text);
    }
    long n;
    try {
      n = Long.parseLong(trimmed);
    } catch (NumberFormatException tooLong) {
      throw outOfRange(text);
    }
    if (n < min || n > max) {
      throw outOfRange(text);
    }
    return Values.integer(n);
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, bytes);
    return Values.integer(
        switch (bytes) {
          case 2 -> in.readShort();
          case 4 -> in.readInt();
          default -> in.readLong();
        });
  }

  private void write(ByteBuf out, long n) {
    switch (bytes) {
      case 2 -> out.writeShort((int) n);
      case 4 -> out.writeInt((int) n);
      default -> out.writeLong(n);
    }
  }

  private PgException outOfRange(String text) {
    return PgException.error(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
        "value \"" + Values.clip(text) + "\" is out of range for type " + name());
  }
}
