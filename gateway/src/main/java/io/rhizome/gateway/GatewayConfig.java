/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway;

import io.rhizome.topology.TenantNames;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Gateway settings.
 *
 * @param listen address to accept Postgres clients on (port 0 picks a free port)
 * @param adminDatabase database name of the admin console (must be a valid tenant name, and is then
 *     reserved: no tenant can take it)
 * @param maxConnections client connections served at once; one more gets FATAL 53300
 * @param maxMessageSize largest client message accepted, in bytes (length field value); larger is
 *     08P01 and a close. At most {@link #MAX_MESSAGE_SIZE_CAP}
 * @param startupTimeout time from accept to ReadyForQuery (startup, auth, node open) before the
 *     connection is closed
 * @param ioThreads Netty event loop threads for client connections (0: one per core)
 * @param blockingThreads threads for blocking metadata calls (read-through, admin console)
 * @param blockingQueue tasks that may wait for those threads; beyond that, 57P03 "too busy"
 * @param tlsCertificate PEM certificate chain (leaf first) offered to clients that ask for TLS, or
 *     null for no TLS (SSLRequest is then answered 'N')
 * @param tlsKey PEM private key of the certificate (PKCS#8, or PKCS#1 RSA); null exactly when
 *     {@code tlsCertificate} is
 * @param tlsRequired refuse clients that did not negotiate TLS (FATAL 28000); needs a certificate
 * @param idleSessionTimeout close sessions idle outside a transaction this long (57P05); zero turns
 *     it off (the default, as Postgres' idle_session_timeout)
 * @param guards bounds on result rows, failed passwords and unauthenticated connections
 */
public record GatewayConfig(
    InetSocketAddress listen,
    String adminDatabase,
    int maxConnections,
    int maxMessageSize,
    Duration startupTimeout,
    int ioThreads,
    int blockingThreads,
    int blockingQueue,
    Path tlsCertificate,
    Path tlsKey,
    boolean tlsRequired,
    Duration idleSessionTimeout,
    ClientGuards guards) {

  public static final String DEFAULT_ADMIN_DATABASE = "rhizome";
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;

  /** 8 MiB: roomy for multi-row INSERT batches, small enough that a client cannot hog memory. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

  /** Postgres' own limit on a message (1 GiB). */
  public static final int MAX_MESSAGE_SIZE_CAP = 1 << 30;

  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_BLOCKING_THREADS = 8;
  public static final int DEFAULT_BLOCKING_QUEUE = 1024;

  public GatewayConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(idleSessionTimeout, "idleSessionTimeout");
    Objects.requireNonNull(guards, "guards");
    if (!TenantNames.isValid(adminDatabase)) {
      throw new IllegalArgumentException(
          "admin database name must be a valid tenant name, was \"" + adminDatabase + "\"");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (maxMessageSize < 1024 || maxMessageSize > MAX_MESSAGE_SIZE_CAP) {
      throw new IllegalArgumentException(
          "maxMessageSize must be in 1024.." + MAX_MESSAGE_SIZE_CAP + ", was " + maxMessageSize);
    }
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive");
    }
    if (idleSessionTimeout.isNegative()) {
      throw new IllegalArgumentException("idleSessionTimeout must not be negative");
    }
    if (ioThreads < 0 || blockingThreads < 1 || blockingQueue < 1) {
      throw new IllegalArgumentException("thread and queue sizes must be positive");
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and its key");
    }
    if (tlsRequired && tlsCertificate == null) {
      throw new IllegalArgumentException("TLS cannot be required without a certificate and key");
    }
  }

  /** The defaults, listening on {@code listen}. */
  public static GatewayConfig defaults(InetSocketAddress listen) {
    return new GatewayConfig(
        listen,
        DEFAULT_ADMIN_DATABASE,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_MESSAGE_SIZE,
        DEFAULT_STARTUP_TIMEOUT,
        0,
        DEFAULT_BLOCKING_THREADS,
        DEFAULT_BLOCKING_QUEUE,
        null,
        null,
        false,
        Duration.ZERO,
        ClientGuards.DEFAULT);
  }

  /** Whether clients may ask for TLS. */
  public boolean tlsEnabled() {
    return tlsCertificate != null;
  }

  public GatewayConfig withAdminDatabase(String value) {
    Copy c = new Copy(this);
    c.adminDatabase = value;
    return c.build();
  }

  public GatewayConfig withMaxConnections(int value) {
    Copy c = new Copy(this);
    c.maxConnections = value;
    return c.build();
  }

  public GatewayConfig withMaxMessageSize(int value) {
    Copy c = new Copy(this);
    c.maxMessageSize = value;
    return c.build();
  }

  public GatewayConfig withStartupTimeout(Duration value) {
    Copy c = new Copy(this);
    c.startupTimeout = value;
    return c.build();
  }

  /** TLS with this certificate chain and key (both PEM); {@code required} refuses plain text. */
  public GatewayConfig withTls(Path certificate, Path key, boolean required) {
    Copy c = new Copy(this);
    c.tlsCertificate = certificate;
    c.tlsKey = key;
    c.tlsRequired = required;
    return c.build();
  }

  public GatewayConfig withIdleSessionTimeout(Duration value) {
    Copy c = new Copy(this);
    c.idleSessionTimeout = value;
    return c.build();
  }

  public GatewayConfig withGuards(ClientGuards value) {
    Copy c = new Copy(this);
    c.guards = value;
    return c.build();
  }

  /** A mutable copy, so each {@code with} method names only what it changes. */
  private static final class Copy {
    private final InetSocketAddress listen;
    private String adminDatabase;
    private int maxConnections;
    private int maxMessageSize;
    private Duration startupTimeout;
    private final int ioThreads;
    private final int blockingThreads;
    private final int blockingQueue;
    private Path tlsCertificate;
    private Path tlsKey;
    private boolean tlsRequired;
    private Duration idleSessionTimeout;
    private ClientGuards guards;

    private Copy(GatewayConfig c) {
      listen = c.listen;
      adminDatabase = c.adminDatabase;
      maxConnections = c.maxConnections;
      maxMessageSize = c.maxMessageSize;
      startupTimeout = c.startupTimeout;
      ioThreads = c.ioThreads;
      blockingThreads = c.blockingThreads;
      blockingQueue = c.blockingQueue;
      tlsCertificate = c.tlsCertificate;
      tlsKey = c.tlsKey;
      tlsRequired = c.tlsRequired;
      idleSessionTimeout = c.idleSessionTimeout;
      guards = c.guards;
    }

    private GatewayConfig build() {
      return new GatewayConfig(
          listen,
          adminDatabase,
          maxConnections,
          maxMessageSize,
          startupTimeout,
          ioThreads,
          blockingThreads,
          blockingQueue,
          tlsCertificate,
          tlsKey,
          tlsRequired,
          idleSessionTimeout,
          guards);
    }
  }
}
