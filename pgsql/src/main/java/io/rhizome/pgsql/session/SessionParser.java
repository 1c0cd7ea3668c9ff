/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.session;

import io.rhizome.pgsql.Dialect;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the statements of {@link SessionCommand}. */
public final class SessionParser {
  /** First words of the statements this parser reads (besides SELECT of a session function). */
  public static final Set<String> VERBS =
      Set.of("set", "reset", "show", "discard", "close", "unlisten");

  /** Session functions by name: the fewest and most arguments each takes. */
  private static final java.util.Map<String, int[]> FUNCTIONS =
      java.util.Map.of(
          "version", new int[] {0, 0},
          "current_schema", new int[] {0, 0},
          "current_schemas", new int[] {1, 1},
          "current_database", new int[] {0, 0},
          "pg_backend_pid", new int[] {0, 0},
          "current_setting", new int[] {1, 2},
          "set_config", new int[] {3, 3},
          "pg_advisory_unlock_all", new int[] {0, 0});

  private final List<Token> tokens;
  private int i;

  private SessionParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses a statement starting with one of {@link #VERBS}.
   *
   * @throws SqlException 42601 for a malformed one, 0A000 for one Rhizome does not serve
   */
  public static SessionCommand parse(String statement) {
    return parse(Lexer.significant(statement, Dialect.POSTGRES));
  }

  /** As {@link #parse(String)}, from the statement's significant tokens (Postgres dialect). */
  public static SessionCommand parse(List<Token> significant) {
    SessionParser p = new SessionParser(significant);
    SessionCommand c = p.command();
    p.acceptPunct(';');
    p.expectEnd();
    return c;
  }

  /** The statement as a call of a session function, if it is exactly one. */
  public static Optional<SessionCommand> call(Query query) {
    if (!(query instanceof Query.Select s)
        || s.with() != null
        || s.distinct()
        || s.targets().size() != 1
        || !s.from().isEmpty()
        || s.where() != null
        || !s.groupBy().isEmpty()
        || s.having() != null
        || s.tail() != null) {
      return Optional.empty();
    }
    Query.Target t = s.targets().get(0);
    Expr e = t.expr();
    if (e instanceof Expr.SqlValue v) {
      String word = v.word().toLowerCase(Locale.ROOT);
      if (Set.of(
              "current_user",
              "session_user",
              "user",
              "current_role",
              "current_catalog",
              "current_schema")
          .contains(word)) {
        return Optional.of(
            new SessionCommand.Call(word, List.of(), t.alias() != null ? t.alias() : word));
      }
      return Optional.empty();
    }
    if (!(e instanceof Expr.FuncCall f)
        || f.syntax() != Expr.CallSyntax.NORMAL
        || f.distinct()
        || f.star()
        || !f.orderBy().isEmpty()
        || f.filter() != null
        || f.over() != null
        || !FUNCTIONS.containsKey(f.function())
        || f.args().size() < FUNCTIONS.get(f.function())[0]
        || f.args().size() > FUNCTIONS.get(f.function())[1]
        || f.name().size() > 2
        || (f.name().size() == 2 && !"pg_catalog".equals(f.name().qualifier()))) {
      return Optional.empty();
    }
    List<String> args = new ArrayList<>();
    for (Expr a : f.args()) {
      if (!(a instanceof Expr.Literal l)) {
        return Optional.empty();
      }
      args.add(l.value());
    }
    return Optional.of(
        new SessionCommand.Call(f.function(), args, t.alias() != null ? t.alias() : f.function()));
  }

  private SessionCommand command() {
    Token first = next();
    String verb = first == null ? "" : first.text().toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "set" -> set();
      case "reset" -> reset();
      case "show" -> show();
      case "discard" -> discard();
      case "close" -> {
        if (!acceptWord("all")) {
          throw SqlException.unsupported("cursors (CLOSE name)");
        }
        yield new SessionCommand.NoOp("CLOSE CURSOR ALL");
      }
      case "unlisten" -> {
        if (!acceptOperator("*")) {
          name();
        }
        yield new SessionCommand.NoOp("UNLISTEN");
      }
      default -> throw syntax("expected a session statement");
    };
  }

  private SessionCommand set() {
    boolean local = false;
    if (acceptWord("session")) {
      if (acceptWord("characteristics")) {
        skipRest();
        return new SessionCommand.NoOp("SET");
      }
      if (peekWord("authorization")) {
        throw SqlException.unsupported("SET SESSION AUTHORIZATION");
      }
    } else if (acceptWord("local")) {
      local = true;
    }
    if (acceptWord("transaction")) {
      skipRest();
      return new SessionCommand.NoOp("SET");
    }
    if (peekWord("role") && tokens.size() > i + 1) {
      throw SqlException.unsupported("SET ROLE");
    }
    if (acceptWord("time")) {
      expectWord("zone");
      if (acceptWord("local") || acceptWord("default")) {
        return new SessionCommand.Set("timezone", null, local);
      }
      if (acceptWord("interval")) {
        throw SqlException.unsupported("SET TIME ZONE INTERVAL");
      }
      return new SessionCommand.Set("timezone", List.of(value()), local);
    }
    if (acceptWord("names")) {
      if (acceptWord("default")) {
        return new SessionCommand.Set("client_encoding", null, local);
      }
      return new SessionCommand.Set("client_encoding", List.of(value()), local);
    }
    if (acceptWord("schema")) {
      Token t = next();
      if (t == null || t.kind() != Token.Kind.STRING) {
        throw syntax("expected a string after SET SCHEMA");
      }
      return new SessionCommand.Set(
          "search_path",
          List.of(new SessionCommand.Value(t.value(), SessionCommand.Value.Kind.STRING)),
          local);
    }
    String name = name();
    if (!acceptWord("to") && !acceptOperator("=")) {
      throw syntax("expected TO or = after the parameter name");
    }
    if (acceptWord("default")) {
      return new SessionCommand.Set(name, null, local);
    }
    List<SessionCommand.Value> values = new ArrayList<>();
    do {
      values.add(value());
    } while (acceptPunct(','));
    return new SessionCommand.Set(name, values, local);
  }

