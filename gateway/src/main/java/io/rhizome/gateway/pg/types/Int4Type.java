/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** int4 (integer): decimal text; 4 bytes big-endian in binary. */
final class Int4Type extends IntegerType {
  Int4Type() {
    super(PgType.INT4, "int4", 4);
  }
}
