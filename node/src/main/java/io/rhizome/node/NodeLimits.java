/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.node.store.TenantLockdown;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Objects;

/**
 * How much of the node's resources tenants may hold at once.
 *
 * @param maxOpenTenants SQLite handles open at once, in use and idle together (each holds up to
 *     three file descriptors); a session past it, when every handle is in use, gets 53300
 * @param tenantIdleTimeout an idle handle is closed after this long unused
 * @param maxSessionsPerTenant open sessions of one tenant on this node; more get 53300
 * @param maxConcurrentStatements requests (a Query, an extended-query run) in progress at once
 * @param statementQueue requests waiting for one of those slots; past it a request gets 53000
 * @param maxValueBytes the largest string or blob a statement may make, and the largest result row
 *     (its values together); past it the statement gets 54000 (SQLite's {@code SQLITE_LIMIT_LENGTH}
 *     on every connection, and a check as rows are read)
 */
public record NodeLimits(
    int maxOpenTenants,
    Duration tenantIdleTimeout,
    int maxSessionsPerTenant,
    int maxConcurrentStatements,
    int statementQueue,
    int maxValueBytes) {

  /** The handle bound when the file descriptor limit is unknown or generous. */
  public static final int DEFAULT_MAX_OPEN_TENANTS = 1024;

  public static final Duration DEFAULT_TENANT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_SESSIONS_PER_TENANT = 64;
  public static final int DEFAULT_MAX_CONCURRENT_STATEMENTS = 128;
  public static final int DEFAULT_STATEMENT_QUEUE = 256;

  public static final NodeLimits DEFAULT =
      new NodeLimits(
          defaultMaxOpenTenants(),
          DEFAULT_TENANT_IDLE_TIMEOUT,
          DEFAULT_MAX_SESSIONS_PER_TENANT,
          DEFAULT_MAX_CONCURRENT_STATEMENTS,
          DEFAULT_STATEMENT_QUEUE,
          TenantLockdown.DEFAULT_MAX_VALUE_BYTES);

  public NodeLimits {
    Objects.requireNonNull(tenantIdleTimeout, "tenantIdleTimeout");
    if (maxOpenTenants < 1 || maxSessionsPerTenant < 1 || maxConcurrentStatements < 1) {
      throw new IllegalArgumentException(
          "maxOpenTenants, maxSessionsPerTenant and maxConcurrentStatements must be positive");
    }
    if (statementQueue < 0) {
      throw new IllegalArgumentException("statementQueue must not be negative");
    }
    if (tenantIdleTimeout.isNegative()) {
      throw new IllegalArgumentException("tenantIdleTimeout must not be negative");
    }
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive");
    }
  }

  /** Limits with the default {@link #maxValueBytes}. */
  public NodeLimits(
      int maxOpenTenants,
      Duration tenantIdleTimeout,
      int maxSessionsPerTenant,
      int maxConcurrentStatements,
      int statementQueue) {
    this(
        maxOpenTenants,
        tenantIdleTimeout,
        maxSessionsPerTenant,
        maxConcurrentStatements,
        statementQueue,
        TenantLockdown.DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * {@link #DEFAULT_MAX_OPEN_TENANTS}, or a quarter of the process's file descriptor limit when
   * that is smaller: each handle takes up to three descriptors, and sockets need the rest.
   */
  public static int defaultMaxOpenTenants() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long quarter = unix.getMaxFileDescriptorCount() / 4;
      if (quarter > 0) {
        return (int) Math.max(16, Math.min(DEFAULT_MAX_OPEN_TENANTS, quarter));
      }
    }
    return DEFAULT_MAX_OPEN_TENANTS;
  }
}
