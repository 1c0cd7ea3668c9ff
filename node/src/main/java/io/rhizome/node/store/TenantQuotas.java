/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits every tenant of a node gets (node flags; a per-tenant override is later work).
 *
 * @param maxDatabaseBytes the largest a tenant's database may grow; past it writes fail with 53100
 *     and the tenant stays readable. Also caps the tenant's temporary database.
 * @param statementTimeout longest a statement may run, rows streaming included, before 57014;
 *     {@link Duration#ZERO} turns the limit off
 */
public record TenantQuotas(long maxDatabaseBytes, Duration statementTimeout) {
  public static final long DEFAULT_MAX_DATABASE_BYTES = 10L << 30;

  /**
   * A minute: the node's worker threads are shared by all tenants, so a runaway statement of one
   * must not hold one forever; interactive and OLTP statements finish far sooner.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  public static final TenantQuotas DEFAULT =
      new TenantQuotas(DEFAULT_MAX_DATABASE_BYTES, DEFAULT_STATEMENT_TIMEOUT);

  public TenantQuotas {
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (maxDatabaseBytes < 1) {
      throw new IllegalArgumentException("maxDatabaseBytes must be positive");
    }
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException("statementTimeout must not be negative");
    }
  }
}
