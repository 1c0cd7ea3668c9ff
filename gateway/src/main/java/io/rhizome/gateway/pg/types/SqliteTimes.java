/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.types;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * SQLite's three ways of storing a date/time (see its "Date And Time Datatype" docs): TEXT as ISO
 * 8601, INTEGER as Unix time in seconds, REAL as a Julian day number. Text passes through; the
 * numeric forms are turned into the ISO text Postgres prints, in UTC. Out-of-range numbers (outside
 * years 1..9999) are left to their number form.
 */
final class SqliteTimes {
  private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
  private static final double MILLIS_PER_DAY = 86_400_000d;
  private static final long MIN_EPOCH_SECOND = -62135596800L; // 0001-01-01T00:00:00Z
  private static final long MAX_EPOCH_SECOND = 253402300799L; // 9999-12-31T23:59:59Z

  private SqliteTimes() {}

  static Optional<LocalDateTime> fromUnixSeconds(long seconds) {
    if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
      return Optional.empty();
    }
    return Optional.of(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC));
  }

  static Optional<LocalDateTime> fromJulianDay(double julianDay) {
    if (Double.isNaN(julianDay) || Double.isInfinite(julianDay)) {
      return Optional.empty();
    }
    // SQLite keeps Julian-day times to the millisecond; rounding there hides the double's noise.
    double millis = Math.rint((julianDay - UNIX_EPOCH_JULIAN_DAY) * MILLIS_PER_DAY);
    double seconds = Math.floor(millis / 1000d);
    if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
      return Optional.empty();
    }
    Instant instant = Instant.ofEpochMilli((long) millis);
    return Optional.of(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  /** {@code yyyy-MM-dd}. */
  static String date(LocalDateTime t) {
    return String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss[.ffffff]} with trailing zeros of the fraction trimmed, as Postgres.
   */
  static String timestamp(LocalDateTime t) {
    StringBuilder sb = new StringBuilder(26);
    sb.append(date(t))
        .append(' ')
        .append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      String fraction = String.format("%06d", micros);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    return sb.toString();
  }
}
