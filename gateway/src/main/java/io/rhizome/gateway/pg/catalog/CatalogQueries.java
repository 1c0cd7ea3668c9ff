/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.catalog;

import java.util.Optional;

/**
 * Catalog queries that Postgres clients send on their own, answered from the tenant's SQLite schema
 * (psql's {@code \d} family, see {@link PsqlCatalog}; JDBC's {@code DatabaseMetaData}, see {@link
 * JdbcCatalog}): each is rewritten into a SQLite query that the tenant's node runs like any
 * statement. Statements that are not such queries are left alone.
 */
public final class CatalogQueries {
  /**
   * The schema every tenant object is in. SQLite's schema of a tenant's tables is "main" ({@code
   * main.t} works, {@code public.t} does not), so that is the honest answer to current_schema() and
   * what the catalog shows.
   */
  public static final String SCHEMA = "main";

  private CatalogQueries() {}

  /**
   * The SQLite statement to run instead of {@code statement}, when it is a catalog query this
   * gateway knows.
   *
   * @param user the session's user (shown as the owner of the tenant's relations)
   * @param database the session's database (the tenant), JDBC's catalog
   */
  public static Optional<String> rewrite(String statement, String user, String database) {
    if (!statement.contains("pg_catalog.")) {
      return Optional.empty();
    }
    String query = collapseWhitespace(statement).strip();
    return PsqlCatalog.rewrite(query, user).or(() -> JdbcCatalog.rewrite(query, database));
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
