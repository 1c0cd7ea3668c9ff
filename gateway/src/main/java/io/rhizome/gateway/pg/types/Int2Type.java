/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** int2 (smallint): decimal text; 2 bytes big-endian in binary. */
final class Int2Type extends IntegerType {
  Int2Type() {
    super(PgType.INT2, "int2", 2);
  }
}
