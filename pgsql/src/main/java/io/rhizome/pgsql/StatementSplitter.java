/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at top-level semicolons. Semicolons inside
 * constants, quoted identifiers and comments do not split (in either dialect: '…', E'…' with
 * backslash escapes, $tag$…$tag$, "…", `…`, […]), nor do those inside the BEGIN … END body of a
 * CREATE TRIGGER (where CASE … END expressions may appear too). Statements holding nothing but
 * whitespace and comments are dropped, so {@code "SELECT 1;;"} is one statement and {@code " --
 * nothing"} none.
 *
 * <p>This runs on every simple Query, so it scans characters and builds no tokens.
 */
public final class StatementSplitter {
  private StatementSplitter() {}

  /** The statements of {@code sql}, trimmed, without their terminating semicolons. */
  public static List<String> split(String sql) {
    List<String> statements = new ArrayList<>(1);
    int n = sql.length();
    int start = 0;
    State state = new State();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ';') {
        if (!state.inBody) {
          if (state.words > 0 || state.content) {
            statements.add(sql.substring(start, i).strip());
          }
          start = i + 1;
          state.reset();
        }
        i++;
      } else if (c <= ' ' || Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = Lexer.flatCommentEnd(sql, i);
      } else if (c == '\'') {
        state.content = true;
        i = Lexer.quoted(sql, i, '\'');
      } else if (c == '"' || c == '`') {
        state.content = true;
        i = Lexer.quoted(sql, i, c);
      } else if (c == '[') {
        state.content = true;
        int close = sql.indexOf(']', i + 1);
        i = close < 0 ? n : close + 1;
      } else if ((c == 'E' || c == 'e')
          && i + 1 < n
          && sql.charAt(i + 1) == '\''
          && (i == 0 || !isWordOrDigit(sql.charAt(i - 1)))) {
        state.content = true;
        i = Lexer.escapedQuoted(sql, i + 1);
      } else if (c == '$'
          && (i == 0 || !isWordOrDigit(sql.charAt(i - 1)))
          && Lexer.dollarTagEnd(sql, i) > 0) {
        state.content = true;
        i = Lexer.dollarQuoted(sql, i);
      } else if (Lexer.isWordChar(c)) {
        int end = i + 1;
        while (end < n && isWordOrDigit(sql.charAt(end))) {
          end++;
        }
        state.word(sql, i, end);
        i = end;
      } else {
        state.content = true;
        i++;
      }
    }
    if (state.words > 0 || state.content) {
      statements.add(sql.substring(start).strip());
    }
    return statements;
  }

  private static boolean isWordOrDigit(char c) {
    return Lexer.isWordChar(c) || Lexer.isDigit(c);
  }

  /** What the splitter needs to know about the statement being read. */
  private static final class State {
    int words;
    boolean content;
    boolean trigger;
    boolean inBody;
    int caseDepth;
    boolean firstIsCreate;
    boolean temporary;

    void reset() {
      words = 0;
      content = false;
      trigger = false;
      inBody = false;
      caseDepth = 0;
      firstIsCreate = false;
      temporary = false;
    }

    void word(String sql, int start, int end) {
      words++;
      if (words <= 3 && !trigger) {
        trigger = startsCreateTrigger(sql, start, end);
        return;
      }
      if (!trigger) {
        return;
      }
      if (!inBody) {
        inBody = is(sql, start, end, "BEGIN");
      } else if (is(sql, start, end, "CASE")) {
        caseDepth++;
      } else if (is(sql, start, end, "END")) {
        if (caseDepth > 0) {
          caseDepth--;
        } else {
          inBody = false;
          trigger = false; // the body is over; the next ';' ends the statement
        }
      }
    }

    /** CREATE [TEMP|TEMPORARY] TRIGGER, seen one word at a time. */
    private boolean startsCreateTrigger(String sql, int start, int end) {
      switch (words) {
        case 1 -> firstIsCreate = is(sql, start, end, "CREATE");
        case 2 -> {
          if (firstIsCreate && (is(sql, start, end, "TEMP") || is(sql, start, end, "TEMPORARY"))) {
            temporary = true;
            return false;
          }
          return firstIsCreate && is(sql, start, end, "TRIGGER");
        }
        default -> {
          return firstIsCreate && temporary && is(sql, start, end, "TRIGGER");
        }
      }
      return false;
    }

    private static boolean is(String sql, int start, int end, String keyword) {
      return end - start == keyword.length()
          && sql.regionMatches(true, start, keyword, 0, end - start);
    }
  }
}
