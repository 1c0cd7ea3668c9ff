/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/** bool: SQLite stores booleans as integers; 0 is "f", any other integer "t". */
final class BoolType extends PgTypeCodec {
  BoolType() {
    super(PgType.BOOL, "bool", 1);
  }

  @Override
  String textOf(Value value) {
    if (value.getKindCase() == Value.KindCase.INTEGER) {
      return value.getInteger() != 0 ? "t" : "f";
    }
    return super.textOf(value);
  }
}
