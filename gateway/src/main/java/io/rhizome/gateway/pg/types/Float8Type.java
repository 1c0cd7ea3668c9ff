/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** float8: reals in Postgres' float8 text form ({@link PgFloats#float8}); 8 bytes in binary. */
final class Float8Type extends FloatType {
  Float8Type() {
    super(PgType.FLOAT8, "float8", false);
  }
}
