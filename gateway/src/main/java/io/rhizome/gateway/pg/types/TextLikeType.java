/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * Catalog types whose values are text here: name and pg_node_tree send their text in binary too, as
 * Postgres does; regproc (kept as the function's name), inet, pg_lsn and anyarray have a binary
 * form the catalog cannot give, so they are text-format only (42804 in binary).
 */
final class TextLikeType extends PgTypeCodec {
  private final boolean binaryIsText;

  private TextLikeType(PgType type, String name, int length, boolean binaryIsText) {
    super(type, name, length);
    this.binaryIsText = binaryIsText;
  }

  static TextLikeType forName() {
    return new TextLikeType(PgType.NAME, "name", 64, true);
  }

  static TextLikeType pgNodeTree() {
    return new TextLikeType(PgType.PG_NODE_TREE, "pg_node_tree", -1, true);
  }

  static TextLikeType regproc() {
    return new TextLikeType(PgType.REGPROC, "regproc", 4, false);
  }

  static TextLikeType inet() {
    return new TextLikeType(PgType.INET, "inet", -1, false);
  }

  static TextLikeType pgLsn() {
    return new TextLikeType(PgType.PG_LSN, "pg_lsn", 8, false);
  }

  static TextLikeType anyarray() {
    return new TextLikeType(PgType.ANYARRAY, "anyarray", -1, false);
  }

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (!binaryIsText) {
      throw notBinary(value);
    }
    super.writeBinary(out, value);
  }
}
