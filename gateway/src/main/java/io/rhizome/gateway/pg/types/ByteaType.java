/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * bytea: blobs in hex output form ({@code \x0a0b}), which is already a blob's own text form; the
 * raw bytes in binary (a text value stored in a bytea column sends its UTF-8 bytes). Text input
 * takes both of Postgres' forms: hex ({@code \x0a0b}) and escape ({@code a\000b\\}).
 */
final class ByteaType extends PgTypeCodec {
  ByteaType() {
    super(PgType.BYTEA, "bytea", -1);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (value.getKindCase() == Value.KindCase.BLOB) {
      ByteString blob = value.getBlob();
      out.writeBytes(blob.asReadOnlyByteBuffer());
    } else {
      super.writeBinary(out, value);
    }
  }

  @Override
  public Value decodeText(String text) {
    if (text.startsWith("\\x") || text.startsWith("\\X")) {
      return Values.blob(ByteString.copyFrom(hex(text)));
    }
    return Values.blob(ByteString.copyFrom(escape(text)));
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    ByteString bytes = ByteString.copyFrom(in.nioBuffer());
    in.skipBytes(in.readableBytes());
    return Values.blob(bytes);
  }

  /** Hex form: pairs of hex digits after the {@code \x}, whitespace allowed between pairs. */
  private byte[] hex(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
    int i = 2;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        throw invalidText(text);
      }
      int hi = Character.digit(c, 16);
      int lo = Character.digit(text.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw invalidText(text);
      }
      out.write(hi << 4 | lo);
      i += 2;
    }
    return out.toByteArray();
  }

  /** Escape form: {@code \\} is a backslash, {@code \ooo} an octal byte, anything else itself. */
  private byte[] escape(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
    int i = 0;
    while (i < utf8.length) {
      byte b = utf8[i];
      if (b != '\\') {
        out.write(b);
        i++;
      } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
        out.write('\\');
        i += 2;
      } else if (i + 3 < utf8.length
          && isOctal(utf8[i + 1], '3')
          && isOctal(utf8[i + 2], '7')
          && isOctal(utf8[i + 3], '7')) {
        out.write((utf8[i + 1] - '0') << 6 | (utf8[i + 2] - '0') << 3 | (utf8[i + 3] - '0'));
        i += 4;
      } else {
        throw invalidText(text);
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(byte b, char highest) {
    return b >= '0' && b <= highest;
  }
}
