/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.sql.SqlToken;
import io.rhizome.proto.PgType;
import io.rhizome.proto.Row;
import io.rhizome.proto.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes the statements the gateway answers itself: the session statements clients send on
 * their own (SET, RESET, SHOW, SHOW TRANSACTION ISOLATION LEVEL, DISCARD) and the session functions
 * of {@link SessionFunctions}. SQLite has none of SET/RESET/SHOW/DISCARD, so any statement starting
 * with one of them is local; a malformed one is a 42601 from the gateway.
 *
 * <p>Known gaps, kept small on purpose: SET LOCAL acts like SET (no transaction scoping), and a SET
 * is not undone by ROLLBACK. SET SESSION CHARACTERISTICS / SET TRANSACTION are accepted and have no
 * effect (SQLite transactions are always serializable).
 */
final class LocalStatements {
  private LocalStatements() {}

  /** The local statement {@code tokens} (significant tokens only) form, if any. */
  static Optional<LocalStatement> parse(List<SqlToken> tokens) {
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    SqlToken first = tokens.get(0);
    try {
      if (first.isKeyword("SET")) {
        return Optional.of(set(new Cursor(tokens, 1)));
      }
      if (first.isKeyword("RESET")) {
        return Optional.of(reset(new Cursor(tokens, 1)));
      }
      if (first.isKeyword("SHOW")) {
        return Optional.of(show(new Cursor(tokens, 1)));
      }
      if (first.isKeyword("DISCARD")) {
        return Optional.of(discard(new Cursor(tokens, 1)));
      }
      return SessionFunctions.parse(tokens);
    } catch (PgException syntax) {
      return Optional.of(
          settings -> {
            throw syntax;
          });
    }
  }

  /**
   * DISCARD ALL resets every setting (with ParameterStatus for the reported ones), as a connection
   * pool's reset query expects; DISCARD PLANS and SEQUENCES have nothing to discard here. DISCARD
   * TEMP is refused: temporary tables live in the node's SQLite connection, out of the gateway's
   * reach, so DISCARD ALL does not drop them either.
   */
  private static LocalStatement discard(Cursor c) {
    if (c.acceptKeyword("ALL")) {
      c.expectEnd();
      return new LocalStatement() {
        @Override
        public Result execute(SessionSettings settings) {
          return new Result(settings.resetAll(), List.of(Results.commandComplete("DISCARD ALL")));
        }

        @Override
        public Optional<String> outsideTransactionOnly() {
          return Optional.of("DISCARD ALL");
        }
      };
    }
    for (String what : List.of("PLANS", "SEQUENCES")) {
      if (c.acceptKeyword(what)) {
        c.expectEnd();
        return settings ->
            new LocalStatement.Result(
                List.of(), List.of(Results.commandComplete("DISCARD " + what)));
      }
    }
    if (c.acceptKeyword("TEMP") || c.acceptKeyword("TEMPORARY")) {
      c.expectEnd();
      return settings -> {
        throw PgException.error(
            SqlState.FEATURE_NOT_SUPPORTED,
            "DISCARD TEMP is not supported: temporary tables live on the node");
      };
    }
    throw syntaxError("expected ALL, PLANS, SEQUENCES or TEMP after DISCARD");
  }

  private static LocalStatement set(Cursor c) {
    boolean session = c.acceptKeyword("SESSION");
    if ((session && c.peekKeyword("CHARACTERISTICS")) || c.peekKeyword("TRANSACTION")) {
      return settings ->
          new LocalStatement.Result(List.of(), List.of(Results.commandComplete("SET")));
    }
    if (!session) {
      c.acceptKeyword("LOCAL");
    }
    String name;
    if (c.acceptKeyword("TIME")) {
      c.expectKeyword("ZONE");
      name = "timezone";
      if (c.acceptKeyword("LOCAL") || c.acceptKeyword("DEFAULT")) {
        c.expectEnd();
        return resetOf(name, "SET");
      }
    } else if (c.acceptKeyword("NAMES")) {
      name = "client_encoding";
    } else {
      name = c.name();
      if (!c.acceptPunctuation('=') && !c.acceptKeyword("TO")) {
        throw syntaxError("expected '=' or TO after the parameter name");
      }
      if (c.acceptKeyword("DEFAULT")) {
        c.expectEnd();
        return resetOf(name, "SET");
      }
    }
    String value = c.valueList();
    return settings ->
        new LocalStatement.Result(
            settings.set(name, value).map(List::of).orElse(List.of()),
            List.of(Results.commandComplete("SET")));
  }

