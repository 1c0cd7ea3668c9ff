/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.SecureEtcd;
import io.rhizome.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole topology contract against an etcd that takes clients over TLS only, each with a
 * certificate its CA signed, with authentication on: the store signs in by its certificate's common
 * name, as a node does, as a user whose role may use the keys under {@code /rhizome/} and nothing
 * else. Then the other ways in: a user name and password, and the refusals.
 */
class SecureEtcdTopologyTest extends TopologyContractTest {
  private static final String PREFIX = "/rhizome/";
  private static Path pki;
  private static SecureEtcd etcd;
  private static TestCertificates.Identity member;

  @BeforeAll
  static void startEtcd() throws Exception {
    pki = Files.createTempDirectory("rhizome-etcd-pki-");
    etcd = SecureEtcd.start(pki);
    etcd.grantPrefix("rhizome", "unused-password", PREFIX);
    etcd.grantPrefix("gateway-user", "gateway-password", PREFIX);
    etcd.grantPrefix("elsewhere", "elsewhere-password", "/other/");
    member = etcd.clientCertificate("member", "rhizome");
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
    io.rhizome.testkit.Etcd.deleteRecursively(pki);
  }

  private static EtcdAccess access(TestCertificates.Identity client) {
    return EtcdAccess.of(etcd.endpoints()).withTls(SecureEtcd.context(etcd.caCert(), client));
  }

  private static MetaStore store(EtcdAccess access) {
    return new EtcdMetaStore(access, Duration.ofSeconds(5), 2);
  }

  @Override
  protected MetaStore openStore() {
    return store(access(member));
  }

  @Override
  protected List<String> threadPrefixes() {
    return List.of("rhizome-topology-", "vert.x-", "vertx-", "jetcd-");
  }

  @Test
  void aUserWithAPasswordWorksLikeACertificateUser() throws Exception {
    Topology byCertificate = open(8);
    TestCertificates.Identity anonymous = etcd.clientCertificate("anonymous", "no-such-user");
    Topology byPassword =
        open(store(access(anonymous).withUser("gateway-user", "gateway-password")), 8, () -> ADMIN);
    assertEquals(byCertificate.cluster(), byPassword.cluster());
    byCertificate.registerNode(node("n1"));
    byPassword.createTenant("acme", user("app"));
    eventually(() -> assertTrue(byCertificate.tenant("acme").isPresent()));
  }

  @Test
  void aClientWithoutACertificateIsRefused() {
    TopologyException e =
        assertThrows(TopologyException.class, () -> open(store(access(null)), 8, () -> ADMIN));
    assertEquals(TopologyException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
  }

  @Test
  void aWrongPasswordIsRefused() {
    TopologyException e =
        assertThrows(
            TopologyException.class,
            () ->
                open(
                    store(access(member).withUser("gateway-user", "not-the-password")),
                    8,
                    () -> ADMIN));
    assertTrue(e.getMessage().contains("UNAUTHENTICATED"), e.getMessage());
  }

  @Test
  void aUserWhoseRoleEndsAtAnotherPrefixCannotTouchTheCluster() {
    TestCertificates.Identity elsewhere = etcd.clientCertificate("elsewhere", "elsewhere");
    TopologyException e =
        assertThrows(TopologyException.class, () -> open(store(access(elsewhere)), 8, () -> ADMIN));
    assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
  }

  @Test
  void theDescriptionNamesTheUserButNeverThePassword() {
    String described = access(member).withUser("gateway-user", "gateway-password").toString();
    assertTrue(described.contains("gateway-user") && described.contains("TLS"), described);
    assertTrue(!described.contains("gateway-password"), described);
  }
}
