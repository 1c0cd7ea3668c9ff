/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The md5 scheme against known vectors. The secrets are what PostgreSQL 15 stored in pg_authid with
 * password_encryption=md5 (CREATE ROLE app PASSWORD 'secret'; a role and password "pässwörd"); the
 * salted responses were computed independently with Python's hashlib.
 */
class Md5PasswordsTest {
  @Test
  void secretIsWhatPostgresStores() {
    assertEquals("md56a422f785c9e20873908ce25d1736ae2", Md5Passwords.secret("app", "secret"));
  }

  @Test
  void secretHashesUtf8BytesOfPasswordThenUser() {
    assertEquals(
        "md5cdfba856aa77cef40ee15029dd65e1e4", Md5Passwords.secret("pässwörd", "pässwörd"));
  }

  @Test
  void responseIsTheSecretsHexSaltedAndHashedAgain() {
    String secret = Md5Passwords.secret("app", "secret");
    assertEquals(
        "md5911f527656472583a006e7727877b33e",
        Md5Passwords.response(secret, new byte[] {1, 2, 3, 4}));
    assertEquals(
        "md5293b6595e2bc31835e11a0b106258764",
        Md5Passwords.response(
            secret, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}));
  }

  @Test
  void recognisesTheShapeOfASecret() {
    assertTrue(Md5Passwords.isSecret("md56a422f785c9e20873908ce25d1736ae2"));
    assertTrue(Md5Passwords.isSecret(new MockVerifiers().md5SecretFor("nobody")));
    assertFalse(Md5Passwords.isSecret(""));
    assertFalse(Md5Passwords.isSecret("md56a422f785c9e20873908ce25d1736ae"));
    assertFalse(Md5Passwords.isSecret("md56A422F785C9E20873908CE25D1736AE2"));
    assertFalse(Md5Passwords.isSecret("sha6a422f785c9e20873908ce25d1736ae2"));
  }
}
