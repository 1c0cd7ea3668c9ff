/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rhizome.gateway.pg.codec.BackendMessages;
import io.rhizome.gateway.pg.codec.PasswordMessage;
import io.rhizome.gateway.pg.codec.PgException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * md5 authentication: AuthenticationMD5Password with a fresh random salt, one PasswordMessage back.
 * An unknown user is checked against a mock secret, so the work and the answer are the same.
 */
final class Md5Authentication implements PasswordAuthentication {
  private final String user;
  private final String secret;
  private final boolean userExists;
  private final byte[] salt;
  private boolean answered;

  Md5Authentication(String user, String secret, boolean userExists, byte[] salt) {
    this.user = user;
    this.secret = secret;
    this.userExists = userExists;
    this.salt = salt.clone();
  }

  @Override
  public ByteBuf request(ByteBufAllocator alloc) {
    return BackendMessages.authenticationMd5Password(alloc, salt);
  }

  @Override
  public Step respond(ByteBufAllocator alloc, byte[] body) {
    if (answered) {
      throw PgException.protocolViolation("unexpected password message");
    }
    answered = true;
    String given = PasswordMessage.parse(body).password();
    byte[] expected = Md5Passwords.response(secret, salt).getBytes(StandardCharsets.US_ASCII);
    boolean matches = MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    if (!(matches && userExists)) {
      throw AuthFailures.passwordFailed(user);
    }
    return Step.done(null);
  }
}
