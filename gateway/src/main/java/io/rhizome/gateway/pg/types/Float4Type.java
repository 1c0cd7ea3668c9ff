/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * float4: reals rounded to single precision, in Postgres' float4 text form; 4 bytes in binary. A
 * float4 parameter reaches SQLite (which has only doubles) as the double nearest the float.
 */
final class Float4Type extends FloatType {
  Float4Type() {
    super(PgType.FLOAT4, "float4", true);
  }

  @Override
  String textOf(Value value) {
    if (value.getKindCase() == Value.KindCase.REAL) {
      return PgFloats.float4((float) value.getReal());
    }
    return super.textOf(value);
  }
}
