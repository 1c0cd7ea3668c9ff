/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.Dialect;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.List;
import java.util.Optional;

/**
 * Gives a query that otherwise runs as written the output column names Postgres would give it.
 * SQLite names an unaliased expression by its text ({@code count(*)}) and keeps an unquoted alias
 * as written ({@code AS Total}); Postgres says {@code count} and {@code total}, and a client that
 * reads columns by name (node-postgres' row objects, knex's {@code count()}, JDBC's {@code
 * getLong("count")}) finds nothing under SQLite's names. Only names change: each such output column
 * of the outermost SELECT gets a quoted label, nothing else of the text is touched.
 *
 * <p>A label is left out where it could change what the query means: SQLite resolves a bare name in
 * ORDER BY (and as a last resort elsewhere) to an output column's label, so an expression whose
 * name appears as a bare identifier anywhere else in the statement keeps SQLite's name. Columns of
 * a subquery in FROM or of a CTE keep theirs too ({@code SELECT * FROM (SELECT count(*) FROM t)}).
 */
final class OutputLabels {
  private OutputLabels() {}

  /** Words that start an expression Postgres names otherwise than SQLite does. */
  private static final String[] EXPRESSION_WORDS = {
    "null", "true", "false", "not", "case", "cast", "exists"
  };

  /**
   * Whether a statement starting with SELECT may have an output column SQLite names otherwise than
   * Postgres: one pass over its output list, without tokens. A list of column references (with
   * lower-case aliases) is the common case and needs no parse; the test may say yes where the
   * labels turn out to change nothing.
   */
  static boolean mayNeedLabels(String sql) {
    int n = sql.length();
    int i = skipSpace(sql, 0);
    if (!sql.regionMatches(true, i, "select", 0, 6)) {
      return true; // WITH, a parenthesized query: parse
    }
    i += 6;
    boolean afterWord = false; // the previous token was a name or AS: a word now is an alias
    while (true) {
      i = skipSpace(sql, i);
      if (i >= n) {
        return false;
      }
      char c = sql.charAt(i);
      if (c == '"') {
        int close = sql.indexOf('"', i + 1);
        while (close > 0 && close + 1 < n && sql.charAt(close + 1) == '"') {
          close = sql.indexOf('"', close + 2);
        }
        if (close < 0) {
          return true;
        }
        i = close + 1;
        afterWord = true;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        boolean upper = false;
        while (end < n && isWordChar(sql.charAt(end))) {
          upper |= Character.isUpperCase(sql.charAt(end));
          end++;
        }
        int start = i;
        i = end;
        if (isWord(sql, start, end, "from") || isWord(sql, start, end, "where")) {
          return false;
        }
        if (isWord(sql, start, end, "as")) {
          afterWord = true;
          continue;
        }
        if (afterWord && upper) {
          return true;
        }
        for (String w : EXPRESSION_WORDS) {
          if (isWord(sql, start, end, w)) {
            return true;
          }
        }
        afterWord = !(isWord(sql, start, end, "distinct") || isWord(sql, start, end, "all"));
      } else if (c == ',' || c == '.' || c == '*') {
        afterWord = false;
        i++;
      } else {
        // '(', a literal, an operator, a comment, the end of the statement: leave it to the parse.
        return c != ';';
      }
    }
  }

  private static boolean isWord(String sql, int start, int end, String word) {
    return end - start == word.length() && sql.regionMatches(true, start, word, 0, word.length());
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static int skipSpace(String sql, int i) {
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The statement with Postgres' labels on its output columns, or empty where none changes. */
  static Optional<String> of(String sql) {
    if (!mayNeedLabels(sql)) {
      return Optional.empty();
    }
    Query query;
    try {
      query = Parser.parseQuery(sql);
    } catch (RuntimeException e) {
      // SqlException (SQLite's own syntax, which Rhizome does not read) or a parser's bug alike:
      // SQLite names the columns, as before.
      return Optional.empty();
    }
    return of(sql, query);
  }

  /** As {@link #of(String)}, for a query already parsed. */
  static Optional<String> of(String sql, Query query) {
    Query.Select select = outermost(query);
    if (select == null) {
      return Optional.empty();
    }
    Edits edits = new Edits(sql);
    List<Token> tokens = null; // lexed only for a label to check
    for (Query.Target t : select.targets()) {
      if (t.alias() != null) {
        String written = sql.substring(t.aliasStart(), t.end());
        char first = written.charAt(0);
        if (first != '"' && first != '`' && first != '[' && !written.equals(t.alias())) {
          edits.replace(t.aliasStart(), t.end(), Strings.identifier(t.alias()));
        }
        continue;
      }
      String name = namesByText(t.expr()) ? ColumnNames.of(t.expr()) : null;
      if (name == null) {
        continue;
      }
      if (tokens == null) {
        tokens = Lexer.significant(sql, Dialect.SQLITE);
      }
      if (!referencedElsewhere(tokens, name, t)) {
        edits.insert(t.end(), " AS " + Strings.identifier(name));
      }
    }
    return edits.isEmpty() ? Optional.empty() : Optional.of(edits.apply());
  }

  /**
   * Whether SQLite names this output column by its text: every expression but a column reference,
   * which it names by the column also inside parentheses and COLLATE, as Postgres does.
   */
  private static boolean namesByText(Expr e) {
    while (true) {
      if (e instanceof Expr.Paren p) {
        e = p.inner();
      } else if (e instanceof Expr.Collate c) {
        e = c.operand();
      } else {
        return !(e instanceof Expr.ColumnRef);
      }
    }
  }

  /** The SELECT whose output columns are the query's: the first of a set operation's. */
  private static Query.Select outermost(Query q) {
    while (true) {
      if (q instanceof Query.Select s) {
        return s;
      } else if (q instanceof Query.SetOperation op) {
        q = op.left();
      } else if (q instanceof Query.Parenthesized p) {
        q = p.inner();
      } else {
        return null; // VALUES: column1, column2, ... on both sides
      }
    }
  }

  /** Whether {@code name} stands as a bare identifier (not a function's) outside the target. */
  private static boolean referencedElsewhere(List<Token> tokens, String name, Query.Target t) {
    for (int k = 0; k < tokens.size(); k++) {
      Token token = tokens.get(k);
      if (token.start() >= t.start() && token.end() <= t.end()) {
        continue;
      }
      boolean named =
          (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER)
              && token.value().equalsIgnoreCase(name);
      boolean call = k + 1 < tokens.size() && tokens.get(k + 1).isPunctuation('(');
      if (named && !call) {
        return true;
      }
    }
    return false;
  }
}
