/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schemas a session's {@code search_path} names that exist. A tenant's objects all live in
 * {@code public}; {@code pg_catalog} and {@code information_schema} are the catalog's; nothing else
 * exists (a {@code "$user"} schema never does).
 */
public final class SearchPath {
  /** The schema every tenant object is in. */
  public static final String PUBLIC = "public";

  private SearchPath() {}

  /** The existing schemas of the session's search_path, in order. */
  public static List<String> schemas(SessionContext ctx) {
    List<String> out = new ArrayList<>();
    String path = ctx.settingIfExists("search_path").orElse("\"$user\", public");
    for (String item : split(path)) {
      if ((item.equals(PUBLIC) || item.equals("pg_catalog") || item.equals("information_schema"))
          && !out.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }

  /** current_schema(): the first existing schema of search_path, or null. */
  public static String currentSchema(SessionContext ctx) {
    List<String> s = schemas(ctx);
    return s.isEmpty() ? null : s.get(0);
  }

  /** current_schemas(implicit): with pg_catalog first when {@code implicit}. */
  public static List<String> currentSchemas(SessionContext ctx, boolean implicit) {
    List<String> out = new ArrayList<>();
    if (implicit) {
      out.add("pg_catalog");
    }
    for (String s : schemas(ctx)) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The items of a list setting ({@code "$user", public}): quoted ones as written, others folded.
   */
  public static List<String> split(String value) {
    List<String> items = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
          wasQuoted = true;
        }
      } else if (c == ',' && !quoted) {
        items.add(item(cur, wasQuoted));
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank() || wasQuoted) {
      items.add(item(cur, wasQuoted));
    }
    return items;
  }

  private static String item(StringBuilder sb, boolean quoted) {
    String s = sb.toString().strip();
    return quoted ? s : s.toLowerCase(Locale.ROOT);
  }

  /** A name as an item of a list setting: quoted unless a plain lower-case identifier. */
  public static String quoteItem(String name) {
    boolean plain =
        !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }
    return plain && !name.startsWith("$") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
