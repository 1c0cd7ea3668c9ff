/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import io.rhizome.node.functions.SqlFunction;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postgres' date and time functions that SQLite lacks, over the text forms Rhizome stores ({@code
 * 2024-03-15}, {@code 2024-03-15 10:20:30.5}, with an offset for a timestamptz: {@code +00}, {@code
 * +02:00}, {@code Z}): {@code date_trunc}, {@code date_part} (which {@code extract(f FROM x)} is
 * translated to) and {@code to_char} with a timestamp. A value with an offset is read in UTC, the
 * session time zone of every Rhizome session, and a truncated one is written with {@code +00}, as
 * Postgres writes a timestamptz; a date counts as midnight UTC.
 */
final class DateFunctions {
  private DateFunctions() {}

  static void addTo(List<SqlFunction> f) {
    f.add(scalar("date_trunc", 2, a -> a[1] == null ? null : trunc(str(a[0]), str(a[1]))));
    f.add(scalar("date_part", 2, a -> a[1] == null ? null : part(str(a[0]), str(a[1]))));
    f.add(
        scalar(
            "rhizome_interval_add",
            3,
            a ->
                a[0] == null || a[1] == null
                    ? null
                    : addInterval(str(a[0]), str(a[1]), ((Number) a[2]).intValue())));
    f.add(scalar("to_char", 2, a -> a[0] == null || a[1] == null ? null : toChar(a[0], str(a[1]))));
  }

  private static SqlFunction scalar(String name, int arity, SqlFunction.ScalarBody body) {
    return new SqlFunction.Scalar(name, arity, true, body);
  }

  private static String str(Object v) {
    return v == null ? null : PgArrays.text(v);
  }

  private static final Pattern TEXT =
      Pattern.compile(
          "\\s*(\\d{4}-\\d\\d-\\d\\d)(?:[ T](\\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d{1,9})?)?))?"
              + "\\s*(Z|[+-]\\d\\d(?::?\\d\\d)?)?\\s*");

  /** A parsed value: the local date-time (UTC when it had an offset) and whether it had one. */
  record Stamp(LocalDateTime at, boolean zoned, boolean dateOnly) {}

