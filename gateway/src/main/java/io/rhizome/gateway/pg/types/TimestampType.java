/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * timestamp and timestamptz: ISO text passes through; Unix seconds and Julian days become {@code
 * yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC, with {@code +00} for timestamptz. In binary, microseconds
 * since 2000-01-01 00:00:00: for timestamptz of the instant (text without an offset is UTC, the
 * session time zone), for timestamp of the local time as written (an offset is ignored, as
 * Postgres' timestamp input does).
 *
 * <p>Parameters are stored as text SQLite's date functions read: timestamptz as the UTC time with
 * {@code +00:00} (so text order is time order), timestamp without an offset.
 */
final class TimestampType extends PgTypeCodec {
  private static final long MICROS_INFINITY = Long.MAX_VALUE;
  private static final long MICROS_MINUS_INFINITY = Long.MIN_VALUE;

  private final String zoneSuffix;
  private final boolean withZone;

  private TimestampType(PgType type, String name, String zoneSuffix) {
    super(type, name, 8);
    this.zoneSuffix = zoneSuffix;
    this.withZone = !zoneSuffix.isEmpty();
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

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (value.getKindCase() == Value.KindCase.TEXT) {
      int infinity = PgDateTimes.infinity(value.getText());
      if (infinity != 0) {
        out.writeLong(infinity > 0 ? MICROS_INFINITY : MICROS_MINUS_INFINITY);
        return;
      }
    }
    Optional<LocalDateTime> t =
        switch (value.getKindCase()) {
          case INTEGER -> SqliteTimes.fromUnixSeconds(value.getInteger());
          case REAL -> SqliteTimes.fromJulianDay(value.getReal());
          case TEXT -> parsed(value.getText());
          default -> Optional.empty();
        };
    out.writeLong(PgDateTimes.micros(t.orElseThrow(() -> notBinary(value))));
  }

  @Override
  public Value decodeText(String text) {
    int infinity = PgDateTimes.infinity(text);
    if (infinity != 0) {
      return Values.text(infinity > 0 ? "infinity" : "-infinity");
    }
    PgDateTimes.Parsed parsed;
    try {
      parsed = PgDateTimes.parse(text);
    } catch (DateTimeException e) {
      throw PgException.error(
          SqlState.DATETIME_FIELD_OVERFLOW,
          "date/time field value out of range: \"" + Values.clip(text) + "\"");
    }
    if (parsed == null) {
      throw PgDateTimes.invalid(name(), text);
    }
    return stored(withZone ? parsed.utc() : parsed.local());
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 8);
    long micros = in.readLong();
    if (micros == MICROS_INFINITY || micros == MICROS_MINUS_INFINITY) {
      return Values.text(micros > 0 ? "infinity" : "-infinity");
    }
    return stored(PgDateTimes.fromMicros(micros));
  }

  private Value stored(LocalDateTime t) {
    return Values.text(PgDateTimes.timestamp(t) + (withZone ? "+00:00" : ""));
  }

  private Optional<LocalDateTime> parsed(String text) {
    try {
      PgDateTimes.Parsed parsed = PgDateTimes.parse(text);
      if (parsed == null) {
        return Optional.empty();
      }
      return Optional.of(withZone ? parsed.utc() : parsed.local());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
