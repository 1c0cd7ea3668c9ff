/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;

/**
 * timestamp and timestamptz: ISO text passes through; Unix seconds and Julian days become {@code
 * yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC, with {@code +00} for timestamptz.
 */
final class TimestampType extends PgTypeCodec {
  private final String zoneSuffix;

  private TimestampType(PgType type, String name, String zoneSuffix) {
    super(type, name, 8);
    this.zoneSuffix = zoneSuffix;
  }

  static TimestampType withoutZone() {
    return new TimestampType(PgType.TIMESTAMP, "timestamp", "");
  }

  static TimestampType withZone() {
    return new TimestampType(PgType.TIMESTAMPTZ, "timestamptz", "+00");
  }

  @Override
  String textOf(Value value) {
    return switch (value.getKindCase()) {
      case INTEGER ->
          SqliteTimes.fromUnixSeconds(value.getInteger())
              .map(t -> SqliteTimes.timestamp(t) + zoneSuffix)
              .orElseGet(() -> super.textOf(value));
      case REAL ->
          SqliteTimes.fromJulianDay(value.getReal())
              .map(t -> SqliteTimes.timestamp(t) + zoneSuffix)
              .orElseGet(() -> super.textOf(value));
      default -> super.textOf(value);
    };
  }
}
