/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.rhizome.tls.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The gateway's TLS server side: one {@link SslContext} built at startup from PEM files, and a
 * fresh {@link SslHandler} for each connection that asks for TLS with an SSLRequest.
 */
public final class ServerTls {
  private final SslContext context;

  private ServerTls(SslContext context) {
    this.context = context;
  }

  /**
   * Loads a certificate chain (leaf first, intermediates after it) and the leaf's private key.
   *
   * @throws IllegalArgumentException with a message for the operator when a file is unreadable,
   *     holds no certificate or key, or the key does not belong to the certificate
   */
  public static ServerTls fromPemFiles(Path certificateChain, Path privateKey) {
    try {
      List<X509Certificate> chain = PemFiles.certificates(certificateChain);
      PrivateKey key = PemFiles.privateKey(privateKey);
      PemFiles.requireMatch(key, chain.get(0));
      SslContext context =
          SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
              // The JDK provider always; TLS 1.0/1.1 are broken and refused by current libpq.
              .sslProvider(SslProvider.JDK)
              .protocols("TLSv1.3", "TLSv1.2")
              .build();
      return new ServerTls(context);
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot use the TLS certificate: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
    }
  }

  /** A handler for one connection, to sit first in its pipeline. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }
}
