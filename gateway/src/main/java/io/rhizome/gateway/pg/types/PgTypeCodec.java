/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * One Postgres type as the gateway puts it on the wire: OID, name, length for RowDescription and
 * the text encoder for node values. A subclass overrides {@link #textOf} only for the storage
 * classes it reads specially; anything else gets the value's own text form, never a zero value.
 * Binary encoders join here when the extended protocol arrives.
 */
public abstract class PgTypeCodec {
  private final PgType type;
  private final String name;
  private final short typeLength;

  PgTypeCodec(PgType type, String name, int typeLength) {
    this.type = type;
    this.name = name;
    this.typeLength = (short) typeLength;
  }

  public final PgType type() {
    return type;
  }

  /** The OID (the proto enum number is the OID). */
  public final int oid() {
    return type.getNumber();
  }

  /** The Postgres type name, e.g. {@code int8}. */
  public final String name() {
    return name;
  }

  /** pg_type.typlen: bytes of a fixed-size value, or -1 for a variable-length one. */
  public final short typeLength() {
    return typeLength;
  }

  /** The text form of {@code value}, or {@code null} for SQL NULL. */
  public final String encodeText(Value value) {
    return TextForms.isNull(value) ? null : textOf(value);
  }

  /** Text of a non-null value; the default is the value's own text form. */
  String textOf(Value value) {
    return TextForms.of(value);
  }

  @Override
  public String toString() {
    return name + "(" + oid() + ")";
  }
}
