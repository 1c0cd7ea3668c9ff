/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.Strings;
import java.util.ArrayList;
import java.util.List;

/** Session facts as constants: current_schema(), current_schemas(), ... */
final class SessionValues {
  /** The one schema a tenant's objects live in. */
  static final String PUBLIC = "public";

  private SessionValues() {}

  /** The schemas of search_path that exist (only public does), in order. */
  static List<String> searchPath(SessionContext ctx) {
    List<String> schemas = new ArrayList<>();
    String path = ctx.settingIfExists("search_path").orElse("\"$user\", public");
    for (String item : splitList(path)) {
      if (item.equals(PUBLIC) || item.equals("pg_catalog") || item.equals("information_schema")) {
        if (!schemas.contains(item)) {
          schemas.add(item);
        }
      }
    }
    return schemas;
  }

  /** current_schema(): the first existing schema of search_path, or NULL. */
  static String currentSchema(SessionContext ctx) {
    for (String s : searchPath(ctx)) {
      return Strings.literal(s);
    }
    return "NULL";
  }

  /** current_schemas(implicit) as an array in Postgres' text form. */
  static String currentSchemas(SessionContext ctx, boolean implicit) {
    List<String> schemas = new ArrayList<>();
    if (implicit) {
      schemas.add("pg_catalog");
    }
    for (String s : searchPath(ctx)) {
      if (!schemas.contains(s)) {
        schemas.add(s);
      }
    }
    return Strings.literal("{" + String.join(",", schemas) + "}");
  }

  /** The items of a list setting ({@code "$user", public}), unquoted. */
  static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        items.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      items.add(cur.toString().strip());
    }
    return items;
  }
}
