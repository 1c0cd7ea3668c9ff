/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import io.rhizome.node.schema.SchemaTokens.Token;
import io.rhizome.node.schema.TableDefinition.Constraint;
import io.rhizome.node.schema.TableDefinition.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a table's stored definition says of its constraints that SQLite's pragmas do not: the names
 * of its foreign keys and its CHECK constraints, for the catalog ({@code pg_constraint}, {@code
 * pg_get_constraintdef}). A definition this package cannot read has none.
 */
public final class DeclaredConstraints {
  private DeclaredConstraints() {}

  /**
   * The declared name of the foreign key {@code pragma_foreign_key_list} numbers {@code id}, or
   * null when it has none (SQLite numbers them from the last declared).
   */
  public static String foreignKeyName(String tableSql, long id) {
    List<Constraint> keys = ofType(tableSql, Type.FOREIGN_KEY);
    int index = (int) (keys.size() - 1 - id);
    return index < 0 || index >= keys.size() ? null : keys.get(index).name();
  }

  /**
   * The table's CHECK constraints in declaration order, as a JSON array of {@code {"name":
   * Postgres' name, "conkey": "{attnums}"}}.
   */
  public static String checksJson(String table, String tableSql) {
    if (table == null || tableSql == null) {
      return "[]";
    }
    TableDefinition def = read(tableSql);
    if (def == null) {
      return "[]";
    }
    StringBuilder json = new StringBuilder("[");
    for (Constraint c : def.constraints()) {
      if (c.type() != Type.CHECK) {
        continue;
      }
      List<String> attnums = new ArrayList<>();
      for (String column : columns(def, c)) {
        for (int i = 0; i < def.columns().size(); i++) {
          if (def.columns().get(i).name().equalsIgnoreCase(column)) {
            attnums.add(String.valueOf(i + 1));
          }
        }
      }
      json.append(json.length() > 1 ? "," : "")
          .append("{\"name\":")
          .append(jsonString(c.pgName(table)))
          .append(",\"conkey\":")
          .append(jsonString("{" + String.join(",", attnums) + "}"))
          .append('}');
    }
    return json.append(']').toString();
  }

  /** {@code CHECK ((expr))}, Postgres' form, of the table's {@code index}th CHECK constraint. */
  public static String checkDefinition(String tableSql, int index) {
    List<Constraint> checks = ofType(tableSql, Type.CHECK);
    if (index < 0 || index >= checks.size()) {
      return null;
    }
    Constraint c = checks.get(index);
    String body = tableSql.substring(c.bodyStart(), c.end());
    int open = body.indexOf('(');
    return "CHECK ((" + body.substring(open + 1, body.lastIndexOf(')')).strip() + "))";
  }

  private static Set<String> columns(TableDefinition def, Constraint c) {
    Set<String> names = new LinkedHashSet<>();
    if (c.column() != null) {
      names.add(c.column());
      return names;
    }
    for (Token t : SchemaTokens.of(def.sql().substring(c.bodyStart(), c.end()))) {
      if (t.isName() && def.column(t.name()).isPresent()) {
        names.add(def.column(t.name()).get().name());
      }
    }
    return names;
  }

  private static List<Constraint> ofType(String tableSql, Type type) {
    TableDefinition def = tableSql == null ? null : read(tableSql);
    if (def == null) {
      return List.of();
    }
    return def.constraints().stream().filter(c -> c.type() == type).toList();
  }

  private static TableDefinition read(String sql) {
    try {
      return TableDefinition.read(sql);
    } catch (TableDefinition.UnreadableException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
