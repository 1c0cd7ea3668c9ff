/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rhizome.testkit.TestCertificates;
import io.rhizome.testkit.TestCertificates.Authority;
import io.rhizome.testkit.TestCertificates.Leaf;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role a certificate names, by the spiffe://rhizome/ URI convention. */
class ClusterRoleTest {
  @TempDir static Path dir;
  private static Authority ca;

  @BeforeAll
  static void makeAuthority() {
    ca = TestCertificates.authority(dir, "cluster");
  }

  private static Optional<ClusterRole> roleOf(String stem, List<String> uris) throws Exception {
    X509Certificate cert =
        PemFiles.certificates(ca.issue(stem, new Leaf(stem, uris, true, true)).cert()).get(0);
    return ClusterRole.of(cert);
  }

  @Test
  void eachRoleIsReadFromItsUri() throws Exception {
    assertEquals(Optional.of(ClusterRole.GATEWAY), roleOf("g", List.of(ClusterRole.GATEWAY.uri())));
    assertEquals(Optional.of(ClusterRole.NODE), roleOf("n", List.of(ClusterRole.NODE.uri())));
    assertEquals(
        Optional.of(ClusterRole.NODE),
        roleOf("n2", List.of("https://example.com/other", ClusterRole.NODE.uri())));
  }

  @Test
  void noRoleTwoRolesOrAnUnknownRoleIsNoRole() throws Exception {
    assertEquals(Optional.empty(), roleOf("none", List.of()));
    assertEquals(Optional.empty(), roleOf("other", List.of("spiffe://example.org/node")));
    assertEquals(
        Optional.empty(),
        roleOf("both", List.of(ClusterRole.GATEWAY.uri(), ClusterRole.NODE.uri())));
    assertEquals(Optional.empty(), roleOf("unknown", List.of("spiffe://rhizome/admin")));
    assertEquals(
        Optional.empty(),
        roleOf("unknown2", List.of(ClusterRole.NODE.uri(), "spiffe://rhizome/x")));
  }

  @Test
  void theLabelIsTheLastPartOfTheUri() {
    assertEquals("gateway", ClusterRole.GATEWAY.label());
    assertEquals("node", ClusterRole.NODE.label());
  }
}
