/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import io.rhizome.pgsql.session.SessionCommand;
import io.rhizome.pgsql.session.SessionParser;
import io.rhizome.pgsql.sqlite.Translation;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, once per statement, what becomes of it: answered by the gateway ({@link Session}), run
 * as a COPY ({@link Copy}), run as the client wrote it ({@link PassThrough}), run as translated
 * ({@link Translated}), or refused ({@link Refused}).
 *
 * <p>The order keeps the common case cheap: the first word decides session statements and COPY;
 * then {@link QuickScan} decides whether anything in the statement could need translation, and a
 * statement with nothing of the kind (most of what applications send) is passed through without a
 * token being built.
 */
public final class Classifier {
  private Classifier() {}

  /** What becomes of a statement. */
  public sealed interface Classification {}

  /** Run as written. */
  public record PassThrough() implements Classification {}

  /** Run this text instead. */
  public record Translated(String sql) implements Classification {}

  /**
   * Run these statements, in this order and in one transaction, in its place; answer with {@code
   * tag} (null: each statement's own).
   */
  public record Script(List<String> statements, String tag) implements Classification {
    public Script {
      statements = List.copyOf(statements);
    }
  }

  /** Answered by the gateway. */
  public record Session(SessionCommand command) implements Classification {}

  /** A COPY, driven by the gateway. */
  public record Copy() implements Classification {}

  /** Refused with this error. */
  public record Refused(SqlException error) implements Classification {}

  private static final PassThrough PASS = new PassThrough();
  private static final Copy COPY = new Copy();

  /**
   * Classifies one statement (already split from its query string).
   *
   * @param ctx the session the statement runs in, for translations that need its facts
   */
  public static Classification classify(String statement, SessionContext ctx) {
    String verb = firstWord(statement);
    if (SessionParser.VERBS.contains(verb)) {
      if (verb.equals("set")) {
        Classification constraints = setConstraints(statement);
        if (constraints != null) {
          return constraints;
        }
      }
      if (verb.equals("close") && !closesAll(statement)) {
        return PASS; // CLOSE name: SQLite's error is as good as any
      }
      try {
        return new Session(SessionParser.parse(statement));
      } catch (SqlException e) {
        return new Refused(e);
      }
    }
    if (verb.equals("copy")) {
      return COPY;
    }
    if (DDL_VERBS.contains(verb)) {
      return ddl(statement, verb, ctx);
    }
    if (TransactionControl.VERBS.contains(verb)) {
      try {
        String sqlite = TransactionControl.translate(verb, statement);
        return sqlite == null ? PASS : new Translated(sqlite);
      } catch (SqlException e) {
        return new Refused(e);
      }
    }
    String refused = REFUSED_VERBS.get(verb);
    if (refused != null) {
      return new Refused(SqlException.unsupported(refused));
    }
    QuickScan.Signal signal = QuickScan.scan(statement);
    boolean query =
        verb.equals("select") || verb.equals("with") || verb.equals("values") || verb.equals("(");
    if (signal == QuickScan.Signal.NONE
        && !(verb.equals("delete") && QuickScan.hasWord(statement, "using"))) {
      // (DELETE ... USING: a word too common in queries, JOIN ... USING, to scan every one for.)
      // VALUES names its columns column1, column2, ... in both dialects.
      return query && !verb.equals("values")
          ? Translation.withPostgresNames(statement)
              .<Classification>map(Translated::new)
              .orElse(PASS)
          : PASS;
    }
    if (verb.equals("insert") || verb.equals("update") || verb.equals("delete")) {
      try {
        return Translation.ofDml(statement, ctx).<Classification>map(Translated::new).orElse(PASS);
      } catch (SqlException e) {
        boolean sqlitesToJudge =
            e.reason() == SqlException.Reason.SYNTAX_ERROR && signal != QuickScan.Signal.SYNTAX;
        return sqlitesToJudge ? qualifiersOnly(statement) : new Refused(e);
      } catch (RuntimeException e) {
        return new Refused(
            new SqlException(
                SqlException.Reason.FEATURE_NOT_SUPPORTED, "statement could not be translated"));
      }
    }
    if (!query) {
      return qualifiersOnly(statement);
    }
    try {
      Query q = Parser.parseQuery(statement);
      Optional<SessionCommand> call = SessionParser.call(q);
      if (call.isPresent()) {
        return new Session(call.get());
      }
      Optional<String> translated = Translation.ofQuery(statement, ctx);
      return translated.<Classification>map(Translated::new).orElse(PASS);
    } catch (SqlException e) {
      // Words alone may be SQLite identifiers in a statement only SQLite reads: let SQLite judge.
      return signal == QuickScan.Signal.SYNTAX ? new Refused(e) : PASS;
    } catch (RuntimeException e) {
      return new Refused(
          new SqlException(
              SqlException.Reason.FEATURE_NOT_SUPPORTED, "statement could not be translated"));
    }
  }