  private SessionCommand reset() {
    if (acceptWord("all")) {
      return new SessionCommand.Reset(null);
    }
    if (acceptWord("time")) {
      expectWord("zone");
      return new SessionCommand.Reset("timezone");
    }
    if (acceptWord("role")) {
      return new SessionCommand.NoOp("RESET");
    }
    if (acceptWord("session")) {
      expectWord("authorization");
      return new SessionCommand.NoOp("RESET");
    }
    return new SessionCommand.Reset(name());
  }

  private SessionCommand show() {
    if (acceptWord("all")) {
      return new SessionCommand.Show(null);
    }
    if (acceptWord("time")) {
      expectWord("zone");
      return new SessionCommand.Show("timezone");
    }
    if (acceptWord("transaction")) {
      expectWord("isolation");
      expectWord("level");
      return new SessionCommand.Show("transaction_isolation");
    }
    if (acceptWord("session")) {
      expectWord("authorization");
      return new SessionCommand.Show("session_authorization");
    }
    return new SessionCommand.Show(name());
  }

  private SessionCommand discard() {
    for (String what : List.of("all", "plans", "sequences", "temp", "temporary")) {
      if (acceptWord(what)) {
        String w = what.equals("temporary") ? "TEMP" : what.toUpperCase(Locale.ROOT);
        return new SessionCommand.Discard(w);
      }
    }
    throw syntax("expected ALL, PLANS, SEQUENCES or TEMP after DISCARD");
  }

  /** A parameter name: identifiers joined by dots (custom settings look like "app.x"). */
  private String name() {
    StringBuilder sb = new StringBuilder(identifier());
    while (acceptPunct('.')) {
      sb.append('.').append(identifier());
    }
    return sb.toString();
  }

  private String identifier() {
    Token t = next();
    if (t == null) {
      throw syntax("expected a parameter name");
    }
    return switch (t.kind()) {
      case WORD -> t.text().toLowerCase(Locale.ROOT);
      case QUOTED_IDENTIFIER -> t.value();
      default -> throw syntax("expected a parameter name");
    };
  }

  private SessionCommand.Value value() {
    Token t = next();
    if (t == null) {
      throw syntax("expected a value");
    }
    return switch (t.kind()) {
      case STRING -> new SessionCommand.Value(t.value(), SessionCommand.Value.Kind.STRING);
      case QUOTED_IDENTIFIER ->
          new SessionCommand.Value(t.value(), SessionCommand.Value.Kind.QUOTED);
      case WORD ->
          new SessionCommand.Value(
              t.text().toLowerCase(Locale.ROOT), SessionCommand.Value.Kind.WORD);
      case NUMBER -> new SessionCommand.Value(t.text(), SessionCommand.Value.Kind.NUMBER);
      case OPERATOR -> {
        Token num = next();
        if ((t.text().equals("-") || t.text().equals("+"))
            && num != null
            && num.kind() == Token.Kind.NUMBER) {
          yield new SessionCommand.Value(
              (t.text().equals("-") ? "-" : "") + num.text(), SessionCommand.Value.Kind.NUMBER);
        }
        throw syntax("unexpected \"" + t.text() + "\"");
      }
      default -> throw syntax("unexpected \"" + t.text() + "\"");
    };
  }

  private void skipRest() {
    while (i < tokens.size() && !tokens.get(i).isPunctuation(';')) {
      i++;
    }
  }

  private Token next() {
    return i < tokens.size() ? tokens.get(i++) : null;
  }

  private boolean peekWord(String w) {
    return i < tokens.size() && tokens.get(i).isKeyword(w);
  }

  private boolean acceptWord(String w) {
    if (peekWord(w)) {
      i++;
      return true;
    }
    return false;
  }

  private void expectWord(String w) {
    if (!acceptWord(w)) {
      throw syntax("expected " + w.toUpperCase(Locale.ROOT));
    }
  }

  private boolean acceptPunct(char c) {
    if (i < tokens.size() && tokens.get(i).isPunctuation(c)) {
      i++;
      return true;
    }
    return false;
  }

  private boolean acceptOperator(String op) {
    if (i < tokens.size() && tokens.get(i).isOperator(op)) {
      i++;
      return true;
    }
    return false;
  }

  private void expectEnd() {
    if (i < tokens.size()) {
      throw syntax("unexpected \"" + tokens.get(i).text() + "\"");
    }
  }

  private static SqlException syntax(String message) {
    return SqlException.syntax("syntax error: " + message);
  }
}
