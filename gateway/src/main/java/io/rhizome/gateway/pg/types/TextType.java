/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** text and varchar (same wire forms): strings as they are. */
final class TextType extends PgTypeCodec {
  private TextType(PgType type, String name) {
    super(type, name, -1);
  }

  static TextType text() {
    return new TextType(PgType.TEXT, "text");
  }

  static TextType varchar() {
    return new TextType(PgType.VARCHAR, "varchar");
  }
}
