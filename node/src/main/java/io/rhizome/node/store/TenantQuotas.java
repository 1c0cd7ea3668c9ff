/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import io.rhizome.proto.TenantLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits a tenant's sessions run under: the node's flags, overridden per tenant by the limits
 * in its record ({@link #withOverrides}).
 *
 * @param maxDatabaseBytes the largest a tenant's database may grow; past it writes fail with 53100
 *     and the tenant stays readable. Also caps the tenant's temporary database.
 * @param statementTimeout longest a statement may run, rows streaming included, before 57014;
 *     {@link Duration#ZERO} turns the limit off
 * @param maxResultRows most rows one statement may return before 54000; 0 turns the limit off
 */
public record TenantQuotas(long maxDatabaseBytes, Duration statementTimeout, long maxResultRows) {
  public static final long DEFAULT_MAX_DATABASE_BYTES = 10L << 30;

  /**
   * A minute: the node's worker threads are shared by all tenants, so a runaway statement of one
   * must not hold one forever; interactive and OLTP statements finish far sooner.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  public static final TenantQuotas DEFAULT =
      new TenantQuotas(DEFAULT_MAX_DATABASE_BYTES, DEFAULT_STATEMENT_TIMEOUT, 0);

  public TenantQuotas {
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (maxDatabaseBytes < 1) {
      throw new IllegalArgumentException("maxDatabaseBytes must be positive");
    }
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("statementTimeout must not be negative");
    }
    if (maxResultRows < 0) {
      throw new IllegalArgumentException("maxResultRows must not be negative");
    }
  }

  /** No limit on result rows. */
  public TenantQuotas(long maxDatabaseBytes, Duration statementTimeout) {
    this(maxDatabaseBytes, statementTimeout, 0);
  }

  /** These limits with a tenant's own overrides applied (an absent override keeps the flag). */
  public TenantQuotas withOverrides(TenantLimits limits) {
    return new TenantQuotas(
        limits.hasMaxDatabaseBytes() ? Math.max(1, limits.getMaxDatabaseBytes()) : maxDatabaseBytes,
        limits.hasStatementTimeoutMs()
            ? Duration.ofMillis(limits.getStatementTimeoutMs())
            : statementTimeout,
        limits.hasMaxResultRows() ? limits.getMaxResultRows() : maxResultRows);
  }
}
