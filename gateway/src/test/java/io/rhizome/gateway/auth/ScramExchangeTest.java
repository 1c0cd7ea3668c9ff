/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.wire.ScramClient;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramExchangeTest {
  // RFC 7677 section 3: user "user", password "pencil".
  private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  private static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final String RFC_SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String RFC_CLIENT_FINAL =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
          + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private final MockVerifiers mocks = new MockVerifiers();

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void matchesRfc7677TestVector() {
    ScramVerifier verifier = ScramVerifiers.derive("pencil", RFC_SALT, 4096);
    ScramExchange exchange = new ScramExchange("user", verifier, true, () -> RFC_SERVER_NONCE);

    byte[] serverFirst = exchange.clientFirst("SCRAM-SHA-256", ascii(RFC_CLIENT_FIRST));
    assertEquals(RFC_SERVER_FIRST, new String(serverFirst, StandardCharsets.US_ASCII));

    byte[] serverFinal = exchange.clientFinal(ascii(RFC_CLIENT_FINAL));
    assertEquals(RFC_SERVER_FINAL, new String(serverFinal, StandardCharsets.US_ASCII));
  }

  @Test
  void derivesFreshSaltWith4096Iterations() {
    ScramVerifier a = ScramVerifiers.derive("secret");
    ScramVerifier b = ScramVerifiers.derive("secret");
    assertEquals(16, a.getSalt().size());
    assertEquals(4096, a.getIterations());
    assertEquals(32, a.getStoredKey().size());
    assertEquals(32, a.getServerKey().size());
    assertNotEquals(a.getSalt(), b.getSalt());
    assertNotEquals(a.getStoredKey(), b.getStoredKey());
  }

  @Test
  void completesExchangeForTheRightPassword() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("s3cret")), mocks);
    ScramClient client = new ScramClient("s3cret", "clientnonce123");
    byte[] serverFirst = exchange.clientFirst("SCRAM-SHA-256", client.clientFirst());
    byte[] serverFinal = exchange.clientFinal(client.clientFinal(serverFirst));
    assertEquals(client.expectedServerFinal(), new String(serverFinal, StandardCharsets.US_ASCII));
  }

  @Test
  void refusesWrongPasswordWith28P01() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("s3cret")), mocks);
    PgException e = assertThrows(PgException.class, () -> runClient(exchange, "wrong"));
    assertEquals(SqlState.INVALID_PASSWORD, e.error().state());
    assertEquals("password authentication failed for user \"app\"", e.getMessage());
  }

  @Test
  void refusesUnknownUserWithTheSameMessageAfterAFullExchange() {
    ScramExchange exchange = ScramExchange.start("ghost", Optional.empty(), mocks);
    PgException e = assertThrows(PgException.class, () -> runClient(exchange, "anything"));
    assertEquals(SqlState.INVALID_PASSWORD, e.error().state());
    assertEquals("password authentication failed for user \"ghost\"", e.getMessage());
  }

  @Test
  void mockSaltIsStablePerUserAndDiffersBetweenUsers() {
    ScramVerifier first = mocks.forUser("ghost");
    assertArrayEquals(
        first.getSalt().toByteArray(), mocks.forUser("ghost").getSalt().toByteArray());
    assertNotEquals(first.getSalt(), mocks.forUser("other").getSalt());
    assertEquals(16, first.getSalt().size());
  }

  @Test
  void refusesChannelBindingRequest() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("x")), mocks);
    PgException e =
        assertThrows(
            PgException.class,
            () -> exchange.clientFirst("SCRAM-SHA-256", ascii("p=tls-server-end-point,,n=,r=abc")));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void refusesOtherMechanism() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("x")), mocks);
    PgException e =
        assertThrows(
            PgException.class,
            () -> exchange.clientFirst("SCRAM-SHA-256-PLUS", ascii("n,,n=,r=a")));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void refusesTamperedNonce() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("pw")), mocks);
    exchange.clientFirst("SCRAM-SHA-256", ascii("n,,n=,r=abc"));
    PgException e =
        assertThrows(
            PgException.class,
            () ->
                exchange.clientFinal(
                    ascii("c=biws,r=abcFORGED,p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void refusesMalformedClientFirst() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("pw")), mocks);
    PgException e =
        assertThrows(
            PgException.class, () -> exchange.clientFirst("SCRAM-SHA-256", ascii("garbage")));
    assertEquals(SqlState.PROTOCOL_VIOLATION, e.error().state());
  }

  @Test
  void refusesClientFinalBeforeClientFirst() {
    ScramExchange exchange =
        ScramExchange.start("app", Optional.of(ScramVerifiers.derive("pw")), mocks);
    assertThrows(PgException.class, () -> exchange.clientFinal(ascii("c=biws,r=x,p=AA==")));
  }

  private static void runClient(ScramExchange exchange, String password) {
    ScramClient client = new ScramClient(password, "nonce42");
    byte[] serverFirst = exchange.clientFirst("SCRAM-SHA-256", client.clientFirst());
    exchange.clientFinal(client.clientFinal(serverFirst));
  }
}
