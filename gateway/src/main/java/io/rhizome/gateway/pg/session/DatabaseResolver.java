/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;

/**
 * Turns the database named in the startup packet into a {@link ResolvedDatabase}. May block on a
 * metadata read-through, so sessions call it on their blocking executor, never on the event loop.
 */
public interface DatabaseResolver {

  /**
   * @throws PgException e.g. 3D000 when the database does not exist
   */
  ResolvedDatabase resolve(String database, String user);

  /**
   * Like {@link #resolve(String, String)}, for a session from {@code origin}, which the database
   * may pass on for display (the node's session list); resolvers that show nothing ignore it.
   */
  default ResolvedDatabase resolve(String database, String user, SessionOrigin origin) {
    return resolve(database, user);
  }
}
