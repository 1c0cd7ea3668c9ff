/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.AuthMethods;

/** The stored form of a user's password, for the cluster's auth method. */
public final class UserCredentials {
  private UserCredentials() {}

  /**
   * A user record for {@code name} with {@code password}: always a SCRAM verifier (cleartext
   * authentication checks against it too), and the md5 secret only on an md5 cluster, where it is
   * needed, since it is a weaker, unsalted-by-design hash worth storing only when required.
   */
  public static UserRecord forPassword(String name, String password, AuthMethod method) {
    UserRecord.Builder user =
        UserRecord.newBuilder()
            .setFormat(1)
            .setName(name)
            .setScram(ScramVerifiers.derive(password));
    if (AuthMethods.effective(method) == AuthMethod.AUTH_MD5) {
      user.setMd5(Md5Passwords.secret(name, password));
    }
    return user.build();
  }
}
