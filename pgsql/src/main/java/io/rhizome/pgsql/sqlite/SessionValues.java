/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SearchPath;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.Strings;

/** Session facts as SQL constants: current_schema(), current_schemas(). */
final class SessionValues {
  private SessionValues() {}

  /** current_schema(): the first existing schema of search_path, or NULL. */
  static String currentSchema(SessionContext ctx) {
    String s = SearchPath.currentSchema(ctx);
    return s == null ? "NULL" : Strings.literal(s);
  }

  /** current_schemas(implicit) as an array in Postgres' text form. */
  static String currentSchemas(SessionContext ctx, boolean implicit) {
    return Strings.literal("{" + String.join(",", SearchPath.currentSchemas(ctx, implicit)) + "}");
  }
}
