/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.regex.Pattern;

/**
 * The one rule for tenant names. A name that passes is safe as a file name and as an etcd key
 * segment: lower-case ASCII letters and digits, then up to 62 more of those, '_' or '-'. No dots,
 * slashes, NULs, upper case or non-ASCII look-alikes can pass, so no name can reach outside its
 * shard directory.
 */
public final class TenantNames {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private TenantNames() {}

  /** Whether {@code name} is a valid tenant name. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * Returns {@code name} if valid.
   *
   * @throws IllegalArgumentException naming the rule (never echoing an oversized input)
   */
  public static String require(String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          "invalid tenant name: use 1-63 characters of a-z, 0-9, '_' or '-', starting with a"
              + " letter or digit");
    }
    return name;
  }
}
