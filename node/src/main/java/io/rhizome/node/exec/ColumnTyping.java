/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.nio.charset.StandardCharsets;

/**
 * Types one result column from its declared type and the values read before describing, one value
 * at a time, by {@link PgTypes}' rules: the declared type while every value fits it ({@link
 * ValueShapes}), text from the first that does not; without a declared type, the one type the
 * values' storage classes share.
 *
 * <p>Value by value so that a reader can type rows it never builds as {@link Value}s: the node
 * reads a result's first batch straight into encoded rows and types its columns on the way.
 */
final class ColumnTyping {
  /** The declared type, or PG_TYPE_UNSPECIFIED when the column takes its values' type. */
  private final PgType declared;

  /** The type so far: null before the first value that says something. */
  private PgType type;

  ColumnTyping(String declaredType) {
    this.declared = PgTypes.fromDeclared(declaredType);
    this.type = declared == PgType.PG_TYPE_UNSPECIFIED ? null : declared;
  }

  /** The column's type after the values seen: text when none said anything else. */
  PgType type() {
    return type == null ? PgType.TEXT : type;
  }

  void value(Value value) {
    switch (value.getKindCase()) {
      case INTEGER -> integer(value.getInteger());
      case REAL -> real(value.getReal());
      case TEXT -> text(value.getText());
      case BLOB -> blob(value.getBlob().size());
      case NULL, KIND_NOT_SET -> {} // NULL fits every type and has no storage class
    }
  }

  void integer(long value) {
    if (typedByValues()) {
      stored(PgType.INT8);
    } else if (type != PgType.TEXT && !ValueShapes.fitsInteger(declared, value)) {
      type = PgType.TEXT;
    }
  }

  void real(double value) {
    if (typedByValues()) {
      stored(PgType.FLOAT8);
    } else if (type != PgType.TEXT && !ValueShapes.fitsReal(declared, value)) {
      type = PgType.TEXT;
    }
  }

  void text(String value) {
    if (typedByValues()) {
      type = PgType.TEXT;
    } else if (type != PgType.TEXT && !ValueShapes.fitsText(declared, value)) {
      type = PgType.TEXT;
    }
  }

  /** A text value as UTF-8 bytes, made a String only when the declared type must read it. */
  void text(byte[] utf8) {
    if (typedByValues()) {
      type = PgType.TEXT;
    } else if (type != PgType.TEXT && ValueShapes.readsText(declared)) {
      text(new String(utf8, StandardCharsets.UTF_8));
    }
  }

  void blob(int length) {
    if (typedByValues()) {
      stored(PgType.BYTEA);
    } else if (type != PgType.TEXT && !ValueShapes.fitsBlob(declared, length)) {
      type = PgType.TEXT;
    }
  }

  private boolean typedByValues() {
    return declared == PgType.PG_TYPE_UNSPECIFIED;
  }

  /**
   * A value of this storage class's type: the first sets the type, integers and reals together make
   * float8, any other mix text.
   */
  private void stored(PgType own) {
    if (type == null || type == own) {
      type = own;
    } else if (isNumber(type) && isNumber(own)) {
      type = PgType.FLOAT8;
    } else {
      type = PgType.TEXT;
    }
  }

  private static boolean isNumber(PgType type) {
    return type == PgType.INT8 || type == PgType.FLOAT8;
  }
}
