/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.auth.MockVerifiers;
import io.rhizome.gateway.tls.ServerTls;
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
    Duration idleSessionTimeout) {

  public SessionServices {
    Objects.requireNonNull(cancels, "cancels");
    Objects.requireNonNull(idleSessionTimeout, "idleSessionTimeout");
    if (tlsRequired && tls == null) {
      throw new IllegalArgumentException("TLS cannot be required without a certificate");
    }
  }

  /** Plain-text sessions, cancel requests dropped, no idle timeout. */
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
        Duration.ZERO);
  }
}
