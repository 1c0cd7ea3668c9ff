/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.Locale;

/**
 * bool: SQLite stores booleans as integers; 0 is "f", any other integer "t". One byte in binary.
 * Input takes Postgres' spellings (t/true/yes/on/1 and f/false/no/off/0, any unique prefix of the
 * words, any case) and stores 1 or 0.
 */
final class BoolType extends PgTypeCodec {
  BoolType() {
    super(PgType.BOOL, "bool", 1);
  }

  @Override
  String textOf(Value value) {
    if (value.getKindCase() == Value.KindCase.INTEGER) {
      return value.getInteger() != 0 ? "t" : "f";
    }
    return super.textOf(value);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    boolean b =
        switch (value.getKindCase()) {
          case INTEGER -> value.getInteger() != 0;
          case REAL -> value.getReal() != 0;
          case TEXT -> {
            Boolean parsed = parse(value.getText());
            if (parsed == null) {
              throw notBinary(value);
            }
            yield parsed;
          }
          default -> throw notBinary(value);
        };
    out.writeByte(b ? 1 : 0);
  }

  @Override
  public Value decodeText(String text) {
    Boolean b = parse(text);
    if (b == null) {
      throw invalidText(text);
    }
    return Values.integer(b ? 1 : 0);
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 1);
    return Values.integer(in.readByte() != 0 ? 1 : 0);
  }

  /** Postgres' boolean input (parse_bool), or null. */
  static Boolean parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    if (t.equals("1")) {
      return true;
    }
    if (t.equals("0")) {
      return false;
    }
    if ("true".startsWith(t) || "yes".startsWith(t)) {
      return true;
    }
    if ("false".startsWith(t) || "no".startsWith(t)) {
      return false;
    }
    // "o" alone is ambiguous (on/off), as in Postgres.
    if (t.length() >= 2 && "on".startsWith(t)) {
      return true;
    }
    if (t.length() >= 2 && "off".startsWith(t)) {
      return false;
    }
    return null;
  }
}
