/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PasswordMessage;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.ScramVerifier;

/**
 * Cleartext password authentication ("password" in pg_hba.conf): the client sends its password and
 * the server checks it against the stored SCRAM verifier, as Postgres does for a SCRAM secret, so
 * no other secret is stored. An unknown user's password runs the same PBKDF2 against a mock
 * verifier.
 */
final class CleartextAuthentication implements PasswordAuthentication {
  private final String user;
  private final ScramVerifier verifier;
  private final boolean userExists;
  private boolean answered;

  CleartextAuthentication(String user, ScramVerifier verifier, boolean userExists) {
    this.user = user;
    this.verifier = verifier;
    this.userExists = userExists;
  }

  @Override
  public ByteBuf request(ByteBufAllocator alloc) {
    return BackendMessages.authenticationCleartextPassword();
  }

  @Override
  public boolean slow() {
    return true;
  }

  @Override
  public Step respond(ByteBufAllocator alloc, byte[] body) {
    if (answered) {
      throw PgException.protocolViolation("unexpected password message");
    }
    answered = true;
    String password = PasswordMessage.parse(body).password();
    boolean matches = ScramVerifiers.matches(verifier, password);
    if (!(matches && userExists)) {
      throw AuthFailures.passwordFailed(user);
    }
    return Step.done(null);
  }
}
