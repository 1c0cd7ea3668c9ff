/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import io.rhizome.node.schema.SchemaTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DROP TABLE [IF EXISTS] t [, ...] CASCADE}, Postgres' form: the foreign keys of other
 * tables that reference a dropped table are dropped with it, and their rows stay. SQLite has no
 * CASCADE here, and its own DROP TABLE of a parent deletes the parent's rows first, which runs the
 * children's {@code ON DELETE CASCADE}.
 *
 * @param tables the names as written (unquoted), in order
 */
record DropTables(List<String> tables, boolean ifExists) {

  /** The statement as one of these, or empty (SQLite's DROP TABLE, or not a DROP TABLE). */
  static Optional<DropTables> parse(String sql) {
    List<Token> tokens;
    try {
      tokens = SchemaTokens.of(sql);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int end = tokens.size();
    while (end > 0 && tokens.get(end - 1).isPunct(';')) {
      end--;
    }
    if (end < 4
        || !tokens.get(0).is("DROP")
        || !tokens.get(1).is("TABLE")
        || !tokens.get(end - 1).is("CASCADE")) {
      return Optional.empty();
    }
    int at = 2;
    boolean ifExists = false;
    if (tokens.get(at).is("IF") && tokens.get(at + 1).is("EXISTS")) {
      at += 2;
      ifExists = true;
    }
    List<String> tables = new ArrayList<>();
    while (at < end - 1) {
      Token name = tokens.get(at++);
      if (!name.isName()) {
        return Optional.empty();
      }
      if (at < end - 1 && tokens.get(at).isPunct('.')) {
        if (!name.name().equalsIgnoreCase("main")) {
          return Optional.empty();
        }
        name = tokens.get(at + 1);
        at += 2;
        if (!name.isName()) {
          return Optional.empty();
        }
      }
      tables.add(name.name());
      if (at < end - 1 && !tokens.get(at++).isPunct(',')) {
        return Optional.empty();
      }
    }
    return tables.isEmpty() ? Optional.empty() : Optional.of(new DropTables(tables, ifExists));
  }
}
