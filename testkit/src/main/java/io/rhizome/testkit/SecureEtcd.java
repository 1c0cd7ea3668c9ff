/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.testkit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.OptionsUtil;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * A real etcd locked down as docs/security.md says to run one: clients over TLS only, each with a
 * certificate its CA signed ({@code --client-cert-auth}), and authentication on with a role per
 * user limited to a key prefix. A client is its certificate's common name unless it signs in with a
 * user name and password. The CA is its own, not the cluster's, as it may be in production.
 */
public final class SecureEtcd implements AutoCloseable {
  private static final String ROOT = "root";

  private final Etcd etcd;
  private final TestCertificates.Authority ca;
  private final TestCertificates.Identity root;

  private SecureEtcd(Etcd etcd, TestCertificates.Authority ca, TestCertificates.Identity root) {
    this.etcd = etcd;
    this.ca = ca;
    this.root = root;
  }

  /** Starts etcd with its PKI in {@code dir} and turns authentication on (user root exists). */
  public static SecureEtcd start(Path dir) {
    return start(dir, List.of());
  }

  /** Like {@link #start(Path)} with more etcd flags (e.g. {@code --auth-token-ttl}). */
  public static SecureEtcd start(Path dir, List<String> extraFlags) {
    TestCertificates.Authority ca = TestCertificates.authority(dir, "etcd");
    TestCertificates.Identity server = ca.server("etcd-server");
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--cert-file",
                server.cert().toString(),
                "--key-file",
                server.key().toString(),
                "--trusted-ca-file",
                ca.caCert().toString(),
                "--client-cert-auth"));
    flags.addAll(extraFlags);
    Etcd etcd = Etcd.startLocalTls(flags);
    try {
      TestCertificates.Identity root = ca.client("etcd-root", ROOT);
      SecureEtcd secured = new SecureEtcd(etcd, ca, root);
      secured.asRoot(
          auth -> {
            await(auth.roleAdd(bytes(ROOT)));
            await(auth.userAdd(bytes(ROOT), bytes(UUID.randomUUID().toString())));
            await(auth.userGrantRole(bytes(ROOT), bytes(ROOT)));
            await(auth.authEnable());
          });
      return secured;
    } catch (RuntimeException e) {
      etcd.close();
      throw e;
    }
  }

  /**
   * Runs {@code steps} with a client that is root by its certificate, closed afterwards so that no
   * client thread outlives the setup.
   */
  private void asRoot(Consumer<Auth> steps) {
    try (Client admin =
        Client.builder()
            .endpoints(etcd.endpoints().toArray(URI[]::new))
            .sslContext(context(ca.caCert(), root))
            .build()) {
      steps.accept(admin.getAuthClient());
    }
  }

  /** The client endpoints ({@code https://127.0.0.1:PORT}). */
  public List<URI> endpoints() {
    return etcd.endpoints();
  }

  /** Endpoints joined by commas, as the {@code --etcd} flag takes them. */
  public String endpointsFlag() {
    return etcd.endpointsFlag();
  }

  /** The CA that signed etcd's server certificate and whose client certificates etcd accepts. */
  public Path caCert() {
    return ca.caCert();
  }

  /** A client certificate this etcd accepts; as a user, the client is {@code commonName}. */
  public TestCertificates.Identity clientCertificate(String stem, String commonName) {
    return ca.client(stem, commonName);
  }

  /**
   * Adds {@code user} (password {@code password}) with a role of its own that may read and write
   * the keys under {@code prefix} and nothing else.
   */
  public void grantPrefix(String user, String password, String prefix) {
    ByteSequence role = bytes(user + "-role");
    ByteSequence key = bytes(prefix);
    asRoot(
        auth -> {
          await(auth.roleAdd(role));
          await(
              auth.roleGrantPermission(
                  role, key, OptionsUtil.prefixEndOf(key), Permission.Type.READWRITE));
          await(auth.userAdd(bytes(user), bytes(password)));
          await(auth.userGrantRole(bytes(user), role));
        });
  }

  /** A client TLS context that trusts {@code caCert} and presents {@code client} (or nothing). */
  public static SslContext context(Path caCert, TestCertificates.Identity client) {
    try {
      var builder = GrpcSslContexts.forClient().trustManager(caCert.toFile());
      if (client != null) {
        builder.keyManager(client.cert().toFile(), client.key().toFile());
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot make a TLS context for etcd", e);
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static <T> T await(CompletableFuture<T> call) {
    try {
      return call.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("etcd setup failed: " + e, e);
    }
  }

  @Override
  public void close() {
    etcd.close();
  }
}
