/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.pgsql.Token;
import io.rhizome.proto.Extended;
import java.util.List;
import java.util.Optional;

/**
 * Where a session's statements run: a node over a gRPC stream, or the admin console. It answers
 * with {@link io.rhizome.proto.SessionResponse}s to the session's {@link BackendListener}, on the
 * session's event loop, under the session's demand: after it is opened, the backend delivers one
 * response per {@link #request()} call (a session requests the next one only when the client can
 * take more bytes, which bounds memory for any result size).
 *
 * <p>All methods are called on the session's event loop.
 */
public interface StatementBackend {

  /**
   * Runs statements in order, like one simple Query: zero or more results per statement, the first
   * error stops the rest, then exactly one Ready.
   */
  void execute(List<String> statements);

  /**
   * Runs a run of extended-query steps (see {@code Extended} in rhizome.proto): the answers of each
   * step in order, the first error skipping the rest until a sync, then exactly one Ready.
   */
  void execute(Extended request);

  /** Asks for one more response. */
  void request();

  /**
   * Whether this backend, rather than the gateway's session settings, answers a statement that
   * looks like a session statement (the admin console owns {@code SHOW TENANTS}, for instance).
   *
   * @param tokens the statement's significant tokens
   */
  default boolean claims(List<Token> tokens) {
    return false;
  }

  /**
   * Whether statements in Postgres' dialect are translated for this backend (a tenant's node); the
   * admin console has a language of its own, which is never translated.
   */
  default boolean translatesPostgres() {
    return true;
  }

  /**
   * The key a client can cancel this backend's statements with (BackendKeyData), when the backend
   * has one; otherwise the session makes up a key that cancels nothing.
   */
  default Optional<CancelKey> cancelKey() {
    return Optional.empty();
  }

  /**
   * The statement as a copy of raw bytes this backend runs itself (see {@link RawCopy}), if it is
   * one; the session then relays it instead of sending the statement.
   */
  default Optional<RawCopy> rawCopy(String statement) {
    return Optional.empty();
  }

  /** Whether COPY can run here (it needs tables: the admin console has none). */
  default boolean supportsCopy() {
    return true;
  }

  /** Ends the backend (idempotent); no listener calls follow. */
  void close();
}
