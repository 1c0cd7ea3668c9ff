/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/** date: ISO text passes through; Unix seconds and Julian days become {@code yyyy-MM-dd} (UTC). */
final class DateType extends PgTypeCodec {
  DateType() {
    super(PgType.DATE, "date", 4);
  }

  @Override
  String textOf(Value value) {
    return switch (value.getKindCase()) {
      case INTEGER ->
          SqliteTimes.fromUnixSeconds(value.getInteger())
              .map(SqliteTimes::date)
              .orElseGet(() -> super.textOf(value));
      case REAL ->
          SqliteTimes.fromJulianDay(value.getReal())
              .map(SqliteTimes::date)
              .orElseGet(() -> super.textOf(value));
      default -> super.textOf(value);
    };
  }
}
