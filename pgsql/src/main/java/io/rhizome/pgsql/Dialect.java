/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/** The lexical rules a text is read with (see {@link Lexer}). */
public enum Dialect {
  /** SQLite's: what the node runs, and what statements that need no translation are written in. */
  SQLITE,
  /** Postgres': what clients' catalog queries and ORMs write. */
  POSTGRES
}
