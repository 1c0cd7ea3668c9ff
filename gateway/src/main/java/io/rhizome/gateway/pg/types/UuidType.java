/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** uuid: the canonical text as stored (the binary form, 16 bytes, comes with binary format). */
final class UuidType extends PgTypeCodec {
  UuidType() {
    super(PgType.UUID, "uuid", 16);
  }
}
