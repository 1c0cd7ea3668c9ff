/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import com.google.protobuf.ByteString;
import io.rhizome.proto.Value;

/**
 * The text form a SQLite value has on its own, whatever its column's declared type: integer as
 * decimal, real as Postgres float8 text, text as is, blob as bytea hex ({@code \x0a0b}). Used when
 * a value's storage class is not the one its column's type expects (SQLite allows that), so such a
 * value is shown faithfully rather than as a zero.
 */
final class TextForms {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TextForms() {}

  /** The natural text of a non-null value. */
  static String of(Value v) {
    return switch (v.getKindCase()) {
      case INTEGER -> Long.toString(v.getInteger());
      case REAL -> PgFloats.float8(v.getReal());
      case TEXT -> v.getText();
      case BLOB -> hex(v.getBlob());
      case NULL, KIND_NOT_SET -> throw new IllegalArgumentException("null has no text form");
    };
  }

  static boolean isNull(Value v) {
    return v.getKindCase() == Value.KindCase.NULL || v.getKindCase() == Value.KindCase.KIND_NOT_SET;
  }

  /** bytea hex output: {@code \x} followed by two lower-case hex digits per byte. */
  static String hex(ByteString bytes) {
    char[] out = new char[2 + bytes.size() * 2];
    out[0] = '\\';
    out[1] = 'x';
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xFF;
      out[2 + 2 * i] = HEX[b >>> 4];
      out[3 + 2 * i] = HEX[b & 0xF];
    }
    return new String(out);
  }
}
