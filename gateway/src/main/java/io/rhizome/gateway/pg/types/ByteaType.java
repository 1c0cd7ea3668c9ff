/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** bytea: blobs in hex output form ({@code \x0a0b}), which is already a blob's own text form. */
final class ByteaType extends PgTypeCodec {
  ByteaType() {
    super(PgType.BYTEA, "bytea", -1);
  }
}
