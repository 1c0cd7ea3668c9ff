/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import com.google.protobuf.ByteString;
import io.rhizome.proto.Value;

/** Builders and short descriptions of SQLite values. */
final class Values {
  private static final int CLIP = 40;

  private Values() {}

  static Value integer(long n) {
    return Value.newBuilder().setInteger(n).build();
  }

  static Value real(double d) {
    return Value.newBuilder().setReal(d).build();
  }

  static Value text(String s) {
    return Value.newBuilder().setText(s).build();
  }

  static Value blob(ByteString bytes) {
    return Value.newBuilder().setBlob(bytes).build();
  }

  /** A short quoted rendering of a value for an error message. */
  static String describe(Value value) {
    return switch (value.getKindCase()) {
      case TEXT -> "\"" + clip(value.getText()) + "\"";
      case BLOB -> value.getBlob().size() + " bytes";
      default -> TextForms.of(value);
    };
  }

  /** At most a few dozen characters of {@code s}, so an error never echoes a huge value. */
  static String clip(String s) {
    return s.length() <= CLIP ? s : s.substring(0, CLIP) + "...";
  }
}
