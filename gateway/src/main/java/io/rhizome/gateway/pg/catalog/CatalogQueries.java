/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import java.util.Optional;

/**
 * Catalog queries that Postgres clients send on their own (psql's {@code \d} family), answered from
 * the tenant's SQLite schema: each is rewritten into a SQLite query that the tenant's node runs
 * like any statement. Statements that are not such queries are left alone.
 */
public final class CatalogQueries {
  private CatalogQueries() {}

  /**
   * The SQLite statement to run instead of {@code statement}, when it is a catalog query this
   * gateway knows.
   *
   * @param user the session's user (shown as the owner of the tenant's relations)
   */
  public static Optional<String> rewrite(String statement, String user) {
    if (!statement.contains("pg_catalog.")) {
      return Optional.empty();
    }
    return PsqlCatalog.rewrite(collapseWhitespace(statement).strip(), user);
  }

  /** Runs of whitespace outside string literals become one space, as the recognisers expect. */
  static String collapseWhitespace(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    boolean quoted = false;
    boolean space = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (!quoted && Character.isWhitespace(c)) {
        space = true;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      if (c == '\'') {
        quoted = !quoted;
      }
      out.append(c);
    }
    return out.toString();
  }
}
