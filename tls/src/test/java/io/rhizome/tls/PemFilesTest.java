/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading certificates and keys from PEM files, and the operator's errors. */
class PemFilesTest {
  @TempDir static Path dir;
  private static TestCertificates.Pki pki;

  @BeforeAll
  static void makeCertificates() {
    pki = TestCertificates.create(dir.resolve("a"));
  }

  @Test
  void pkcs1AndPkcs8FormsOfAKeyLoadAlike() throws Exception {
    assertTrue(Files.readString(pki.serverKeyPkcs1()).contains("BEGIN RSA PRIVATE KEY"));
    PrivateKey pkcs8 = PemFiles.privateKey(pki.serverKey());
    PrivateKey pkcs1 = PemFiles.privateKey(pki.serverKeyPkcs1());
    assertEquals(pkcs8, pkcs1);
    PemFiles.requireMatch(pkcs1, PemFiles.certificates(pki.serverCert()).get(0));
  }

  @Test
  void aKeyOfAnotherCertificateDoesNotMatch() throws Exception {
    TestCertificates.Pki other = TestCertificates.create(dir.resolve("b"));
    PrivateKey key = PemFiles.privateKey(other.serverKey());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PemFiles.requireMatch(key, PemFiles.certificates(pki.serverCert()).get(0)));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void encryptedAndSec1KeysAreRefusedWithTheCommandThatConvertsThem() throws Exception {
    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(encrypted))
            .getMessage()
            .contains("openssl pkcs8"));
    Path sec1 = dir.resolve("ec.key");
    Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(sec1))
            .getMessage()
            .contains("-topk8"));
  }

  @Test
  void filesWithoutACertificateOrKeyAreRefused() throws Exception {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "nothing here\n");
    assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(empty));
    assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates(empty));
    assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates(pki.serverKey()));
  }
}
