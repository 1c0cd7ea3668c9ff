/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

/**
 * The current time in Postgres' text forms, as SQLite expressions. Sessions run in UTC (the
 * TimeZone Rhizome reports), so {@code now()} is {@code 2024-05-01 12:34:56.789+00}: SQLite's clock
 * has milliseconds, Postgres' microseconds. SQLite reads the clock once per statement, so every
 * {@code now()} of one statement agrees, as in Postgres; Postgres also keeps it for the whole
 * transaction, SQLite does not (docs/compatibility.md).
 */
final class Clock {
  private Clock() {}

  /** {@code gen_random_uuid()}: a version 4 UUID from SQLite's random bytes. */
  static final String RANDOM_UUID =
      "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'"
          + " || substr(lower(hex(randomblob(2))), 2) || '-'"
          + " || substr('89ab', 1 + (abs(random()) % 4), 1)"
          + " || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

  /**
   * The expression for one of the SQL clock values.
   *
   * @param word CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_TIME or LOCALTIME
   * @param precision whether a precision was given (then whole seconds: the precision Rhizome keeps
   *     besides milliseconds)
   */
  static String of(String word, boolean precision) {
    String seconds = precision ? "%S" : "%f";
    return switch (word) {
      case "CURRENT_TIMESTAMP" -> "strftime('%Y-%m-%d %H:%M:" + seconds + "+00', 'now')";
      case "LOCALTIMESTAMP" -> "strftime('%Y-%m-%d %H:%M:" + seconds + "', 'now')";
      case "CURRENT_TIME" -> "strftime('%H:%M:" + seconds + "+00', 'now')";
      default -> "strftime('%H:%M:" + seconds + "', 'now')";
    };
  }
}
