/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * numeric: text passes through (exact decimals are best stored as text); integers are decimal; a
 * real is written in plain notation, as Postgres prints numeric (never an exponent).
 */
final class NumericType extends PgTypeCodec {
  NumericType() {
    super(PgType.NUMERIC, "numeric", -1);
  }

  @Override
  String textOf(Value value) {
    if (value.getKindCase() == Value.KindCase.REAL) {
      return PgFloats.plainDecimal(value.getReal());
    }
    return super.textOf(value);
  }
}
