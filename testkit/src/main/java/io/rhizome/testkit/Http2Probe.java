/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks a gRPC port, below any gRPC library, whether it serves a given client: opens a TCP
 * connection (plain, or TLS with the JDK's own {@link SSLSocket}, offering ALPN {@code h2} and an
 * optional client certificate), writes the HTTP/2 client preface and an empty SETTINGS frame, and
 * reads the first frame the server answers. A server that serves the client answers with its own
 * SETTINGS frame; one that refuses it closes the connection or fails the handshake. Under TLS 1.3 a
 * server checks the client's certificate only after the client's side of the handshake has
 * completed, which is why the probe goes on to HTTP/2 rather than trusting a finished handshake.
 */
public final class Http2Probe {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** An empty SETTINGS frame: length 0, type 4, no flags, stream 0. */
  private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

  private static final int TIMEOUT_MILLIS = 10_000;

  /**
   * What the server did.
   *
   * @param served whether it answered the preface with a SETTINGS frame
   * @param detail what happened, for assertion messages
   * @param serverCertificate the certificate the server presented (null over plain TCP or when the
   *     handshake failed before it was seen)
   */
  public record Answer(boolean served, String detail, X509Certificate serverCertificate) {}

  private Http2Probe() {}

  /** Over plain TCP, as a client that never heard of TLS. */
  public static Answer plaintext(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      return exchange(socket, null);
    } catch (IOException e) {
      return new Answer(false, "connection failed: " + e, null);
    }
  }

  /**
   * Over TLS, trusting {@code caCert} for the server, presenting {@code client} (null for no client
   * certificate).
   */
  public static Answer tls(int port, Path caCert, TestCertificates.Identity client) {
    SSLContext context;
    try {
      context = context(caCert, client);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the probe's TLS context", e);
    }
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(parameters);
      X509Certificate presented = null;
      try {
        socket.startHandshake();
        presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      } catch (IOException e) {
        return new Answer(false, "handshake failed: " + e, null);
      }
      return exchange(socket, presented);
    } catch (IOException e) {
      return new Answer(false, "connection failed: " + e, null);
    }
  }

  private static Answer exchange(Socket socket, X509Certificate presented) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(PREFACE);
      out.write(EMPTY_SETTINGS);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] header = new byte[9];
      new DataInputStream(in).readFully(header);
      int type = header[3] & 0xff;
      int stream = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16);
      stream |= ((header[7] & 0xff) << 8) | (header[8] & 0xff);
      boolean settings = type == 4 && stream == 0;
      return new Answer(
          settings,
          settings ? "HTTP/2 SETTINGS from the server" : "first frame of type " + type,
          presented);
    } catch (EOFException e) {
      return new Answer(false, "the server closed the connection", presented);
    } catch (SocketTimeoutException e) {
      return new Answer(false, "no answer within " + TIMEOUT_MILLIS + " ms", presented);
    } catch (IOException e) {
      return new Answer(false, "refused: " + e, presented);
    }
  }

  private static SSLContext context(Path caCert, TestCertificates.Identity client)
      throws IOException, GeneralSecurityException {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCert)) {
      int i = 0;
      for (Certificate c : x509.generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (client != null) {
      Collection<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(client.cert())) {
        chain = x509.generateCertificates(in);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "probe".toCharArray();
      keys.setKeyEntry("client", pkcs8(client.key()), password, chain.toArray(Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  /** A PKCS#8 key as {@link TestCertificates} writes it (EC or RSA). */
  private static PrivateKey pkcs8(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    try {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    } catch (GeneralSecurityException notEc) {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    }
  }
}
