/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Postgres' md5 password scheme. The stored secret is {@code "md5" + hex(md5(password || user))};
 * for each connection the server sends a random 4-byte salt and the client answers {@code "md5" +
 * hex(md5(hex-part-of-secret || salt))}. Strings are UTF-8, as libpq and pgjdbc send them.
 */
public final class Md5Passwords {
  /** Every md5 secret and response starts with this. */
  static final String PREFIX = "md5";

  /** Length of a secret or a response: the prefix and 32 hex digits. */
  static final int LENGTH = PREFIX.length() + 32;

  static final int SALT_LENGTH = 4;

  private Md5Passwords() {}

  /**
   * The secret Postgres stores for {@code user} with {@code password} (password_encryption=md5).
   */
  public static String secret(String user, String password) {
    return PREFIX + hexMd5(bytes(password), bytes(user));
  }

  /** What a client holding the right password answers to {@code salt}. */
  static String response(String secret, byte[] salt) {
    return PREFIX
        + hexMd5(secret.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII), salt);
  }

  /** Whether {@code secret} has the shape of an md5 secret ("md5" and 32 lowercase hex digits). */
  static boolean isSecret(String secret) {
    if (secret.length() != LENGTH || !secret.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      char c = secret.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static String hexMd5(byte[] first, byte[] second) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(first);
      md5.update(second);
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by the JDK", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
