/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.SslSocketAndEnginePeerVerifier;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS between the members of a cluster (gateway → node, node → node): this process's
 * certificate and key and the cluster CA, from PEM files re-read when they change ({@link
 * PemReloader}), behind gRPC's reloadable key and trust managers.
 *
 * <ul>
 *   <li>As a server (a node) it requires a client certificate that the cluster CA signed and that
 *       names a {@link ClusterRole}; what each role may call is the node's business (its
 *       authorisation interceptor reads the role from the call's TLS session).
 *   <li>As a client it presents its certificate and accepts only a server whose certificate the
 *       cluster CA signed with the role {@link ClusterRole#NODE}. Host names are not checked: a
 *       member's identity is its role, and nodes are found by the address they registered in the
 *       metadata, which only cluster members can write.
 * </ul>
 *
 * <p>The process's own certificate is checked before it is used, at startup and on every reload:
 * the key belongs to it, the cluster CA signed it, it names the process's role, and its extended
 * key usage allows what the role does (a node serves and calls other nodes: server and client; a
 * gateway only calls: client).
 */
public final class ClusterTls implements AutoCloseable {
  /** How often the files are read again by default. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final ClusterRole role;
  private final AdvancedTlsX509KeyManager keys;
  private final AdvancedTlsX509TrustManager clients;
  private final AdvancedTlsX509TrustManager servers;
  private final PemReloader reloader;

  private ClusterTls(
      ClusterRole role,
      AdvancedTlsX509KeyManager keys,
      AdvancedTlsX509TrustManager clients,
      AdvancedTlsX509TrustManager servers,
      PemReloader reloader) {
    this.role = role;
    this.keys = keys;
    this.clients = clients;
    this.servers = servers;
    this.reloader = reloader;
  }

  /** {@link #load(Path, Path, Path, ClusterRole, Duration)} re-reading every 10 seconds. */
  public static ClusterTls load(Path ca, Path cert, Path key, ClusterRole self) {
    return load(ca, cert, key, self, DEFAULT_RELOAD_INTERVAL);
  }

  /**
   * Loads the cluster CA and this process's certificate and key, and re-reads them every {@code
   * reloadInterval}.
   *
   * @param ca PEM certificates of the cluster CA (more than one while a CA is being replaced)
   * @param cert PEM certificate chain of this process, leaf first
   * @param key its unencrypted private key (PKCS#8, or PKCS#1 RSA)
   * @param self the role this process's certificate must name
   * @throws IllegalArgumentException when the files are unusable, with the reason
   * @throws java.io.UncheckedIOException when a file cannot be read
   */
  public static ClusterTls load(
      Path ca, Path cert, Path key, ClusterRole self, Duration reloadInterval) {
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    AdvancedTlsX509TrustManager clients = trustManager(peer -> true);
    AdvancedTlsX509TrustManager servers = trustManager(peer -> peer == ClusterRole.NODE);
    PemReloader reloader =
        new PemReloader(
            "cluster TLS",
            ca,
            cert,
            key,
            material -> verifyOwn(material, self, cert, ca),
            material -> {
              keys.updateIdentityCredentials(
                  material.chain().toArray(X509Certificate[]::new), material.key());
              X509Certificate[] trusted = material.trusted().toArray(X509Certificate[]::new);
              update(clients, trusted);
              update(servers, trusted);
            },
            reloadInterval);
    return new ClusterTls(self, keys, clients, servers, reloader);
  }

  /** The role of this process's certificate. */
  public ClusterRole role() {
    return role;
  }

  /** For a node's gRPC server: TLS that requires a client certificate the cluster CA signed. */
  public ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder()
        .keyManager(keys)
        .trustManager(clients)
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** For channels to nodes: presents this certificate, accepts only a node the CA signed. */
  public ChannelCredentials channelCredentials() {
    return TlsChannelCredentials.newBuilder().keyManager(keys).trustManager(servers).build();
  }

  /**
   * For a node's session-frames listener: the same as {@link #serverCredentials()} as a Netty
   * context (the same reloading key and trust managers, so the same certificates and role checks).
   */
  public SslContext sessionServerContext() {
    try {
      return SslContextBuilder.forServer(keys)
          .trustManager(clients)
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the session-frames TLS context", e);
    }
  }

  /**
   * For a gateway's session-frames connections to nodes: the same as {@link #channelCredentials()}
   * as a Netty context. Host names are not checked, as for gRPC: a member's identity is its role.
   */
  public SslContext sessionClientContext() {
    try {
      return SslContextBuilder.forClient()
          .keyManager(keys)
          .trustManager(servers)
          .endpointIdentificationAlgorithm(null)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make the session-frames TLS context", e);
    }
  }

  /** Re-reads the files now (tests; the timer does it every reload interval). */
  void reloadNow() {
    reloader.reloadIfChanged();
  }

  /** Stops re-reading the files; connections already made are not affected. */
  @Override
  public void close() {
    reloader.close();
  }

  /** A trust manager for the cluster CA that also wants the peer's role to pass {@code role}. */
  private static AdvancedTlsX509TrustManager trustManager(Predicate<ClusterRole> accepted) {
    SslSocketAndEnginePeerVerifier roleCheck =
        new SslSocketAndEnginePeerVerifier() {
          @Override
          public void verifyPeerCertificate(X509Certificate[] chain, String authType, Socket socket)
              throws CertificateException {
            requireRole(chain);
          }

          @Override
          public void verifyPeerCertificate(
              X509Certificate[] chain, String authType, SSLEngine engine)
              throws CertificateException {
            requireRole(chain);
          }

          private void requireRole(X509Certificate[] chain) throws CertificateException {
            ClusterRole peer = ClusterRole.of(chain[0]).orElse(null);
            if (peer == null || !accepted.test(peer)) {
              throw new CertificateException(
                  "the peer's certificate ("
                      + chain[0].getSubjectX500Principal().getName()
                      + ") names "
                      + (peer == null ? "no cluster role" : "the role " + peer.label())
                      + ", which is not accepted here");
            }
          }
        };
    try {
      return AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(Verification.CERTIFICATE_ONLY_VERIFICATION)
          .setSslSocketAndEnginePeerVerifier(roleCheck)
          .build();
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot make a trust manager", e);
    }
  }

  private static void update(AdvancedTlsX509TrustManager manager, X509Certificate[] trusted) {
    try {
      manager.updateTrustCredentials(trusted);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot trust the cluster CA: " + e.getMessage(), e);
    }
  }

  /** The checks on this process's own certificate (see the class comment). */
  static void verifyOwn(PemReloader.Material material, ClusterRole self, Path cert, Path ca) {
    if (material.trusted().isEmpty()) {
      throw new IllegalArgumentException("no CA certificate in " + ca);
    }
    X509Certificate leaf = material.chain().get(0);
    PemFiles.requireMatch(material.key(), leaf);
    ClusterRole named = ClusterRole.of(leaf).orElse(null);
    if (named != self) {
      throw new IllegalArgumentException(
          "the certificate "
              + cert
              + " names "
              + (named == null ? "no cluster role" : "the role " + named.label())
              + "; a "
              + self.label()
              + " needs the subject alternative name URI:"
              + self.uri());
    }
    requireUsage(leaf, CLIENT_AUTH, "clientAuth", cert, self);
    if (self == ClusterRole.NODE) {
      requireUsage(leaf, SERVER_AUTH, "serverAuth", cert, self);
    }
    requireSignedBy(material.chain(), material.trusted(), cert, ca);
  }

  private static void requireUsage(
      X509Certificate leaf, String oid, String name, Path cert, ClusterRole self) {
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cannot read the key usage of " + cert, e);
    }
    if (usages != null && !usages.contains(oid)) {
      throw new IllegalArgumentException(
          "the certificate "
              + cert
              + " does not allow "
              + name
              + " (extended key usage), which a "
              + self.label()
              + " needs");
    }
  }

  private static void requireSignedBy(
      List<X509Certificate> chain, List<X509Certificate> trusted, Path cert, Path ca) {
    try {
      Set<TrustAnchor> anchors =
          trusted.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
      List<X509Certificate> path = chain.stream().filter(c -> !trusted.contains(c)).toList();
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the certificate " + cert + " is not valid under the CA in " + ca + ": " + e.getMessage(),
          e);
    }
  }
}
