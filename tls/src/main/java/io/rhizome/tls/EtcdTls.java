/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.tls;

import io.grpc.netty.GrpcSslContexts;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * TLS to etcd: the CA that signed etcd's server certificate (or the JDK's default CAs), checked
 * with the host name as any TLS client does, and optionally a client certificate for etcd's {@code
 * --client-cert-auth}. The files are re-read when they change, as the cluster's are ({@link
 * PemReloader}); etcd's CA may differ from the cluster CA.
 */
public final class EtcdTls implements AutoCloseable {
  private final SslContext context;
  private final PemReloader reloader;

  private EtcdTls(SslContext context, PemReloader reloader) {
    this.context = context;
    this.reloader = reloader;
  }

  /**
   * @param ca PEM certificates that signed etcd's server certificate; null for the JDK's default
   *     CAs
   * @param cert PEM client certificate chain, or null for none
   * @param key its unencrypted private key, null exactly when {@code cert} is
   * @throws IllegalArgumentException when the files are unusable, with the reason
   * @throws java.io.UncheckedIOException when a file cannot be read
   */
  public static EtcdTls load(Path ca, Path cert, Path key, Duration reloadInterval) {
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    AdvancedTlsX509TrustManager trust;
    try {
      trust =
          AdvancedTlsX509TrustManager.newBuilder()
              .setVerification(Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
              .build();
      if (ca == null) {
        trust.useSystemDefaultTrustCerts();
      }
    } catch (CertificateException | KeyStoreException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot make a trust manager for etcd", e);
    }
    PemReloader reloader =
        new PemReloader(
            "etcd TLS",
            ca,
            cert,
            key,
            material -> {
              if (ca != null && material.trusted().isEmpty()) {
                throw new IllegalArgumentException("no CA certificate in " + ca);
              }
              if (cert != null) {
                PemFiles.requireMatch(material.key(), material.chain().get(0));
              }
            },
            material -> {
              if (cert != null) {
                keys.updateIdentityCredentials(
                    material.chain().toArray(X509Certificate[]::new), material.key());
              }
              if (ca != null) {
                try {
                  trust.updateTrustCredentials(material.trusted().toArray(X509Certificate[]::new));
                } catch (IOException | GeneralSecurityException e) {
                  throw new IllegalArgumentException(
                      "cannot trust the etcd CA: " + e.getMessage(), e);
                }
              }
            },
            reloadInterval);
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(trust);
      if (cert != null) {
        builder.keyManager(keys);
      }
      return new EtcdTls(builder.build(), reloader);
    } catch (SSLException e) {
      reloader.close();
      throw new IllegalArgumentException("cannot set up TLS to etcd: " + e.getMessage(), e);
    }
  }

  /** For the etcd client (jetcd). */
  public SslContext sslContext() {
    return context;
  }

  /** Stops re-reading the files. */
  @Override
  public void close() {
    reloader.close();
  }
}
