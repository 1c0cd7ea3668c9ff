/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordAuthenticationsTest {
  private static final UserRecord APP_MD5 =
      UserCredentials.forPassword("app", "s3cret", AuthMethod.AUTH_MD5);
  private static final UserRecord APP_SCRAM =
      UserCredentials.forPassword("app", "s3cret", AuthMethod.AUTH_SCRAM_SHA_256);

  private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
  private final MockVerifiers mocks = new MockVerifiers();
  private final PasswordAuthentications md5 =
      new PasswordAuthentications(AuthMethod.AUTH_MD5, mocks);
  private final PasswordAuthentications cleartext =
      new PasswordAuthentications(AuthMethod.AUTH_PASSWORD, mocks);

  private static byte[] cstring(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }

  /** The request's auth code and the bytes after it; releases the buffer. */
  private static byte[] requestBody(ByteBuf request, int expectedCode) {
    try {
      assertEquals('R', request.readByte());
      int length = request.readInt();
      assertEquals(length - 4, request.readableBytes());
      assertEquals(expectedCode, request.readInt());
      byte[] rest = new byte[request.readableBytes()];
      request.readBytes(rest);
      return rest;
    } finally {
      request.release();
    }
  }

  private static Optional<ScramVerifier> scram(UserRecord user) {
    return Optional.of(user.getScram());
  }

  private static Optional<String> md5Of(UserRecord user) {
    return Optional.of(user.getMd5()).filter(s -> !s.isEmpty());
  }

  private static void assertPasswordFailed(String user, Runnable attempt) {
    PgException e = assertThrows(PgException.class, attempt::run);
    assertEquals(SqlState.INVALID_PASSWORD, e.error().state());
    assertEquals("password authentication failed for user \"" + user + "\"", e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // md5

  @Test
  void md5SignsInWithTheClientsSaltedHash() {
    PasswordAuthentication auth = md5.start("app", scram(APP_MD5), md5Of(APP_MD5));
    byte[] salt = requestBody(auth.request(alloc), 5);
    assertEquals(4, salt.length);
    String answer = Md5Passwords.response(Md5Passwords.secret("app", "s3cret"), salt);
    PasswordAuthentication.Step step = auth.respond(alloc, cstring(answer));
    assertTrue(step.authenticated());
    assertNull(step.message());
  }

  @Test
  void md5SaltsDifferPerConnection() {
    byte[] a = requestBody(md5.start("app", scram(APP_MD5), md5Of(APP_MD5)).request(alloc), 5);
    byte[] b = requestBody(md5.start("app", scram(APP_MD5), md5Of(APP_MD5)).request(alloc), 5);
    byte[] c = requestBody(md5.start("app", scram(APP_MD5), md5Of(APP_MD5)).request(alloc), 5);
    // Three equal 32-bit salts in a row would be a broken random source.
    assertFalse(Arrays.equals(a, b) && Arrays.equals(b, c));
  }

  @Test
  void md5RefusesAWrongPassword() {
    PasswordAuthentication auth = md5.start("app", scram(APP_MD5), md5Of(APP_MD5));
    byte[] salt = requestBody(auth.request(alloc), 5);
    String answer = Md5Passwords.response(Md5Passwords.secret("app", "wrong"), salt);
    assertPasswordFailed("app", () -> auth.respond(alloc, cstring(answer)));
  }

  @Test
  void md5RefusesAReplayedAnswerToAnotherSalt() {
    PasswordAuthentication auth = md5.start("app", scram(APP_MD5), md5Of(APP_MD5));
    byte[] salt = requestBody(auth.request(alloc), 5);
    salt[0]++;
    String stale = Md5Passwords.response(Md5Passwords.secret("app", "s3cret"), salt);
    assertPasswordFailed("app", () -> auth.respond(alloc, cstring(stale)));
  }

  @Test
  void md5RefusesTheStoredSecretSentAsThePassword() {
    PasswordAuthentication auth = md5.start("app", scram(APP_MD5), md5Of(APP_MD5));
    requestBody(auth.request(alloc), 5);
    assertPasswordFailed("app", () -> auth.respond(alloc, cstring(APP_MD5.getMd5())));
  }

  @Test
  void md5UnknownUserGetsTheSameRequestAndTheSameError() {
    PasswordAuthentication auth = md5.start("ghost", Optional.empty(), Optional.empty());
    byte[] salt = requestBody(auth.request(alloc), 5);
    String answer = Md5Passwords.response(Md5Passwords.secret("ghost", "s3cret"), salt);
    assertPasswordFailed("ghost", () -> auth.respond(alloc, cstring(answer)));
  }

  @Test
  void md5ClusterSignsInAUserStoredWithOnlyAVerifierWithScramAsPostgresDoes() {
    PasswordAuthentication auth = md5.start("app", scram(APP_SCRAM), md5Of(APP_SCRAM));
    byte[] mechanisms = requestBody(auth.request(alloc), 10);
    assertEquals("SCRAM-SHA-256\0\0", new String(mechanisms, StandardCharsets.US_ASCII));
  }

  @Test
  void md5ClusterSignsInAUserStoredWithOnlyAnMd5Secret() {
    UserRecord imported =
        UserCredentials.forPassword(
            "app", Md5Passwords.secret("app", "s3cret"), AuthMethod.AUTH_MD5);
    assertFalse(imported.hasScram());
    PasswordAuthentication auth = md5.start("app", Optional.empty(), md5Of(imported));
    byte[] salt = requestBody(auth.request(alloc), 5);
    String answer = Md5Passwords.response(Md5Passwords.secret("app", "s3cret"), salt);
    assertTrue(auth.respond(alloc, cstring(answer)).authenticated());
  }

  @Test
  void md5RefusesASecondPasswordMessage() {
    PasswordAuthentication auth = md5.start("app", scram(APP_MD5), md5Of(APP_MD5));
    byte[] salt = requestBody(auth.request(alloc), 5);
    String answer = Md5Passwords.response(APP_MD5.getMd5(), salt);
    auth.respond(alloc, cstring(answer));
    PgException e = assertThrows(PgException.class, () -> auth.respond(alloc, cstring(answer)));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  // ---------------------------------------------------------------------------------------------
  // cleartext ("password")

  @Test
  void cleartextSignsInWithThePasswordCheckedAgainstTheScramVerifier() {
    PasswordAuthentication auth = cleartext.start("app", scram(APP_SCRAM), Optional.empty());
    assertEquals(0, requestBody(auth.request(alloc), 3).length);
    PasswordAuthentication.Step step = auth.respond(alloc, cstring("s3cret"));
    assertTrue(step.authenticated());
    assertNull(step.message());
  }

  @Test
  void cleartextRefusesAWrongPassword() {
    PasswordAuthentication auth = cleartext.start("app", scram(APP_SCRAM), Optional.empty());
    requestBody(auth.request(alloc), 3);
    assertPasswordFailed("app", () -> auth.respond(alloc, cstring("s3cret ")));
  }

  @Test
  void cleartextRefusesAnEmptyPasswordWithTheSameError() {
    PasswordAuthentication auth = cleartext.start("app", scram(APP_SCRAM), Optional.empty());
    requestBody(auth.request(alloc), 3);
    assertPasswordFailed("app", () -> auth.respond(alloc, cstring("")));
  }

  @Test
  void cleartextUnknownUserGetsTheSameRequestAndTheSameError() {
    PasswordAuthentication auth = cleartext.start("ghost", Optional.empty(), Optional.empty());
    assertEquals(0, requestBody(auth.request(alloc), 3).length);
    assertPasswordFailed("ghost", () -> auth.respond(alloc, cstring("s3cret")));
  }

  @Test
  void cleartextChecksAUserStoredWithOnlyAnMd5SecretAgainstIt() {
    String secret = Md5Passwords.secret("app", "s3cret");
    PasswordAuthentication right = cleartext.start("app", Optional.empty(), Optional.of(secret));
    assertEquals(0, requestBody(right.request(alloc), 3).length);
    assertTrue(right.respond(alloc, cstring("s3cret")).authenticated());
    PasswordAuthentication wrong = cleartext.start("app", Optional.empty(), Optional.of(secret));
    requestBody(wrong.request(alloc), 3);
    assertPasswordFailed("app", () -> wrong.respond(alloc, cstring("s3cret!")));
  }

  @Test
  void cleartextRefusesAMalformedPasswordMessage() {
    PasswordAuthentication auth = cleartext.start("app", scram(APP_SCRAM), Optional.empty());
    requestBody(auth.request(alloc), 3);
    PgException e =
        assertThrows(PgException.class, () -> auth.respond(alloc, new byte[] {'x', 0, 'y'}));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  // ---------------------------------------------------------------------------------------------
  // the verifier check and the stored forms

  @Test
  void scramVerifierMatchesThePasswordPostgresDerivedItFrom() {
    // PostgreSQL 15, password_encryption=scram-sha-256, CREATE ROLE bob PASSWORD 'hunter2':
    // SCRAM-SHA-256$4096:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2...:qgFyYfRj...
    Base64.Decoder b64 = Base64.getDecoder();
    ScramVerifier fromPostgres =
        ScramVerifier.newBuilder()
            .setSalt(ByteString.copyFrom(b64.decode("kSQZC+4ya3jyGEUcu8SVTQ==")))
            .setIterations(4096)
            .setStoredKey(
                ByteString.copyFrom(b64.decode("2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998=")))
            .setServerKey(
                ByteString.copyFrom(b64.decode("qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=")))
            .build();
    assertTrue(ScramVerifiers.matches(fromPostgres, "hunter2"));
    assertFalse(ScramVerifiers.matches(fromPostgres, "hunter3"));
    assertFalse(ScramVerifiers.matches(fromPostgres, ""));
  }

  /** PostgreSQL 15's pg_authid.rolpassword of CREATE ROLE bob PASSWORD 'hunter2'. */
  static final String HUNTER2_VERIFIER =
      "SCRAM-SHA-256$4096:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998="
          + ":qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=";

  @Test
  void aPasswordGivenAsAPostgresVerifierIsStoredAsItIs() {
    for (AuthMethod method :
        List.of(AuthMethod.AUTH_SCRAM_SHA_256, AuthMethod.AUTH_MD5, AuthMethod.AUTH_PASSWORD)) {
      UserRecord bob = UserCredentials.forPassword("bob", HUNTER2_VERIFIER, method);
      assertTrue(ScramVerifiers.matches(bob.getScram(), "hunter2"), method.name());
      assertEquals("", bob.getMd5(), method.name());
      assertEquals(HUNTER2_VERIFIER, StoredPasswords.scramText(bob.getScram()));
    }
  }

  @Test
  void anMd5SecretIsStoredAsItIsWhereItCanSignInAndRefusedOnScramClusters() {
    String secret = Md5Passwords.secret("bob", "hunter2");
    assertEquals(secret, UserCredentials.forPassword("bob", secret, AuthMethod.AUTH_MD5).getMd5());
    assertFalse(UserCredentials.forPassword("bob", secret, AuthMethod.AUTH_MD5).hasScram());
    assertEquals(
        secret, UserCredentials.forPassword("bob", secret, AuthMethod.AUTH_PASSWORD).getMd5());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> UserCredentials.forPassword("bob", secret, AuthMethod.AUTH_SCRAM_SHA_256));
    assertFalse(e.getMessage().contains(secret), "never echoes the secret");
    // Not the md5 shape (upper case, too short): a cleartext password, as in Postgres.
    String upper = "md5" + secret.substring(3).toUpperCase(java.util.Locale.ROOT);
    assertTrue(UserCredentials.forPassword("bob", upper, AuthMethod.AUTH_SCRAM_SHA_256).hasScram());
  }

  @Test
  void aMalformedVerifierIsRefusedWithoutEchoingIt() {
    for (String bad :
        List.of(
            "SCRAM-SHA-256$",
            "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5",
            "SCRAM-SHA-256$x:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998="
                + ":qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=",
            "SCRAM-SHA-256$0:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998="
                + ":qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=",
            HUNTER2_VERIFIER.replace("kSQZ", "!SQZ"),
            HUNTER2_VERIFIER + "$extra")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> UserCredentials.forPassword("bob", bad, AuthMethod.AUTH_SCRAM_SHA_256),
              bad);
      assertTrue(e.getMessage().startsWith("malformed SCRAM-SHA-256 verifier"), e.getMessage());
    }
  }

  @Test
  void aMockVerifierMatchesNoPassword() {
    assertFalse(ScramVerifiers.matches(mocks.forUser("ghost"), "s3cret"));
    assertFalse(ScramVerifiers.matches(mocks.forUser("ghost"), ""));
    assertFalse(ScramVerifiers.matches(mocks.forUser("ghost"), "\u00ad"));
  }

  @Test
  void md5SecretIsStoredOnlyOnMd5Clusters() {
    assertEquals(
        "md5" + Md5Passwords.hexMd5("s3cret".getBytes(), "app".getBytes()), APP_MD5.getMd5());
    assertTrue(APP_MD5.hasScram());
    assertEquals("", APP_SCRAM.getMd5());
    assertEquals(
        "", UserCredentials.forPassword("app", "s3cret", AuthMethod.AUTH_PASSWORD).getMd5());
    assertEquals(
        "",
        UserCredentials.forPassword("app", "s3cret", AuthMethod.AUTH_METHOD_UNSPECIFIED).getMd5());
    assertTrue(ScramVerifiers.matches(APP_MD5.getScram(), "s3cret"));
  }

  @Test
  void theUnspecifiedMethodIsScram() {
    PasswordAuthentications unspecified =
        new PasswordAuthentications(AuthMethod.AUTH_METHOD_UNSPECIFIED, mocks);
    assertEquals(AuthMethod.AUTH_SCRAM_SHA_256, unspecified.method());
    byte[] mechanisms =
        requestBody(
            unspecified.start("app", scram(APP_SCRAM), Optional.empty()).request(alloc), 10);
    assertEquals("SCRAM-SHA-256\0\0", new String(mechanisms, StandardCharsets.US_ASCII));
  }

  @Test
  void mockSecretsAreStablePerUserAndDifferBetweenUsers() {
    assertEquals(mocks.md5SecretFor("ghost"), mocks.md5SecretFor("ghost"));
    assertNotEquals(mocks.md5SecretFor("ghost"), mocks.md5SecretFor("ghoul"));
  }
}