  private static LocalStatement reset(Cursor c) {
    if (c.acceptKeyword("ALL")) {
      c.expectEnd();
      return settings ->
          new LocalStatement.Result(settings.resetAll(), List.of(Results.commandComplete("RESET")));
    }
    String name;
    if (c.acceptKeyword("TIME")) {
      c.expectKeyword("ZONE");
      name = "timezone";
    } else {
      name = c.name();
    }
    c.expectEnd();
    return resetOf(name, "RESET");
  }

  private static LocalStatement resetOf(String name, String tag) {
    return settings ->
        new LocalStatement.Result(
            settings.reset(name).map(List::of).orElse(List.of()),
            List.of(Results.commandComplete(tag)));
  }

  private static LocalStatement show(Cursor c) {
    if (c.acceptKeyword("ALL")) {
      c.expectEnd();
      return settings -> {
        List<Row> rows = new ArrayList<>();
        for (ParameterStatus p : settings.all()) {
          rows.add(Results.row(Results.text(p.name()), Results.text(p.value())));
        }
        return new LocalStatement.Result(
            List.of(),
            Results.rows(
                List.of(
                    Results.column("name", PgType.TEXT), Results.column("setting", PgType.TEXT)),
                rows,
                "SHOW"));
      };
    }
    String name;
    if (c.acceptKeyword("TRANSACTION")) {
      c.expectKeyword("ISOLATION");
      c.expectKeyword("LEVEL");
      name = "transaction_isolation";
    } else if (c.acceptKeyword("TIME")) {
      c.expectKeyword("ZONE");
      name = "timezone";
    } else {
      name = c.name();
    }
    c.expectEnd();
    return settings ->
        new LocalStatement.Result(
            List.of(),
            Results.single(SessionSettings.displayName(name), settings.show(name), "SHOW"));
  }

  private static PgException syntaxError(String message) {
    return PgException.error(SqlState.SYNTAX_ERROR, "syntax error: " + message);
  }

  /** Walks significant tokens. */
  private static final class Cursor {
    private final List<SqlToken> tokens;
    private int i;

    Cursor(List<SqlToken> tokens, int start) {
      this.tokens = tokens;
      this.i = start;
    }

    boolean peekKeyword(String k) {
      return i < tokens.size() && tokens.get(i).isKeyword(k);
    }

    boolean acceptKeyword(String k) {
      if (peekKeyword(k)) {
        i++;
        return true;
      }
      return false;
    }

    boolean acceptPunctuation(char p) {
      if (i < tokens.size() && tokens.get(i).isPunctuation(p)) {
        i++;
        return true;
      }
      return false;
    }

    void expectKeyword(String k) {
      if (!acceptKeyword(k)) {
        throw syntaxError("expected " + k);
      }
    }

    void expectEnd() {
      if (i < tokens.size()) {
        throw syntaxError("unexpected \"" + tokens.get(i).text() + "\"");
      }
    }

    /** A parameter name: identifiers joined by dots (custom settings look like "app.x"). */
    String name() {
      StringBuilder sb = new StringBuilder(identifier());
      while (acceptPunctuation('.')) {
        sb.append('.').append(identifier());
      }
      return sb.toString();
    }

    private String identifier() {
      if (i >= tokens.size()) {
        throw syntaxError("expected a parameter name");
      }
      SqlToken t = tokens.get(i++);
      return switch (t.kind()) {
        case WORD -> t.text().toLowerCase(Locale.ROOT);
        case QUOTED_IDENTIFIER -> t.value();
        default -> throw syntaxError("expected a parameter name");
      };
    }

    /** Comma-separated values: strings, numbers, identifiers (folded to lower case). */
    String valueList() {
      List<String> items = new ArrayList<>();
      do {
        items.add(value());
      } while (acceptPunctuation(','));
      expectEnd();
      return String.join(", ", items);
    }

    private String value() {
      if (i >= tokens.size()) {
        throw syntaxError("expected a value");
      }
      SqlToken t = tokens.get(i++);
      return switch (t.kind()) {
        case STRING, QUOTED_IDENTIFIER -> t.value();
        case WORD -> t.text().toLowerCase(Locale.ROOT);
        case NUMBER -> t.text();
        case PUNCTUATION -> {
          if ((t.isPunctuation('-') || t.isPunctuation('+'))
              && i < tokens.size()
              && tokens.get(i).kind() == SqlToken.Kind.NUMBER) {
            yield (t.isPunctuation('-') ? "-" : "") + tokens.get(i++).text();
          }
          throw syntaxError("unexpected \"" + t.text() + "\"");
        }
        default -> throw syntaxError("unexpected \"" + t.text() + "\"");
      };
    }
  }
}