  /**
   * Postgres statements Rhizome does not provide, by first word, with the construct the refusal
   * names. None is a SQLite statement, so none was ever passed through with a meaning. ({@code
   * UNLISTEN} is a session no-op: with LISTEN refused, a session listens to nothing, and drivers
   * and poolers send {@code UNLISTEN *} when they reset a connection.)
   */
  private static final java.util.Map<String, String> REFUSED_VERBS =
      java.util.Map.of(
          "lock", "LOCK TABLE",
          "listen", "LISTEN",
          "notify", "NOTIFY");

  /** First words of the statements {@link Translation#ofDdl} reads: never on a hot path. */
  private static final Set<String> DDL_VERBS =
      Set.of("create", "drop", "alter", "truncate", "vacuum", "analyze", "analyse", "comment");

  private static Classification ddl(String statement, String verb, SessionContext ctx) {
    Optional<Translation.Result> result;
    try {
      result = Translation.ofDdl(statement, verb, ctx);
    } catch (SqlException e) {
      if (e.reason() == SqlException.Reason.SYNTAX_ERROR
          && QuickScan.scan(statement) != QuickScan.Signal.SYNTAX) {
        // Nothing only Postgres reads: SQLite's own DDL (CREATE TRIGGER ..., a VIRTUAL TABLE).
        return qualifiersOnly(statement);
      }
      return new Refused(e);
    } catch (RuntimeException e) {
      return new Refused(
          new SqlException(
              SqlException.Reason.FEATURE_NOT_SUPPORTED, "statement could not be translated"));
    }
    if (result.isEmpty()) {
      return QuickScan.scan(statement) == QuickScan.Signal.NONE ? PASS : qualifiersOnly(statement);
    }
    if (result.get() instanceof Translation.Acknowledged a) {
      return new Session(new SessionCommand.NoOp(a.tag()));
    }
    Translation.Rewritten r = (Translation.Rewritten) result.get();
    if (r.statements().size() == 1 && r.tag() == null) {
      return new Translated(r.statements().get(0));
    }
    return new Script(r.statements(), r.tag());
  }

  /**
   * A statement other than a query: only its schema qualifiers are mapped ({@code public.t} to
   * {@code main.t}, {@code pg_catalog.x} to {@code x}); the rest of its dialect is SQLite's until
   * DDL and DML translation exists.
   */
  private static Classification qualifiersOnly(String statement) {
    List<Token> tokens = Lexer.tokenize(statement, Dialect.POSTGRES);
    StringBuilder out = null;
    int copied = 0;
    Token previous = null;
    for (int k = 0; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (!t.isSignificant()) {
        continue;
      }
      boolean qualifier =
          (t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.QUOTED_IDENTIFIER)
              && k + 2 < tokens.size()
              && tokens.get(k + 1).isPunctuation('.')
              && (previous == null || !previous.isPunctuation('.'));
      if (qualifier) {
        String schema = t.kind() == Token.Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : t.value();
        String replacement =
            switch (schema) {
              case "public" -> "main";
              case "pg_catalog" -> "";
              default -> null;
            };
        if (replacement != null) {
          if (out == null) {
            out = new StringBuilder(statement.length());
          }
          out.append(statement, copied, t.start()).append(replacement);
          // "pg_catalog." disappears with its dot.
          copied = replacement.isEmpty() ? tokens.get(k + 1).end() : t.end();
        }
      }
      previous = t;
    }
    if (out == null) {
      return PASS;
    }
    return new Translated(out.append(statement, copied, statement.length()).toString());
  }

  /**
   * {@code SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE}} (Django runs it): SQLite's
   * {@code PRAGMA defer_foreign_keys}, which defers every foreign key of the transaction or stops
   * deferring those not declared {@code INITIALLY DEFERRED}. Null for any other SET.
   */
  private static Classification setConstraints(String statement) {
    List<Token> t = Lexer.significant(statement, Dialect.POSTGRES);
    if (t.size() < 3 || !t.get(1).isKeyword("constraints")) {
      return null;
    }
    int last = t.size() - 1;
    if (t.get(last).isPunctuation(';')) {
      last--;
    }
    boolean deferred = t.get(last).isKeyword("deferred");
    if (!deferred && !t.get(last).isKeyword("immediate")) {
      return new Refused(SqlException.syntax("SET CONSTRAINTS needs DEFERRED or IMMEDIATE"));
    }
    return new Script(
        List.of("PRAGMA defer_foreign_keys = " + (deferred ? "ON" : "OFF")), "SET CONSTRAINTS");
  }

  private static boolean closesAll(String statement) {
    List<Token> t = Lexer.significant(statement, Dialect.POSTGRES);
    return t.size() >= 2 && t.get(1).isKeyword("all");
  }

  /** The statement's first word, lower case ("(" for a parenthesized query, "" for none). */
  static String firstWord(String sql) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = Lexer.flatCommentEnd(sql, i);
      } else if (c == '(') {
        return "(";
      } else {
        int end = i;
        while (end < n && Character.isLetter(sql.charAt(end))) {
          end++;
        }
        return sql.substring(i, end).toLowerCase(Locale.ROOT);
      }
    }
    return "";
  }
}
