/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import com.google.protobuf.ByteString;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import io.rhizome.proto.ScramVerifier;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Derives SCRAM-SHA-256 verifiers (RFC 5802/7677) from passwords, the only form in which
 * credentials are stored. The password is normalised the way Postgres does (SASLprep, falling back
 * to the raw bytes when SASLprep rejects it), so verifiers match what libpq and pgjdbc compute.
 */
public final class ScramVerifiers {
  /** Iterations of PBKDF2, as Postgres' default scram_iterations. */
  public static final int ITERATIONS = 4096;

  static final int SALT_LENGTH = 16;
  static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ScramVerifiers() {}

  /** A verifier for {@code password} with a fresh random 16-byte salt and 4096 iterations. */
  public static ScramVerifier derive(String password) {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    return derive(password, salt, ITERATIONS);
  }

  /**
   * Whether {@code password} is the one {@code verifier} was derived from: PBKDF2 with the stored
   * salt and iterations, then ClientKey and StoredKey, compared in constant time (how Postgres
   * checks a cleartext password against a SCRAM secret). Costs the same whether or not it matches.
   */
  public static boolean matches(ScramVerifier verifier, String password) {
    char[] chars = password.toCharArray();
    byte[] salted;
    try {
      salted =
          ScramFunctions.saltedPassword(
              MECHANISM,
              StringPreparation.POSTGRESQL_PREPARATION,
              chars,
              verifier.getSalt().toByteArray(),
              verifier.getIterations());
    } catch (IllegalArgumentException | IndexOutOfBoundsException empty) {
      // The library refuses an empty password and fails on one SASLprep maps to nothing; no
      // verifier is derived from either (derive refuses them the same way), so neither matches.
      return false;
    } finally {
      Arrays.fill(chars, '\0');
    }
    byte[] clientKey = ScramFunctions.clientKey(MECHANISM, salted);
    byte[] storedKey = ScramFunctions.storedKey(MECHANISM, clientKey);
    Arrays.fill(salted, (byte) 0);
    Arrays.fill(clientKey, (byte) 0);
    return MessageDigest.isEqual(storedKey, verifier.getStoredKey().toByteArray());
  }

  /** A verifier with the given salt and iteration count (for test vectors). */
  static ScramVerifier derive(String password, byte[] salt, int iterations) {
    char[] chars = password.toCharArray();
    byte[] salted =
        ScramFunctions.saltedPassword(
            MECHANISM, StringPreparation.POSTGRESQL_PREPARATION, chars, salt, iterations);
    Arrays.fill(chars, '\0');
    byte[] clientKey = ScramFunctions.clientKey(MECHANISM, salted);
    ScramVerifier verifier =
        ScramVerifier.newBuilder()
            .setSalt(ByteString.copyFrom(salt))
            .setIterations(iterations)
            .setStoredKey(ByteString.copyFrom(ScramFunctions.storedKey(MECHANISM, clientKey)))
            .setServerKey(ByteString.copyFrom(ScramFunctions.serverKey(MECHANISM, salted)))
            .build();
    Arrays.fill(salted, (byte) 0);
    Arrays.fill(clientKey, (byte) 0);
    return verifier;
  }
}
