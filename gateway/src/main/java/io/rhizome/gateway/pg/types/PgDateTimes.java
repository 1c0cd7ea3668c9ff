/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.SqlState;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ISO 8601 date/time text that SQLite's date functions write and Postgres clients send
 * ({@code 2024-01-15}, {@code 2024-01-15 10:30:00.5+01}, {@code 2024-01-15T10:30Z}, pgjdbc's {@code
 * 2024-01-15 +01}), and converts to and from Postgres' binary forms: days (date) or microseconds
 * (timestamp) since 2000-01-01, with the largest and smallest values standing for infinity.
 */
final class PgDateTimes {
  static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
  static final LocalDateTime EPOCH_TIME = EPOCH.atStartOfDay();

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[ Tt](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
              + "\\s*(?:([Zz])|([+-])(\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?)?");

  /** A parsed date/time: the local date-time as written, and its zone offset if it had one. */
  record Parsed(LocalDateTime local, ZoneOffset offset, boolean hasTime) {
    /** The instant as UTC date-time; text without an offset is taken as UTC (session TimeZone). */
    LocalDateTime utc() {
      return offset == null
          ? local
          : local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
  }

  /** Which infinity a text names: 1, -1, or 0 for none. */
  static int infinity(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "infinity", "+infinity" -> 1;
      case "-infinity" -> -1;
      default -> 0;
    };
  }

  private PgDateTimes() {}

  /**
   * Parses date/time text.
   *
   * @return null when the text has not the shape of a date/time
   * @throws DateTimeException when it has the shape but a field is out of range (month 13)
   */
  static Parsed parse(String text) {
    Matcher m = DATE_TIME.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    LocalDate date =
        LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
    LocalTime time = LocalTime.MIDNIGHT;
    boolean hasTime = m.group(4) != null;
    if (hasTime) {
      int nanos = 0;
      if (m.group(7) != null) {
        String fraction = (m.group(7) + "00000000").substring(0, 9);
        nanos = Integer.parseInt(fraction);
      }
      int hour = Integer.parseInt(m.group(4));
      int minute = Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
        date = date.plusDays(1); // Postgres accepts 24:00:00 as the end of the day
      } else {
        time = LocalTime.of(hour, minute, second, nanos);
      }
    }
    ZoneOffset offset = null;
    if (m.group(8) != null) {
      offset = ZoneOffset.UTC;
    } else if (m.group(9) != null) {
      int sign = m.group(9).equals("-") ? -1 : 1;
      int hours = Integer.parseInt(m.group(10));
      int minutes = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
      int seconds = m.group(12) == null ? 0 : Integer.parseInt(m.group(12));
      offset = ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    }
    return new Parsed(LocalDateTime.of(date, time), offset, hasTime);
  }

  /** Text that is not a date/time at all: Postgres' 22007, not the 22P02 of other types. */
  static PgException invalid(String type, String text) {
    return PgException.error(
        SqlState.INVALID_DATETIME_FORMAT,
        "invalid input syntax for type " + type + ": \"" + Values.clip(text) + "\"");
  }

  /** Days since 2000-01-01. */
  static int days(LocalDate date) {
    return Math.toIntExact(ChronoUnit.DAYS.between(EPOCH, date));
  }

  /** Microseconds since 2000-01-01 00:00:00 (of the same zone as {@code t}). */
  static long micros(LocalDateTime t) {
    long seconds = t.toEpochSecond(ZoneOffset.UTC) - EPOCH_TIME.toEpochSecond(ZoneOffset.UTC);
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), t.getNano() / 1000);
  }

  static LocalDate fromDays(int days) {
    return EPOCH.plusDays(days);
  }

  static LocalDateTime fromMicros(long micros) {
    return EPOCH_TIME.plus(micros, ChronoUnit.MICROS);
  }

  /** {@code yyyy-MM-dd} (years past 9999 keep all their digits). */
  static String date(LocalDate d) {
    return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, trailing zeros of the fraction trimmed. */
  static String timestamp(LocalDateTime t) {
    return SqliteTimes.timestamp(t);
  }
}
