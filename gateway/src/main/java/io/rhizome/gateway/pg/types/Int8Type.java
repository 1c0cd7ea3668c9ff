/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** int8 (bigint): decimal text; 8 bytes big-endian in binary. */
final class Int8Type extends IntegerType {
  Int8Type() {
    super(PgType.INT8, "int8", 8);
  }
}
