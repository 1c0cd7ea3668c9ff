/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

/** How the gateway introduces itself to Postgres clients. */
final class ServerIdentity {
  /** The Rhizome release speaking. */
  static final String RHIZOME_VERSION = "0.1.0";

  /**
   * server_version: must start with a Postgres version that drivers parse (libpq reads "15.0" as
   * 150000, pgjdbc its leading digits) and gate features on; 15 is the dialect era we emulate.
   */
  static final String SERVER_VERSION = "15.0 (Rhizome " + RHIZOME_VERSION + ")";

  /** server_version_num, as libpq computes it from server_version. */
  static final String SERVER_VERSION_NUM = "150000";

  /** SELECT version(). */
  static final String VERSION_STRING =
      "PostgreSQL " + SERVER_VERSION + " on SQLite, compiled by Java";

  private ServerIdentity() {}
}
