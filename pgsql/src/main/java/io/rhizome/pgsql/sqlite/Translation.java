/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.Optional;

/** Translates a Postgres query into the SQLite the tenant's node runs. */
public final class Translation {
  private Translation() {}

  /**
   * The SQLite text for {@code sql}, a query ({@code SELECT}, {@code VALUES}, {@code WITH ...
   * SELECT}); empty when it runs as written.
   *
   * @throws io.rhizome.pgsql.SqlException when it is not a query Rhizome reads (42601) or holds a
   *     construct it does not translate (0A000)
   */
  public static Optional<String> ofQuery(String sql, SessionContext ctx) {
    Query q = Parser.parseQuery(sql);
    String written = new Writer(sql, ctx, false).query(q, true);
    if (written.equals(sql.substring(q.start(), q.end()))) {
      return Optional.empty();
    }
    return Optional.of(new Writer(sql, ctx, true).query(q, true));
  }
}
