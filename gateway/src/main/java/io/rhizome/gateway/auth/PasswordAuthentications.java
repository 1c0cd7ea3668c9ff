/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.topology.AuthMethods;
import java.security.SecureRandom;
import java.util.Optional;

/** Starts the exchange of the cluster's auth method for one session. */
public final class PasswordAuthentications {
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
   * @param md5Secret the user's md5 secret: the md5 method uses it, and falls back to SCRAM for a
   *     user with a verifier and no md5 secret, as Postgres does; the cleartext method checks
   *     against it a user that has no verifier (imported from an md5 hash)
   */
  public PasswordAuthentication start(
      String user, Optional<ScramVerifier> verifier, Optional<String> md5Secret) {
    Optional<String> md5 = md5Secret.filter(Md5Passwords::isSecret);
    return switch (method) {
      case AUTH_MD5 -> {
        if (md5.isEmpty() && verifier.isPresent()) {
          // As Postgres' md5 method does for a user whose password is stored as SCRAM (imported
          // as a verifier, or written before the cluster used md5): SCRAM instead.
          yield new ScramAuthentication(ScramExchange.start(user, verifier, mocks));
        }
        byte[] salt = new byte[Md5Passwords.SALT_LENGTH];
        RANDOM.nextBytes(salt);
        yield new Md5Authentication(
            user, md5.orElseGet(() -> mocks.md5SecretFor(user)), md5.isPresent(), salt);
      }
      case AUTH_PASSWORD -> {
        if (verifier.isEmpty() && md5.isPresent()) {
          // A user imported with an md5 hash only: the cleartext password is hashed the same way.
          yield CleartextAuthentication.againstMd5(user, md5.get());
        }
        yield CleartextAuthentication.againstScram(
            user, verifier.orElseGet(() -> mocks.forUser(user)), verifier.isPresent());
      }
      default -> new ScramAuthentication(ScramExchange.start(user, verifier, mocks));
    };
  }
}
