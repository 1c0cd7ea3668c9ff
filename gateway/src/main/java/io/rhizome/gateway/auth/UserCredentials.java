/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.AuthMethods;
import java.util.Optional;

/** The stored form of a user's password, for the cluster's auth method. */
public final class UserCredentials {
  private UserCredentials() {}

  /**
   * A user record for {@code name} with {@code password}, which may be given in cleartext or
   * already encrypted as Postgres stores it ({@link StoredPasswords}).
   *
   * <ul>
   *   <li>Cleartext: always a SCRAM verifier (cleartext authentication checks against it too), and
   *       the md5 secret only on an md5 cluster, where it is needed, since it is a weaker,
   *       unsalted-by-design hash worth storing only when required.
   *   <li>A SCRAM verifier: stored as it is; on an md5 cluster the user signs in with SCRAM, as in
   *       Postgres.
   *   <li>An md5 secret: stored as it is, on a cluster that authenticates with md5 or cleartext
   *       passwords; refused on a SCRAM cluster, where no client could sign in with it.
   * </ul>
   *
   * @throws IllegalArgumentException for a malformed verifier or an md5 secret on a SCRAM cluster
   *     (the message never holds the password)
   */
  public static UserRecord forPassword(String name, String password, AuthMethod method) {
    UserRecord.Builder user = UserRecord.newBuilder().setFormat(1).setName(name);
    Optional<ScramVerifier> verifier = StoredPasswords.scramVerifier(password);
    if (verifier.isPresent()) {
      return user.setScram(verifier.get()).build();
    }
    AuthMethod effective = AuthMethods.effective(method);
    if (StoredPasswords.isMd5(password)) {
      if (effective == AuthMethod.AUTH_SCRAM_SHA_256) {
        throw new IllegalArgumentException(
            "an md5 password hash cannot sign in on a cluster that uses scram-sha-256; give the"
                + " password, a SCRAM-SHA-256 verifier, or use a cluster created with"
                + " --auth-method md5");
      }
      return user.setMd5(password).build();
    }
    user.setScram(ScramVerifiers.derive(password));
    if (effective == AuthMethod.AUTH_MD5) {
      user.setMd5(Md5Passwords.secret(name, password));
    }
    return user.build();
  }
}
