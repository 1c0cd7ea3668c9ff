/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.auth;

import com.ongres.scram.common.ScramFunctions;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) against a stored verifier.
 *
 * <pre>
 * client-first:  gs2-header client-first-bare     e.g. "n,,n=,r=CLIENTNONCE"
 * server-first:  r=CLIENTNONCE SERVERNONCE,s=SALT,i=4096
 * client-final:  c=base64(gs2-header),r=NONCE,p=base64(ClientProof)
 * server-final:  v=base64(ServerSignature)
 * </pre>
 *
 * Channel binding is not offered (only "SCRAM-SHA-256" is advertised), so a client insisting on it
 * ("p=") is refused. The user name inside the SCRAM message is ignored, as Postgres does: the
 * startup packet names the user. The proof is checked with a constant-time comparison, and an
 * exchange for an unknown user runs the same steps against a mock verifier and then fails with the
 * same message as a wrong password.
 */
public final class ScramExchange {
  /** The one mechanism advertised in AuthenticationSASL. */
  public static final String MECHANISM_NAME = "SCRAM-SHA-256";

  private static final int SERVER_NONCE_LENGTH = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private enum Step {
    AWAITING_CLIENT_FIRST,
    AWAITING_CLIENT_FINAL,
    DONE
  }

  private final String user;
  private final ScramVerifier verifier;
  private final boolean userExists;
  private final Supplier<String> serverNonces;
  private Step step = Step.AWAITING_CLIENT_FIRST;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;

  ScramExchange(
      String user, ScramVerifier verifier, boolean userExists, Supplier<String> serverNonces) {
    this.user = user;
    this.verifier = verifier;
    this.userExists = userExists;
    this.serverNonces = serverNonces;
  }

  /**
   * Starts an exchange for {@code user}; with no verifier (unknown user, or a user not allowed on
   * this database) it runs against a mock and always fails at the end.
   */
  public static ScramExchange start(
      String user, Optional<ScramVerifier> verifier, MockVerifiers mocks) {
    return new ScramExchange(
        user,
        verifier.orElseGet(() -> mocks.forUser(user)),
        verifier.isPresent(),
        () -> ScramFunctions.nonce(SERVER_NONCE_LENGTH, RANDOM));
  }

  /** Handles the client-first-message; returns the server-first-message. */
  public byte[] clientFirst(String mechanism, byte[] message) {
    requireStep(Step.AWAITING_CLIENT_FIRST);
    if (!MECHANISM_NAME.equals(mechanism)) {
      throw PgException.protocolViolation(
          "client selected an invalid SASL authentication mechanism");
    }
    String s = utf8(message);
    int headerEnd;
    if (s.startsWith("n,") || s.startsWith("y,")) {
      headerEnd = 2;
    } else if (s.startsWith("p=")) {
      throw PgException.protocolViolation(
          "client requires SCRAM channel binding, but it is not supported");
    } else {
      throw malformed("unexpected channel-binding flag");
    }
    if (s.startsWith("a=", headerEnd)) {
      throw PgException.fatal(
          SqlState.FEATURE_NOT_SUPPORTED,
          "client uses authorization identity, but it is not supported");
    }
    if (!s.startsWith(",", headerEnd)) {
      throw malformed("expected ',' after the channel-binding flag");
    }
    gs2Header = s.substring(0, headerEnd + 1);
    clientFirstBare = s.substring(headerEnd + 1);
    String[] attributes = clientFirstBare.split(",", -1);
    if (attributes.length < 2) {
      throw malformed("client-first-message too short");
    }
    if (attributes[0].startsWith("m=")) {
      throw PgException.fatal(
          SqlState.FEATURE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension");
    }
    if (!attributes[0].startsWith("n=")) {
      throw malformed("expected user name attribute");
    }
    String clientNonce = attribute(attributes[1], 'r');
    if (clientNonce.isEmpty() || !isPrintable(clientNonce)) {
      throw malformed("invalid client nonce");
    }
    nonce = clientNonce + serverNonces.get();
    serverFirst =
        "r="
            + nonce
            + ",s="
            + Base64.getEncoder().encodeToString(verifier.getSalt().toByteArray())
            + ",i="
            + verifier.getIterations();
    step = Step.AWAITING_CLIENT_FINAL;
    return serverFirst.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Handles the client-final-message; returns the server-final-message when the proof is right.
   *
   * @throws PgException 28P01 when the password is wrong or the user unknown
   */
  public byte[] clientFinal(byte[] message) {
    requireStep(Step.AWAITING_CLIENT_FINAL);
    step = Step.DONE;
    String s = utf8(message);
    int proofAt = s.lastIndexOf(",p=");
    if (proofAt < 0) {
      throw malformed("missing proof");
    }
    String withoutProof = s.substring(0, proofAt);
    byte[] proof = base64(s.substring(proofAt + 3));
    String[] attributes = withoutProof.split(",", -1);
    if (attributes.length < 2) {
      throw malformed("client-final-message too short");
    }
    byte[] channelBinding = base64(attribute(attributes[0], 'c'));
    if (!MessageDigest.isEqual(channelBinding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
      throw PgException.protocolViolation(
          "SCRAM channel binding check failed: unexpected channel-binding data");
    }
    if (!attribute(attributes[1], 'r').equals(nonce)) {
      throw malformed("nonce does not match");
    }
    byte[] storedKey = verifier.getStoredKey().toByteArray();
    if (proof.length != storedKey.length) {
      throw malformed("malformed proof");
    }
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] clientSignature =
        ScramFunctions.clientSignature(ScramVerifiers.MECHANISM, storedKey, authMessage);
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
    }
    byte[] computed = ScramFunctions.hash(ScramVerifiers.MECHANISM, clientKey);
    boolean proofMatches = MessageDigest.isEqual(computed, storedKey);
    if (!(proofMatches && userExists)) {
      throw AuthFailures.passwordFailed(user);
    }
    byte[] serverSignature =
        ScramFunctions.serverSignature(
            ScramVerifiers.MECHANISM, verifier.getServerKey().toByteArray(), authMessage);
    return ("v=" + Base64.getEncoder().encodeToString(serverSignature))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether the client-first-message has been handled (the next 'p' is the client-final). */
  public boolean awaitingClientFinal() {
    return step == Step.AWAITING_CLIENT_FINAL;
  }

  private void requireStep(Step expected) {
    if (step != expected) {
      throw PgException.protocolViolation("unexpected SASL message");
    }
  }

  private static String attribute(String attr, char name) {
    if (attr.length() < 2 || attr.charAt(0) != name || attr.charAt(1) != '=') {
      throw malformed("expected attribute '" + name + "'");
    }
    return attr.substring(2);
  }

  private static boolean isPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E || c == ',') {
        return false;
      }
    }
    return true;
  }

  private static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw malformed("invalid base64");
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("invalid UTF-8");
    }
  }

  private static PgException malformed(String what) {
    return PgException.protocolViolation("malformed SCRAM message (" + what + ")");
  }
}
