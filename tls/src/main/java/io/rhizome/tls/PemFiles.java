/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and its private key with the JDK alone (no Bouncy Castle in the
 * product). Keys: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519) and PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, older openssl's default). Encrypted keys and SEC1 EC keys ({@code
 * BEGIN EC PRIVATE KEY}) are refused with the openssl command that converts them. Used for the
 * gateway's certificate for clients and for the cluster's and etcd's mutual TLS.
 */
public final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PemFiles() {}

  /** The certificates of a PEM file, leaf first. */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    return certificates(Files.readAllBytes(file), file.toString());
  }

  /** The certificates of PEM text read from {@code source} (named in errors), leaf first. */
  public static List<X509Certificate> certificates(byte[] pem, String source) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        chain.add((X509Certificate) c);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the TLS certificate " + source + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + source);
    }
    return chain;
  }

  /** The private key of a PEM file. */
  public static PrivateKey privateKey(Path file) throws IOException {
    return privateKey(Files.readAllBytes(file), file.toString());
  }

  /** The private key in PEM text read from {@code file} (named in errors). */
  public static PrivateKey privateKey(byte[] pem, String file) {
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      String label = m.group(1);
      switch (label) {
        case "PRIVATE KEY" -> {
          return pkcs8(der(m.group(2)), file);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(pkcs1ToPkcs8(der(m.group(2))), file);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "the TLS key "
                    + file
                    + " is encrypted; decrypt it: openssl pkcs8 -in KEY -out PLAIN.key");
        case "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "the TLS key "
                    + file
                    + " is a SEC1 EC key; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in"
                    + " KEY -out PKCS8.key");
        default -> {
          // e.g. "EC PARAMETERS" before the key: not a key
        }
      }
    }
    throw new IllegalArgumentException("no private key in " + file);
  }

  /**
   * Fails unless {@code key} belongs to the certificate's public key, so a mismatch is a clear
   * startup error rather than a handshake failure on every client.
   */
  public static void requireMatch(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return; // an unusual key type: the handshake will tell
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException mismatch) {
      // a key of another type than the certificate's: not a match either
    }
    throw new IllegalArgumentException("the TLS key does not belong to the TLS certificate");
  }

  private static byte[] der(String base64) {
    return Base64.getMimeDecoder().decode(base64);
  }

  private static PrivateKey pkcs8(byte[] der, String file) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException notThisOne) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("unsupported or malformed private key in " + file);
  }

  /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } } (RFC 5208). */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A DER length: short form below 128, else 0x80 | count followed by big-endian bytes. */
  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
    byte[] out = new byte[1 + bytes];
    out[0] = (byte) (0x80 | bytes);
    for (int i = 0; i < bytes; i++) {
      out[bytes - i] = (byte) (n >>> (8 * i));
    }
    return out;
  }
}
