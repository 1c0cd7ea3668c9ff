/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a member of the cluster is, as its certificate says: one URI subject alternative name of the
 * form {@code spiffe://rhizome/<role>} (a SPIFFE ID in the trust domain {@code rhizome}). A
 * certificate with no such name, or with two different ones, has no role and is refused.
 */
public enum ClusterRole {
  /** A gateway: opens sessions on nodes and runs the admin console's node calls. */
  GATEWAY("spiffe://rhizome/gateway"),
  /** A storage node: serves gateways and is the source or destination of shard moves. */
  NODE("spiffe://rhizome/node");

  /** X.509's GeneralName tag of a uniformResourceIdentifier. */
  private static final int URI_NAME = 6;

  private static final String PREFIX = "spiffe://rhizome/";

  private final String uri;

  ClusterRole(String uri) {
    this.uri = uri;
  }

  /** The URI subject alternative name that gives a certificate this role. */
  public String uri() {
    return uri;
  }

  /** Lower-case name for messages and logs ("gateway", "node"). */
  public String label() {
    return uri.substring(PREFIX.length());
  }

  /**
   * The role the certificate names; empty when it names none, names an unknown one under {@code
   * spiffe://rhizome/}, or names two different roles.
   */
  public static Optional<ClusterRole> of(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    ClusterRole found = null;
    for (List<?> name : names) {
      if (!(name.get(0) instanceof Integer tag) || tag != URI_NAME) {
        continue;
      }
      String value = String.valueOf(name.get(1));
      if (!value.startsWith(PREFIX)) {
        continue;
      }
      ClusterRole role = byUri(value);
      if (role == null || (found != null && found != role)) {
        return Optional.empty();
      }
      found = role;
    }
    return Optional.ofNullable(found);
  }

  private static ClusterRole byUri(String value) {
    for (ClusterRole role : values()) {
      if (role.uri.equals(value)) {
        return role;
      }
    }
    return null;
  }
}
