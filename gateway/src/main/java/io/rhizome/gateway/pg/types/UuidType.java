/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.Locale;
import java.util.UUID;

/**
 * uuid: the text as stored; 16 bytes in binary. Text input takes what Postgres takes (hyphens
 * optional, braces allowed, any case) and is stored in the canonical lower-case form, so equal
 * UUIDs are equal text in SQLite.
 */
final class UuidType extends PgTypeCodec {
  UuidType() {
    super(PgType.UUID, "uuid", 16);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (value.getKindCase() == Value.KindCase.BLOB && value.getBlob().size() == 16) {
      out.writeBytes(value.getBlob().asReadOnlyByteBuffer());
      return;
    }
    UUID uuid = value.getKindCase() == Value.KindCase.TEXT ? parse(value.getText()) : null;
    if (uuid == null) {
      throw notBinary(value);
    }
    out.writeLong(uuid.getMostSignificantBits()).writeLong(uuid.getLeastSignificantBits());
  }

  @Override
  public Value decodeText(String text) {
    UUID uuid = parse(text);
    if (uuid == null) {
      throw invalidText(text);
    }
    return Values.text(uuid.toString());
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 16);
    return Values.text(new UUID(in.readLong(), in.readLong()).toString());
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The UUID {@code text} spells, or null. */
  static UUID parse(String text) {
    String t = text.trim();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    StringBuilder hex = new StringBuilder(32);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      // Postgres allows a hyphen after any group of four digits.
      if (c == '-' && hex.length() % 4 == 0 && hex.length() > 0 && i + 1 < t.length()) {
        continue;
      }
      if (!isHexDigit(c)) {
        return null;
      }
      hex.append(c);
    }
    if (hex.length() != 32) {
      return null;
    }
    String h = hex.toString().toLowerCase(Locale.ROOT);
    return new UUID(
        Long.parseUnsignedLong(h.substring(0, 16), 16),
        Long.parseUnsignedLong(h.substring(16), 16));
  }
}
