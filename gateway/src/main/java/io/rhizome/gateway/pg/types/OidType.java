/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * oid and xid: unsigned 32-bit integers, decimal in text, four bytes in binary (the catalog's
 * object identifiers).
 */
final class OidType extends PgTypeCodec {
  private static final long MAX = 0xFFFFFFFFL;

  private OidType(PgType type, String name) {
    super(type, name, 4);
  }

  static OidType forOid() {
    return new OidType(PgType.OID, "oid");
  }

  static OidType forXid() {
    return new OidType(PgType.XID, "xid");
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    out.writeInt((int) unsigned(value));
  }

  private long unsigned(Value value) {
    long n =
        switch (value.getKindCase()) {
          case INTEGER -> value.getInteger();
          case TEXT -> {
            try {
              yield Long.parseLong(value.getText().trim());
            } catch (NumberFormatException e) {
              throw notBinary(value);
            }
          }
          default -> throw notBinary(value);
        };
    if (n < 0 || n > MAX) {
      throw notBinary(value);
    }
    return n;
  }

  @Override
  public Value decodeText(String text) {
    try {
      long n = Long.parseLong(text.trim());
      if (n < 0 || n > MAX) {
        throw invalidText(text);
      }
      return Values.integer(n);
    } catch (NumberFormatException e) {
      throw invalidText(text);
    }
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 4);
    return Values.integer(in.readUnsignedInt());
  }
}
