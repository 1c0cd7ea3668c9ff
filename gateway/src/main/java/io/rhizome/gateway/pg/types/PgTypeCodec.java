/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.EncodedRows;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One Postgres type as the gateway puts it on the wire: OID, name, length for RowDescription, and
 * the four conversions between a SQLite value and the wire:
 *
 * <ul>
 *   <li>{@link #encodeText} and {@link #writeBinary}: a result value in text or binary format;
 *   <li>{@link #decodeText} and {@link #decodeBinary}: a parameter in text or binary format, as the
 *       value SQLite stores.
 * </ul>
 *
 * <p>SQLite lets any column hold any storage class, so encoders accept every storage class that has
 * a sensible reading for the type (an integer column may hold the text '42'). In text format a
 * value that has none is shown as itself, never as a zero; in binary format, where the client reads
 * fixed bytes, it is an error. The default conversions here are those of a text type (the value's
 * own text form, as UTF-8); a subclass overrides what its type reads differently.
 */
public abstract class PgTypeCodec {
  private final PgType type;
  private final String name;
  private final short typeLength;

  /** Every value shows as its natural text ({@link TextForms}): no override of textOf. */
  private final boolean naturalText = !overridesTextOf(getClass());

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

  /**
   * Writes a non-null value of encoded rows as a text-format column without building its Value,
   * when this type shows it as its natural text (the type does not override {@link #textOf}) and
   * that text is at hand: an integer's decimal, a real's float8 text, a text as it is. Returns
   * false otherwise (a type with a text form of its own, a blob), having written nothing.
   */
  public final boolean writeNaturalText(ByteBuf out, EncodedRows.Reader value) {
    if (!naturalText) {
      return false;
    }
    switch (value.kind()) {
      case TEXT -> {
        out.writeInt(value.length());
        out.writeBytes(value.bytes(), value.at(), value.length());
      }
      case INTEGER -> BackendMessages.writeDecimalColumn(out, value.integer());
      case REAL -> BackendMessages.writeTextColumn(out, PgFloats.float8(value.real()));
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes an integer Value as a text-format column, its digits in place (no String), when this
   * type shows it as its natural text; false for any other value or type, having written nothing.
   */
  public final boolean writeNaturalText(ByteBuf out, Value value) {
    if (!naturalText || value.getKindCase() != Value.KindCase.INTEGER) {
      return false;
    }
    BackendMessages.writeDecimalColumn(out, value.getInteger());
    return true;
  }

  /** Whether a subclass overrides {@link #textOf}, between its class and this one. */
  private static boolean overridesTextOf(Class<?> type) {
    for (Class<?> c = type; c != PgTypeCodec.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod("textOf", Value.class);
        return true;
      } catch (NoSuchMethodException e) {
        // not declared here: look further up
      }
    }
    return false;
  }

  /** Text of a non-null value; the default is the value's own text form. */
  String textOf(Value value) {
    return TextForms.of(value);
  }

  /**
   * Writes the binary form of a non-null value.
   *
   * @throws PgException (ERROR) when the value has no binary form for this type
   */
  public void writeBinary(ByteBuf out, Value value) {
    ByteBufUtil.writeUtf8(out, TextForms.of(value));
  }

  /**
   * The value SQLite gets for a parameter sent in text format.
   *
   * @throws PgException (ERROR, 22P02 and friends) for text that is not a value of this type
   */
  public Value decodeText(String text) {
    return Values.text(text);
  }

  /**
   * The value SQLite gets for a parameter sent in binary format; reads all of {@code bytes}.
   *
   * @throws PgException (ERROR, 22P03 and friends) for bytes that are not a value of this type
   */
  public Value decodeBinary(ByteBuf bytes) {
    return Values.text(utf8(bytes));
  }

  /** A value this type cannot send in binary format. */
  final PgException notBinary(Value value) {
    return PgException.error(
        SqlState.DATATYPE_MISMATCH,
        "a "
            + value.getKindCase().name().toLowerCase(java.util.Locale.ROOT)
            + " value stored in a column of type "
            + name
            + " has no binary form of that type: "
            + Values.describe(value));
  }

  /** Text that is not a value of this type (22P02). */
  final PgException invalidText(String text) {
    return PgException.error(
        SqlState.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type " + name + ": \"" + Values.clip(text) + "\"");
  }

  /** Binary input of the wrong shape (22P03). */
  final PgException invalidBinary(String why) {
    return PgException.error(
        SqlState.INVALID_BINARY_REPRESENTATION,
        "incorrect binary data format for type " + name + ": " + why);
  }

  /** Requires exactly {@code length} bytes of binary input. */
  final void requireLength(ByteBuf bytes, int length) {
    if (bytes.readableBytes() != length) {
      throw invalidBinary("expected " + length + " bytes, got " + bytes.readableBytes());
    }
  }

  /** Strict UTF-8 of all of {@code bytes} (22021 when invalid). */
  static String utf8(ByteBuf bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes.nioBuffer())
              .toString();
      bytes.skipBytes(bytes.readableBytes());
      return s;
    } catch (CharacterCodingException e) {
      throw PgException.error(
          SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
    }
  }

  @Override
  public String toString() {
    return name + "(" + oid() + ")";
  }
}
