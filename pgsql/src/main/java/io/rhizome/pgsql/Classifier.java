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
    if (TransactionControl.VERBS.contains(verb)) {
      try {
        String sqlite = TransactionControl.translate(verb, statement);
        return sqlite == null ? PASS : new Translated(sqlite);
      } catch (SqlException e) {
        return new Refused(e);
      }
    }
    QuickScan.Signal signal = QuickScan.scan(statement);
    if (signal == QuickScan.Signal.NONE) {
      return PASS;
    }
    boolean query =
        verb.equals("select") || verb.equals("with") || verb.equals("values") || verb.equals("(");
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
