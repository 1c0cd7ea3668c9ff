/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.proto.ScramVerifier;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** A database a client named at startup: who may sign in to it, and how to reach its statements. */
public interface ResolvedDatabase {

  /**
   * The SCRAM verifier of the session's user (also what a cleartext password is checked against);
   * empty when that user may not sign in here (the exchange then runs against a mock and fails like
   * a wrong password).
   */
  Optional<ScramVerifier> verifier();

  /**
   * The md5 secret of the session's user, stored only on a cluster that authenticates with md5;
   * empty when there is none (the md5 exchange then fails like a wrong password).
   */
  default Optional<String> md5Secret() {
    return Optional.empty();
  }

  /**
   * Starts making the backend open fast while the client authenticates (for a tenant: asks its node
   * to read its record and open its file), when the session's user may sign in here. Does not wait,
   * never fails the session, and may do nothing. Called at most once, on {@code loop}, and only for
   * a client that authentication is not holding back.
   *
   * @param loop the session's event loop
   */
  default void warm(ScheduledExecutorService loop) {}

  /**
   * Opens the backend after authentication. The future completes on {@code loop}; it fails with a
   * {@link io.rhizome.gateway.pg.codec.PgException} the client should see. Cancelling the future
   * abandons the open and releases what it holds.
   *
   * @param loop the session's event loop: every listener call and completion happens there
   */
  CompletableFuture<StatementBackend> connect(
      BackendListener listener, ScheduledExecutorService loop);
}