  static Stamp parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid input syntax for type timestamp: \"" + text + "\"");
    }
    LocalDate date = LocalDate.parse(m.group(1));
    LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
    LocalDateTime at = LocalDateTime.of(date, time);
    String zone = m.group(3);
    if (zone != null) {
      String z = zone.equals("Z") ? "+00:00" : zone.length() == 3 ? zone + ":00" : zone;
      if (z.length() == 5) {
        z = z.substring(0, 3) + ":" + z.substring(3);
      }
      at =
          OffsetDateTime.of(at, ZoneOffset.of(z))
              .withOffsetSameInstant(ZoneOffset.UTC)
              .toLocalDateTime();
    }
    return new Stamp(at, zone != null, m.group(2) == null);
  }

  private static final Pattern INTERVAL_PART =
      Pattern.compile(
          "\\s*(?:([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)"
              + "|([+-])?(\\d+):(\\d\\d)(?::(\\d\\d(?:\\.\\d+)?))?)");

  /**
   * {@code value + sign * interval}, Postgres' way: years and months first (clamped to the end of a
   * shorter month), then days, then time. The interval is Postgres' input text ({@code 1 day},
   * {@code 2 hours 30 minutes}, {@code 1 year 2 mons}, {@code 01:30:00}, {@code -1 week}, with
   * {@code ago}).
   */
  static String addInterval(String value, String interval, int sign) {
    Stamp s = parse(value);
    String text = interval.strip().toLowerCase(Locale.ROOT);
    if (text.startsWith("@")) {
      text = text.substring(1);
    }
    if (text.endsWith(" ago")) {
      text = text.substring(0, text.length() - 4);
      sign = -sign;
    }
    long months = 0;
    long days = 0;
    double seconds = 0;
    Matcher m = INTERVAL_PART.matcher(text);
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "invalid input syntax for type interval: \"" + interval + "\"");
      }
      pos = m.end();
      if (m.group(2) != null) {
        double n = Double.parseDouble(m.group(1));
        switch (m.group(2)) {
          case "year", "years", "yr", "yrs", "y" -> months += Math.round(n * 12);
          case "mon", "mons", "month", "months" -> months += Math.round(n);
          case "week", "weeks", "w" -> days += Math.round(n * 7);
          case "day", "days", "d" -> days += Math.round(n);
          case "hour", "hours", "hr", "hrs", "h" -> seconds += n * 3600;
          case "minute", "minutes", "min", "mins", "m" -> seconds += n * 60;
          case "second", "seconds", "sec", "secs", "s" -> seconds += n;
          case "millisecond", "milliseconds", "ms" -> seconds += n / 1000;
          case "microsecond", "microseconds", "us" -> seconds += n / 1_000_000;
          default ->
              throw new IllegalArgumentException(
                  "invalid input syntax for type interval: \"" + interval + "\"");
        }
      } else {
        double t =
            Long.parseLong(m.group(4)) * 3600
                + Long.parseLong(m.group(5)) * 60
                + (m.group(6) == null ? 0 : Double.parseDouble(m.group(6)));
        seconds += "-".equals(m.group(3)) ? -t : t;
      }
    }
    long nanos = Math.round(seconds * 1e9);
    LocalDateTime t =
        s.at().plusMonths(sign * months).plusDays(sign * days).plusNanos(sign * nanos);
    return format(t) + (s.zoned() ? "+00" : "");
  }

  /** {@code date_trunc(field, value)}. */
  static String trunc(String field, String value) {
    Stamp s = parse(value);
    LocalDateTime t = s.at();
    LocalDateTime out =
        switch (field.toLowerCase(Locale.ROOT)) {
          case "microseconds" -> t.truncatedTo(ChronoUnit.MICROS);
          case "milliseconds" -> t.truncatedTo(ChronoUnit.MILLIS);
          case "second" -> t.truncatedTo(ChronoUnit.SECONDS);
          case "minute" -> t.truncatedTo(ChronoUnit.MINUTES);
          case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
          case "day" -> t.truncatedTo(ChronoUnit.DAYS);
          case "week" -> t.truncatedTo(ChronoUnit.DAYS).with(DayOfWeek.MONDAY);
          case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
          case "quarter" ->
              t.truncatedTo(ChronoUnit.DAYS)
                  .withDayOfMonth(1)
                  .withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
          case "year" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
          case "decade" -> startOfYear(t, Math.floorDiv(t.getYear(), 10) * 10);
          case "century" -> startOfYear(t, Math.floorDiv(t.getYear() - 1, 100) * 100 + 1);
          case "millennium" -> startOfYear(t, Math.floorDiv(t.getYear() - 1, 1000) * 1000 + 1);
          default ->
              throw new IllegalArgumentException(
                  "unit \"" + field + "\" not recognized for type timestamp");
        };
    return format(out) + (s.zoned() || s.dateOnly() ? "+00" : "");
  }

  private static LocalDateTime startOfYear(LocalDateTime t, int year) {
    return LocalDateTime.of(year, 1, 1, 0, 0);
  }

  /** Postgres' text form of a timestamp: seconds, and a fraction only when there is one. */
  static String format(LocalDateTime t) {
    String base =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02d %02d:%02d:%02d",
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return base;
    }
    String frac = String.format(Locale.ROOT, "%06d", micros).replaceAll("0+$", "");
    return base + "." + frac;
  }

  /**
   * {@code date_part(field, value)}: an integer where the field is one (year, month, ...), a real
   * number for seconds with a fraction and the epoch.
   */
  static Object part(String field, String value) {
    Stamp s = parse(value);
    LocalDateTime t = s.at();
    double seconds = t.getSecond() + t.getNano() / 1e9;
    Object v =
        switch (field.toLowerCase(Locale.ROOT)) {
          case "year" -> (double) t.getYear();
          case "month" -> (double) t.getMonthValue();
          case "day" -> (double) t.getDayOfMonth();
          case "hour" -> (double) t.getHour();
          case "minute" -> (double) t.getMinute();
          case "second" -> seconds;
          case "milliseconds" -> seconds * 1000;
          case "microseconds" -> seconds * 1_000_000;
          case "dow" -> (double) (t.getDayOfWeek().getValue() % 7);
          case "isodow" -> (double) t.getDayOfWeek().getValue();
          case "doy" -> (double) t.getDayOfYear();
          case "week" -> (double) t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
          case "quarter" -> (double) ((t.getMonthValue() - 1) / 3 + 1);
          case "decade" -> (double) Math.floorDiv(t.getYear(), 10);
          case "century" -> (double) Math.floorDiv(t.getYear() - 1, 100) + 1;
          case "millennium" -> (double) Math.floorDiv(t.getYear() - 1, 1000) + 1;
          case "epoch" -> t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
          default ->
              throw new IllegalArgumentException(
                  "unit \"" + field + "\" not recognized for type timestamp");
        };
    double d = (Double) v;
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }

  private static final Pattern TOKENS =
      Pattern.compile(
          "FM|YYYY|YY|MONTH|Month|month|MON|Mon|mon|MM|DDD|DD|DAY|Day|day|DY|Dy|dy|D|HH24|HH12|HH"
              + "|MI|SS|MS|US|AM|PM|am|pm|Q|WW|IW|\"[^\"]*\"");

  /**
   * {@code to_char(timestamp, format)} with the common patterns (YYYY, MM, DD, HH24, MI, SS, MS,
   * US, Mon, Month, Dy, Day, AM, FM, quoted text). A number is not formatted: Rhizome answers 0A000
   * through the caller's error.
   */
  static String toChar(Object value, String format) {
    if (value instanceof Long || value instanceof Double) {
      throw new UnsupportedOperationException("to_char() of a number");
    }
    LocalDateTime t = parse(str(value)).at();
    StringBuilder out = new StringBuilder();
    Matcher m = TOKENS.matcher(format);
    int pos = 0;
    boolean fill = false;
    while (m.find()) {
      out.append(format, pos, m.start());
      pos = m.end();
      String tok = m.group();
      if (tok.equals("FM")) {
        fill = true;
        continue;
      }
      String v =
          switch (tok) {
            case "YYYY" -> num(t.getYear(), 4, fill);
            case "YY" -> num(t.getYear() % 100, 2, fill);
            case "MM" -> num(t.getMonthValue(), 2, fill);
            case "DDD" -> num(t.getDayOfYear(), 3, fill);
            case "DD" -> num(t.getDayOfMonth(), 2, fill);
            case "D" -> Integer.toString(t.getDayOfWeek().getValue() % 7 + 1);
            case "HH24" -> num(t.getHour(), 2, fill);
            case "HH12", "HH" -> num(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, fill);
            case "MI" -> num(t.getMinute(), 2, fill);
            case "SS" -> num(t.getSecond(), 2, fill);
            case "MS" -> num(t.getNano() / 1_000_000, 3, false);
            case "US" -> num(t.getNano() / 1000, 6, false);
            case "AM", "PM" -> t.getHour() < 12 ? "AM" : "PM";
            case "am", "pm" -> t.getHour() < 12 ? "am" : "pm";
            case "Q" -> Integer.toString((t.getMonthValue() - 1) / 3 + 1);
            case "WW" -> num((t.getDayOfYear() - 1) / 7 + 1, 2, fill);
            case "IW" -> num(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, fill);
            case "MONTH", "Month", "month" ->
                name(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH), tok, 9, fill);
            case "MON", "Mon", "mon" ->
                name(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), tok, 0, true);
            case "DAY", "Day", "day" ->
                name(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH), tok, 9, fill);
            case "DY", "Dy", "dy" ->
                name(
                    t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), tok, 0, true);
            default -> tok.substring(1, tok.length() - 1); // "quoted text"
          };
      out.append(v);
      fill = false;
    }
    return out.append(format, pos, format.length()).toString();
  }

  private static String num(int v, int width, boolean fill) {
    String s = Integer.toString(v);
    return fill ? s : "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /** A month's or day's name in the token's case, blank-padded to {@code width} unless FM. */
  private static String name(String english, String tok, int width, boolean fill) {
    String s =
        Character.isUpperCase(tok.charAt(1))
            ? english.toUpperCase(Locale.ROOT)
            : Character.isUpperCase(tok.charAt(0)) ? english : english.toLowerCase(Locale.ROOT);
    return fill ? s : s + " ".repeat(Math.max(0, width - s.length()));
  }
}
