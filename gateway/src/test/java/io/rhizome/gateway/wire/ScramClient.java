/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.wire;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 computed from RFC 5802/7677 directly, as libpq does it (empty
 * user name in the message, no channel binding), to drive the gateway's server side in tests.
 */
public final class ScramClient {
  private static final ScramMechanism SHA256 = ScramMechanism.SCRAM_SHA_256;

  private final String password;
  private final String clientNonce;
  private String clientFirstBare;
  private byte[] expectedServerSignature;

  public ScramClient(String password, String clientNonce) {
    this.password = password;
    this.clientNonce = clientNonce;
  }

  public byte[] clientFirst() {
    clientFirstBare = "n=,r=" + clientNonce;
    return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  /** The client-final-message for the server-first-message the server sent. */
  public byte[] clientFinal(byte[] serverFirstBytes) {
    String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
    String nonce = null;
    byte[] salt = null;
    int iterations = 0;
    for (String attr : serverFirst.split(",")) {
      switch (attr.charAt(0)) {
        case 'r' -> nonce = attr.substring(2);
        case 's' -> salt = Base64.getDecoder().decode(attr.substring(2));
        case 'i' -> iterations = Integer.parseInt(attr.substring(2));
        default -> throw new IllegalArgumentException(serverFirst);
      }
    }
    String withoutProof = "c=biws,r=" + nonce;
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] salted =
        ScramFunctions.saltedPassword(
            SHA256,
            StringPreparation.POSTGRESQL_PREPARATION,
            password.toCharArray(),
            salt,
            iterations);
    byte[] clientKey = ScramFunctions.clientKey(SHA256, salted);
    byte[] storedKey = ScramFunctions.storedKey(SHA256, clientKey);
    byte[] signature = ScramFunctions.clientSignature(SHA256, storedKey, authMessage);
    byte[] proof = ScramFunctions.clientProof(clientKey, signature);
    expectedServerSignature =
        ScramFunctions.serverSignature(
            SHA256, ScramFunctions.serverKey(SHA256, salted), authMessage);
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The server-final-message a server knowing the password must send. */
  public String expectedServerFinal() {
    return "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
  }
}
