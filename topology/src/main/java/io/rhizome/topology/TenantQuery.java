/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.regex.Pattern;

/**
 * Which tenants to list, in name order: those whose name starts with {@code prefix}, after the name
 * {@code after} (exclusive; "" for the start), at most {@code limit}. A listing is read from the
 * store page by page, so no answer holds more than {@link #MAX_LIMIT} tenants however many exist.
 */
public record TenantQuery(String prefix, String after, int limit) {
  /** Most tenants one page may hold. */
  public static final int MAX_LIMIT = 10_000;

  /** Characters of tenant names: what a prefix or a cursor may contain. */
  private static final Pattern NAME_CHARS = Pattern.compile("[a-z0-9_-]{0,63}");

  public TenantQuery {
    if (prefix == null || !NAME_CHARS.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "a tenant name prefix has at most 63 characters of a-z, 0-9, '_' or '-'");
    }
    if (after == null || !NAME_CHARS.matcher(after).matches()) {
      throw new IllegalArgumentException(
          "a tenant name to list after has at most 63 characters of a-z, 0-9, '_' or '-'");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " tenants");
    }
  }

  /** The first {@code limit} tenants of the cluster. */
  public static TenantQuery first(int limit) {
    return new TenantQuery("", "", limit);
  }
}
