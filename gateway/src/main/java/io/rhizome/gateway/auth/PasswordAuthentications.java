/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.topology.AuthMethods;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the exchange of the cluster's auth method for one session. */
public final class PasswordAuthentications {
  private static final Logger log = LoggerFactory.getLogger(PasswordAuthentications.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuthMethod method;
  private final MockVerifiers mocks;

  /**
   * @param method the cluster's method (unspecified reads as SCRAM-SHA-256)
   * @param mocks secrets for unknown users
   */
  public PasswordAuthentications(AuthMethod method, MockVerifiers mocks) {
    this.method = AuthMethods.effective(method);
    this.mocks = mocks;
  }

  /** The method every session of this gateway authenticates with. */
  public AuthMethod method() {
    return method;
  }

  /**
   * Starts authenticating {@code user}.
   *
   * @param verifier the user's SCRAM verifier; empty when the user is unknown or may not sign in to
   *     the database (the exchange then runs against a mock and fails like a wrong password)
   * @param md5Secret the user's md5 secret, needed only by the md5 method
   */
  public PasswordAuthentication start(
      String user, Optional<ScramVerifier> verifier, Optional<String> md5Secret) {
    return switch (method) {
      case AUTH_MD5 -> {
        Optional<String> secret =
            verifier.isPresent() ? md5Secret.filter(Md5Passwords::isSecret) : Optional.empty();
        if (verifier.isPresent() && secret.isEmpty()) {
          // A user written without the md5 secret (e.g. by an older version) cannot sign in.
          log.warn("user {} has no md5 secret; set its password again to sign in with md5", user);
        }
        byte[] salt = new byte[Md5Passwords.SALT_LENGTH];
        RANDOM.nextBytes(salt);
        yield new Md5Authentication(
            user, secret.orElseGet(() -> mocks.md5SecretFor(user)), secret.isPresent(), salt);
      }
      case AUTH_PASSWORD ->
          new CleartextAuthentication(
              user, verifier.orElseGet(() -> mocks.forUser(user)), verifier.isPresent());
      default -> new ScramAuthentication(ScramExchange.start(user, verifier, mocks));
    };
  }
}
