/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import com.google.protobuf.ByteString;
import io.rhizome.proto.ScramVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifiers for users that do not exist, so that an unknown user runs the same exchange (same
 * messages, same work) as a known one with a wrong password. The salt is derived from the user name
 * and a per-process secret, so repeated attempts for one name see one stable salt, as they would
 * for a real user (a fresh random salt each time would reveal that the user does not exist).
 */
public final class MockVerifiers {
  private final byte[] secret;

  public MockVerifiers() {
    this(new SecureRandom());
  }

  MockVerifiers(SecureRandom random) {
    secret = new byte[32];
    random.nextBytes(secret);
  }

  /** A verifier no password matches (its keys are not derived from any password). */
  public ScramVerifier forUser(String user) {
    byte[] salt = Arrays.copyOf(hmac("salt:" + user), ScramVerifiers.SALT_LENGTH);
    return ScramVerifier.newBuilder()
        .setSalt(ByteString.copyFrom(salt))
        .setIterations(ScramVerifiers.ITERATIONS)
        .setStoredKey(ByteString.copyFrom(hmac("stored:" + user)))
        .setServerKey(ByteString.copyFrom(hmac("server:" + user)))
        .build();
  }

  /** An md5 secret no password matches, of the same shape and cost as a real one. */
  public String md5SecretFor(String user) {
    byte[] digest = Arrays.copyOf(hmac("md5:" + user), 16);
    return Md5Passwords.PREFIX + HexFormat.of().formatHex(digest);
  }

  private byte[] hmac(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JDK", e);
    }
  }
}
