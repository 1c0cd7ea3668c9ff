/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;

/** json: the document text as stored. */
final class JsonType extends PgTypeCodec {
  JsonType() {
    super(PgType.JSON, "json", -1);
  }
}
