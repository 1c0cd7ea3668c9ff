/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.proto.TenantLimits;
import java.util.Locale;
import java.util.Optional;

/**
 * The per-tenant limits an operator can set in the admin console, by their console names. Each
 * overrides one node flag for one tenant; unset, the node's flag applies.
 */
enum TenantLimit {
  /** Bytes; the node's {@code --max-db-size}. */
  MAX_DATABASE_SIZE(1),
  /** Milliseconds, 0 for none; the node's {@code --statement-timeout}. */
  STATEMENT_TIMEOUT(0),
  /** Rows per statement, 0 for none; the node's {@code --max-result-rows}. */
  MAX_RESULT_ROWS(0);

  private final long min;

  TenantLimit(long min) {
    this.min = min;
  }

  /** The console name, e.g. {@code max_database_size}. */
  String consoleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<TenantLimit> byConsoleName(String name) {
    for (TenantLimit limit : values()) {
      if (limit.consoleName().equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(limit);
      }
    }
    return Optional.empty();
  }

  /** The smallest value that makes sense: a database needs at least a byte, the others allow 0. */
  long min() {
    return min;
  }

  void set(TenantLimits.Builder limits, long value) {
    switch (this) {
      case MAX_DATABASE_SIZE -> limits.setMaxDatabaseBytes(value);
      case STATEMENT_TIMEOUT -> limits.setStatementTimeoutMs(value);
      case MAX_RESULT_ROWS -> limits.setMaxResultRows(value);
    }
  }

  void reset(TenantLimits.Builder limits) {
    switch (this) {
      case MAX_DATABASE_SIZE -> limits.clearMaxDatabaseBytes();
      case STATEMENT_TIMEOUT -> limits.clearStatementTimeoutMs();
      case MAX_RESULT_ROWS -> limits.clearMaxResultRows();
    }
  }

  /** The tenant's override, if it has one. */
  Optional<Long> get(TenantLimits limits) {
    return switch (this) {
      case MAX_DATABASE_SIZE ->
          limits.hasMaxDatabaseBytes()
              ? Optional.of(limits.getMaxDatabaseBytes())
              : Optional.empty();
      case STATEMENT_TIMEOUT ->
          limits.hasStatementTimeoutMs()
              ? Optional.of(limits.getStatementTimeoutMs())
              : Optional.empty();
      case MAX_RESULT_ROWS ->
          limits.hasMaxResultRows() ? Optional.of(limits.getMaxResultRows()) : Optional.empty();
    };
  }
}
