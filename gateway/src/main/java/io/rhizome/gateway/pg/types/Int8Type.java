/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** int8 (bigint): an integer's decimal text. */
final class Int8Type extends PgTypeCodec {
  Int8Type() {
    super(PgType.INT8, "int8", 8);
  }
}
