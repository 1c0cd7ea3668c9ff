/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PasswordMessage;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.ScramVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cleartext password authentication ("password" in pg_hba.conf): the client sends its password and
 * the server checks it against the stored SCRAM verifier, as Postgres does for a SCRAM secret, so
 * no other secret is stored; a user imported with only an md5 hash is checked against that, as
 * Postgres does for an md5 secret. An unknown user's password runs the same PBKDF2 against a mock
 * verifier.
 */
final class CleartextAuthentication implements PasswordAuthentication {
  /** Checks a cleartext password against what is stored. */
  private interface Check {
    boolean matches(String password);
  }

  private final String user;
  private final Check check;
  private final boolean userExists;
  private final boolean slow;
  private boolean answered;

  private CleartextAuthentication(String user, Check check, boolean userExists, boolean slow) {
    this.user = user;
    this.check = check;
    this.userExists = userExists;
    this.slow = slow;
  }

  /** Against a SCRAM verifier (PBKDF2: slow, run off the event loop). */
  static CleartextAuthentication againstScram(
      String user, ScramVerifier verifier, boolean userExists) {
    return new CleartextAuthentication(
        user, password -> ScramVerifiers.matches(verifier, password), userExists, true);
  }

  /**
   * Against an md5 secret ({@code "md5" + hex(md5(password || user))}), compared in constant time.
   */
  static CleartextAuthentication againstMd5(String user, String secret) {
    byte[] stored = secret.getBytes(StandardCharsets.US_ASCII);
    return new CleartextAuthentication(
        user,
        password ->
            MessageDigest.isEqual(
                stored, Md5Passwords.secret(user, password).getBytes(StandardCharsets.US_ASCII)),
        true,
        false);
  }

  @Override
  public ByteBuf request(ByteBufAllocator alloc) {
    return BackendMessages.authenticationCleartextPassword();
  }

  @Override
  public boolean slow() {
    return slow;
  }

  @Override
  public Step respond(ByteBufAllocator alloc, byte[] body) {
    if (answered) {
      throw PgException.protocolViolation("unexpected password message");
    }
    answered = true;
    String password = PasswordMessage.parse(body).password();
    boolean matches = check.matches(password);
    if (!(matches && userExists)) {
      throw AuthFailures.passwordFailed(user);
    }
    return Step.done(null);
  }
}
