/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.ClientGuards;
import io.rhizome.gateway.auth.AuthThrottle;
import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.auth.PasswordAuthentications;
import io.rhizome.gateway.tls.ServerTls;
import io.rhizome.proto.AuthMethod;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every session of a gateway shares.
 *
 * @param databases resolves startup database names (may block)
 * @param blocking where blocking calls (metadata read-through) run, never the event loop
 * @param mocks verifiers for unknown users
 * @param random source of BackendKeyData keys for sessions without a node (admin console)
 * @param startupTimeout how long a connection may take from accept to ReadyForQuery
 * @param tls the server's TLS, or null when no certificate is configured (SSLRequest gets 'N')
 * @param tlsRequired refuse sessions that did not negotiate TLS (FATAL 28000)
 * @param cancels where CancelRequests go
 * @param idleSessionTimeout close a session idle outside a transaction this long (57P05); zero
 *     means never, the default, as Postgres' idle_session_timeout
 * @param authMethod how clients prove their password: the cluster's method, fixed at its creation
 * @param maxValueBytes the largest result row (its values together) a session encodes; a larger one
 *     ends the session with 54000
 * @param authThrottle delays the answer to a failed password
 * @param metrics where per-connection figures go
 */
public record SessionServices(
    DatabaseResolver databases,
    Executor blocking,
    MockVerifiers mocks,
    SecureRandom random,
    Duration startupTimeout,
    ServerTls tls,
    boolean tlsRequired,
    CancelRequests cancels,
    Duration idleSessionTimeout,
    AuthMethod authMethod,
    int maxValueBytes,
    AuthThrottle authThrottle,
    GatewayMetrics metrics) {

  public SessionServices {
    Objects.requireNonNull(authThrottle, "authThrottle");
    Objects.requireNonNull(metrics, "metrics");
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive");
    }
    Objects.requireNonNull(cancels, "cancels");
    Objects.requireNonNull(idleSessionTimeout, "idleSessionTimeout");
    Objects.requireNonNull(authMethod, "authMethod");
    if (tlsRequired && tls == null) {
      throw new IllegalArgumentException("TLS cannot be required without a certificate");
    }
  }

  /** The default row bound, no delay after a failed password, and no metrics. */
  public SessionServices(
      DatabaseResolver databases,
      Executor blocking,
      MockVerifiers mocks,
      SecureRandom random,
      Duration startupTimeout,
      ServerTls tls,
      boolean tlsRequired,
      CancelRequests cancels,
      Duration idleSessionTimeout,
      AuthMethod authMethod) {
    this(
        databases,
        blocking,
        mocks,
        random,
        startupTimeout,
        tls,
        tlsRequired,
        cancels,
        idleSessionTimeout,
        authMethod,
        ClientGuards.DEFAULT_MAX_VALUE_BYTES,
        AuthThrottle.off(),
        GatewayMetrics.NONE);
  }

  /** SCRAM-SHA-256 sessions. */
  public SessionServices(
      DatabaseResolver databases,
      Executor blocking,
      MockVerifiers mocks,
      SecureRandom random,
      Duration startupTimeout,
      ServerTls tls,
      boolean tlsRequired,
      CancelRequests cancels,
      Duration idleSessionTimeout) {
    this(
        databases,
        blocking,
        mocks,
        random,
        startupTimeout,
        tls,
        tlsRequired,
        cancels,
        idleSessionTimeout,
        AuthMethod.AUTH_SCRAM_SHA_256);
  }

  /** Plain-text SCRAM-SHA-256 sessions, cancel requests dropped, no idle timeout. */
  public SessionServices(
      DatabaseResolver databases,
      Executor blocking,
      MockVerifiers mocks,
      SecureRandom random,
      Duration startupTimeout) {
    this(
        databases,
        blocking,
        mocks,
        random,
        startupTimeout,
        null,
        false,
        CancelRequests.NONE,
        Duration.ZERO,
        AuthMethod.AUTH_SCRAM_SHA_256);
  }

  /** Starts each session's authentication in the cluster's method. */
  public PasswordAuthentications authentications() {
    return new PasswordAuthentications(authMethod, mocks);
  }
}
