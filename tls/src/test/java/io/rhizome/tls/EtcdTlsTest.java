/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.rhizome.testkit.SecureEtcd;
import io.rhizome.testkit.TestCertificates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jetcd over {@link EtcdTls} to a real etcd with TLS and client-certificate authentication. */
class EtcdTlsTest {
  @TempDir static Path dir;
  private static SecureEtcd etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = SecureEtcd.start(dir.resolve("etcd"));
    etcd.grantPrefix("rhizome", "unused", "/rhizome/");
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  /** Puts and reads back a key; fails with the put's or get's error, or a TimeoutException. */
  private static String roundTrip(EtcdTls tls, int waitSeconds) throws Exception {
    ByteSequence key = ByteSequence.from("/rhizome/etcd-tls-test", StandardCharsets.UTF_8);
    try (tls;
        Client client =
            Client.builder()
                .endpoints(etcd.endpoints().toArray(URI[]::new))
                .sslContext(tls.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .retryMaxDuration(Duration.ofSeconds(5))
                .build()) {
      client
          .getKVClient()
          .put(key, ByteSequence.from("v", StandardCharsets.UTF_8))
          .get(waitSeconds, TimeUnit.SECONDS);
      return client
          .getKVClient()
          .get(key)
          .get(waitSeconds, TimeUnit.SECONDS)
          .getKvs()
          .get(0)
          .getValue()
          .toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aClientCertificateOfAUserWithTheRightRoleReadsAndWrites() throws Exception {
    TestCertificates.Identity member = etcd.clientCertificate("member", "rhizome");
    EtcdTls tls = EtcdTls.load(etcd.caCert(), member.cert(), member.key(), Duration.ofSeconds(10));
    assertEquals("v", roundTrip(tls, 20));
  }

  @Test
  void anEtcdWhoseCertificateAnotherCaSignedIsNotTrusted() {
    TestCertificates.Authority stranger = TestCertificates.authority(dir.resolve("other"), "other");
    TestCertificates.Identity member = etcd.clientCertificate("member2", "rhizome");
    EtcdTls distrusting =
        EtcdTls.load(stranger.caCert(), member.cert(), member.key(), Duration.ofSeconds(10));
    Exception e = assertThrows(Exception.class, () -> roundTrip(distrusting, 5));
    assertTrue(e instanceof ExecutionException || e instanceof TimeoutException, e::toString);
  }
}
