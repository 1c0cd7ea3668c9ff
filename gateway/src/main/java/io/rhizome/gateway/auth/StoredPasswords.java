/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import com.google.protobuf.ByteString;
import io.rhizome.proto.ScramVerifier;
import java.util.Base64;
import java.util.Optional;

/**
 * Postgres' stored password forms, as {@code pg_authid.rolpassword} holds them and as {@code CREATE
 * ROLE ... PASSWORD '...'} accepts them already encrypted, so users keep their passwords when they
 * move over:
 *
 * <pre>
 *   SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;   (base64; keys 32 bytes)
 *   md5&lt;32 lowercase hex digits&gt;                                 (md5(password || user))
 * </pre>
 *
 * Anything else is a cleartext password. One difference from Postgres, on purpose: a string that
 * starts like a SCRAM verifier but is malformed is refused, where Postgres would take it as a
 * cleartext password (a damaged import would otherwise set a password nobody knows).
 */
public final class StoredPasswords {
  static final String SCRAM_PREFIX = "SCRAM-SHA-256$";
  private static final int KEY_LENGTH = 32;

  private StoredPasswords() {}

  /** The SCRAM verifier a password string carries; empty for any other form. */
  public static Optional<ScramVerifier> scramVerifier(String password) {
    if (!password.startsWith(SCRAM_PREFIX)) {
      return Optional.empty();
    }
    String[] halves = password.substring(SCRAM_PREFIX.length()).split("\\$", -1);
    String[] iterSalt = halves.length == 2 ? halves[0].split(":", -1) : new String[0];
    String[] keys = halves.length == 2 ? halves[1].split(":", -1) : new String[0];
    if (iterSalt.length != 2 || keys.length != 2) {
      throw malformed();
    }
    int iterations;
    try {
      iterations = Integer.parseInt(iterSalt[0]);
    } catch (NumberFormatException e) {
      throw malformed();
    }
    byte[] salt = base64(iterSalt[1]);
    byte[] stored = base64(keys[0]);
    byte[] server = base64(keys[1]);
    if (iterations < 1
        || salt.length == 0
        || stored.length != KEY_LENGTH
        || server.length != KEY_LENGTH) {
      throw malformed();
    }
    return Optional.of(
        ScramVerifier.newBuilder()
            .setIterations(iterations)
            .setSalt(ByteString.copyFrom(salt))
            .setStoredKey(ByteString.copyFrom(stored))
            .setServerKey(ByteString.copyFrom(server))
            .build());
  }

  /** Whether a password string is an md5 secret ({@code "md5"} and 32 lowercase hex digits). */
  public static boolean isMd5(String password) {
    return Md5Passwords.isSecret(password);
  }

  /** The Postgres text form of a verifier. */
  public static String scramText(ScramVerifier v) {
    Base64.Encoder b64 = Base64.getEncoder();
    return SCRAM_PREFIX
        + v.getIterations()
        + ":"
        + b64.encodeToString(v.getSalt().toByteArray())
        + "$"
        + b64.encodeToString(v.getStoredKey().toByteArray())
        + ":"
        + b64.encodeToString(v.getServerKey().toByteArray());
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  /** Never echoes the value: it is a secret, or a mistyped password. */
  private static IllegalArgumentException malformed() {
    return new IllegalArgumentException(
        "malformed SCRAM-SHA-256 verifier: expected"
            + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> in base64, keys of 32"
            + " bytes");
  }
}
