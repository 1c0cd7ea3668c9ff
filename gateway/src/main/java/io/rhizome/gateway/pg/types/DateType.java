/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.netty.buffer.ByteBuf;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.PgType;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * date: ISO text passes through; Unix seconds and Julian days become {@code yyyy-MM-dd} (UTC). In
 * binary, days since 2000-01-01. A date parameter is stored as {@code yyyy-MM-dd} text, the form
 * SQLite's date functions read.
 */
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

  @Override
  public void writeBinary(ByteBuf out, Value value) {
    if (value.getKindCase() == Value.KindCase.TEXT) {
      int infinity = PgDateTimes.infinity(value.getText());
      if (infinity != 0) {
        out.writeInt(infinity > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE);
        return;
      }
    }
    Optional<LocalDateTime> t =
        switch (value.getKindCase()) {
          case INTEGER -> SqliteTimes.fromUnixSeconds(value.getInteger());
          case REAL -> SqliteTimes.fromJulianDay(value.getReal());
          case TEXT -> parsed(value.getText()).map(PgDateTimes.Parsed::local);
          default -> Optional.empty();
        };
    out.writeInt(PgDateTimes.days(t.orElseThrow(() -> notBinary(value)).toLocalDate()));
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
      throw outOfRange(text);
    }
    if (parsed == null) {
      throw PgDateTimes.invalid(name(), text);
    }
    return Values.text(PgDateTimes.date(parsed.local().toLocalDate()));
  }

  @Override
  public Value decodeBinary(ByteBuf in) {
    requireLength(in, 4);
    int days = in.readInt();
    if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
      return Values.text(days > 0 ? "infinity" : "-infinity");
    }
    LocalDate date = PgDateTimes.fromDays(days);
    return Values.text(PgDateTimes.date(date));
  }

  private static Optional<PgDateTimes.Parsed> parsed(String text) {
    try {
      return Optional.ofNullable(PgDateTimes.parse(text));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private PgException outOfRange(String text) {
    return PgException.error(
        SqlState.DATETIME_FIELD_OVERFLOW,
        "date/time field value out of range: \"" + Values.clip(text) + "\"");
  }
}
