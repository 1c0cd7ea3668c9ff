/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ClusterRecord;
import java.util.Locale;

/** The password methods a cluster can require, and their Postgres names (as in pg_hba.conf). */
public final class AuthMethods {
  private AuthMethods() {}

  /** The method a cluster uses: an unset field (a record older than the field) is SCRAM. */
  public static AuthMethod of(ClusterRecord cluster) {
    return effective(cluster.getAuthMethod());
  }

  /** {@code AUTH_METHOD_UNSPECIFIED} read as the default, SCRAM-SHA-256. */
  public static AuthMethod effective(AuthMethod method) {
    return method == AuthMethod.AUTH_METHOD_UNSPECIFIED ? AuthMethod.AUTH_SCRAM_SHA_256 : method;
  }

  /** The pg_hba.conf name: scram-sha-256, md5 or password. */
  public static String pgName(AuthMethod method) {
    return switch (effective(method)) {
      case AUTH_SCRAM_SHA_256 -> "scram-sha-256";
      case AUTH_MD5 -> "md5";
      case AUTH_PASSWORD -> "password";
      default -> throw new IllegalArgumentException("unknown auth method " + method);
    };
  }

  /**
   * Parses a pg_hba.conf name (case-insensitive).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static AuthMethod parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "scram-sha-256" -> AuthMethod.AUTH_SCRAM_SHA_256;
      case "md5" -> AuthMethod.AUTH_MD5;
      case "password" -> AuthMethod.AUTH_PASSWORD;
      default ->
          throw new IllegalArgumentException(
              "unknown auth method '" + name + "' (expected scram-sha-256, md5 or password)");
    };
  }
}
