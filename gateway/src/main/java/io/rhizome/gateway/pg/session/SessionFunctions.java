/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.catalog.CatalogQueries;
import io.rhizome.gateway.pg.sql.SqlToken;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code SELECT f()} of the Postgres functions that clients and tools call on their own to learn
 * about the session, which SQLite does not have: {@code version()}, {@code current_schema()} (also
 * without parentheses, as Postgres allows), {@code pg_backend_pid()}, {@code current_database()},
 * and the parenthesis-free {@code current_catalog}, {@code current_user} and {@code session_user}
 * (JDBC's metadata asks for them). Only the statement made of exactly one such call, optionally
 * with a column alias, is answered here; anything more (a second column, a FROM) goes to the node,
 * which then reports the function as unknown.
 */
final class SessionFunctions {
  private enum Function {
    VERSION("version", PgType.TEXT, true),
    CURRENT_SCHEMA("current_schema", PgType.TEXT, false),
    PG_BACKEND_PID("pg_backend_pid", PgType.INT4, true),
    CURRENT_DATABASE("current_database", PgType.TEXT, true),
    CURRENT_CATALOG("current_catalog", PgType.TEXT, false),
    CURRENT_USER("current_user", PgType.TEXT, false),
    SESSION_USER("session_user", PgType.TEXT, false);

    final String name;
    final PgType type;
    final boolean needsParentheses;

    Function(String name, PgType type, boolean needsParentheses) {
      this.name = name;
      this.type = type;
      this.needsParentheses = needsParentheses;
    }

    Value value(SessionSettings settings) {
      return switch (this) {
        case VERSION -> Results.text(ServerIdentity.VERSION_STRING);
        case CURRENT_SCHEMA -> Results.text(CatalogQueries.SCHEMA);
        case PG_BACKEND_PID -> Results.integer(settings.backendPid());
        case CURRENT_DATABASE, CURRENT_CATALOG -> Results.text(settings.database());
        case CURRENT_USER, SESSION_USER -> Results.text(settings.user());
      };
    }
  }

  private SessionFunctions() {}

  /** The statement, if {@code tokens} (significant tokens only) are one session function call. */
  static Optional<LocalStatement> parse(List<SqlToken> tokens) {
    if (tokens.size() < 2 || !tokens.get(0).isKeyword("SELECT")) {
      return Optional.empty();
    }
    Optional<Function> function = function(tokens.get(1));
    if (function.isEmpty()) {
      return Optional.empty();
    }
    int i = 2;
    boolean parentheses =
        tokens.size() >= 4 && tokens.get(2).isPunctuation('(') && tokens.get(3).isPunctuation(')');
    if (parentheses) {
      i = 4;
    } else if (function.get().needsParentheses) {
      return Optional.empty();
    }
    String column = function.get().name;
    if (i < tokens.size() && tokens.get(i).isKeyword("AS")) {
      i++;
    }
    if (i < tokens.size()) {
      Optional<String> alias = alias(tokens.get(i));
      if (alias.isEmpty() || i + 1 != tokens.size()) {
        return Optional.empty();
      }
      column = alias.get();
    }
    Function f = function.get();
    String name = column;
    return Optional.of(
        settings ->
            new LocalStatement.Result(
                List.of(),
                Results.rows(
                    List.of(Results.column(name, f.type)),
                    List.of(Results.row(f.value(settings))),
                    "SELECT 1")));
  }

  private static Optional<Function> function(SqlToken token) {
    if (token.kind() != SqlToken.Kind.WORD) {
      return Optional.empty();
    }
    String word = token.text().toLowerCase(Locale.ROOT);
    for (Function f : Function.values()) {
      if (f.name.equals(word)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> alias(SqlToken token) {
    return switch (token.kind()) {
      case WORD -> Optional.of(token.text().toLowerCase(Locale.ROOT));
      case QUOTED_IDENTIFIER -> Optional.of(token.value());
      default -> Optional.empty();
    };
  }
}
