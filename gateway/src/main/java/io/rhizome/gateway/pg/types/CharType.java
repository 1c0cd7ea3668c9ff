/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.nio.charset.StandardCharsets;

/** "char": the catalog's one-byte codes (relkind 'r'); one byte in binary. */
final class CharType extends PgTypeCodec {
  CharType() {
    super(PgType.CHAR, "char", 1);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    byte[] b = TextForms.of(value).getBytes(StandardCharsets.UTF_8);
    if (b.length > 1) {
      throw notBinary(value);
    }
    out.writeByte(b.length == 0 ? 0 : b[0]);
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 1);
    byte b = in.readByte();
    return Values.text(b == 0 ? "" : new String(new byte[] {b}, StandardCharsets.ISO_8859_1));
  }
}
