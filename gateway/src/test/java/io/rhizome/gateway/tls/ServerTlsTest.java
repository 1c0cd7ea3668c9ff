/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.rhizome.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the gateway's certificate and key from PEM files, and the operator's errors. */
class ServerTlsTest {
  @TempDir static Path dir;
  private static TestCertificates.Pki pki;

  @BeforeAll
  static void makeCertificates() {
    pki = TestCertificates.create(dir.resolve("a"));
  }

  @Test
  void aPkcs1KeyServesAsWellAsPkcs8() {
    assertNotNull(
        ServerTls.fromPemFiles(pki.serverCert(), pki.serverKeyPkcs1())
            .newHandler(ByteBufAllocator.DEFAULT));
    assertNotNull(
        ServerTls.fromPemFiles(pki.serverCert(), pki.serverKey())
            .newHandler(ByteBufAllocator.DEFAULT));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStartup() {
    TestCertificates.Pki other = TestCertificates.create(dir.resolve("b"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServerTls.fromPemFiles(pki.serverCert(), other.serverKey()));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void filesWithoutACertificateOrKeyAreRefused() throws Exception {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "nothing here\n");
    assertThrows(
        IllegalArgumentException.class, () -> ServerTls.fromPemFiles(empty, pki.serverKey()));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerTls.fromPemFiles(pki.serverKey(), pki.serverKey()));
  }
}
