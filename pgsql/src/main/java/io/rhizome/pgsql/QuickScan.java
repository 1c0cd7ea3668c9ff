/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/**
 * The cheap test every statement passes before anything else: one pass over its characters, no
 * tokens, no allocation, looking for what a translation could change. Most statements an
 * application sends ({@code SELECT v FROM kv WHERE k = $1}) hold none of it and go to the node as
 * written.
 *
 * <p>What it looks for: Postgres-only syntax ({@code ::}, {@code ~}, {@code E'...'}, dollar
 * quotes), which is {@link Signal#SYNTAX}, and words a rule applies to (schema names, {@code pg_*},
 * session functions, {@code ANY}, {@code ARRAY}, ...), which is {@link Signal#WORDS}: such a word
 * is also a fine SQLite identifier, so a statement with words only that Rhizome cannot read is left
 * for SQLite to judge. Strings and comments are skipped; quoted identifiers count as words.
 */
public final class QuickScan {
  private QuickScan() {}

  /** What a statement holds, strongest first. */
  public enum Signal {
    /** Syntax only Postgres reads: the statement must be translated or refused. */
    SYNTAX,
    /** Words a translation rule applies to. */
    WORDS,
    /** Nothing: the statement runs as written. */
    NONE
  }

  /** Trigger words by lower-case first letter; an entry ending in '*' is a prefix. */
  private static final String[][] WORDS = new String[26][];

  static {
    put('a', "any", "all", "array*");
    put('b', "bool_and", "bool_or", "btrim");
    put(
        'c',
        "collate",
        "current_schema",
        "current_schemas",
        "current_user",
        "current_role",
        "current_catalog",
        "current_database",
        "current_setting",
        "col_description",
        "char_length",
        "character_length");
    put('e', "every", "extract", "escape");
    put('f', "format_type", "fetch");
    put('g', "generate_series", "generate_subscripts", "greatest");
    put('h', "has_*");
    put('i', "information_schema", "ilike", "interval");
    put('j', "json_build_object", "json_build_array", "json_agg", "jsonb*");
    put('l', "lateral", "least", "localtime", "localtimestamp");
    put('o', "operator", "obj_description", "overlay");
    put('p', "pg_*", "public", "position");
    put('q', "quote_ident", "quote_literal", "quote_nullable");
    put(
        's',
        "some",
        "session_user",
        "set_config",
        "similar",
        "shobj_description",
        "strpos",
        "substring");
    put('t', "to_reg*", "trim");
    put('u', "unnest");
    put('v', "version");
  }

  private static void put(char first, String... words) {
    WORDS[first - 'a'] = words;
  }

  /** The strongest signal in {@code sql}. */
  public static Signal scan(String sql) {
    Signal found = Signal.NONE;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        i = Lexer.quoted(sql, i, '\'');
      } else if (c == '"') {
        int end = Lexer.quoted(sql, i, '"');
        if (found == Signal.NONE && isTriggerWord(sql, i + 1, Math.max(i + 1, end - 1))) {
          found = Signal.WORDS;
        }
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = Lexer.flatCommentEnd(sql, i);
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        return Signal.SYNTAX;
      } else if (c == '~') {
        return Signal.SYNTAX;
      } else if (c == '$') {
        if (i + 1 < n
            && (sql.charAt(i + 1) == '$' || Character.isLetter(sql.charAt(i + 1)))
            && (i == 0 || !isWordChar(sql.charAt(i - 1)))
            && Lexer.dollarTagEnd(sql, i) > 0) {
          return Signal.SYNTAX;
        }
        i++;
      } else if (c < 0x80 ? isAsciiWordStart(c) : Lexer.isWordChar(c)) {
        int end = i + 1;
        while (end < n && isWordChar(sql.charAt(end))) {
          end++;
        }
        if (end < n && sql.charAt(end) == '\'' && end - i <= 2 && isStringPrefix(sql, i, end)) {
          return Signal.SYNTAX; // E'..', U&'..' (U then &), B'..', N'..'
        }
        if (found == Signal.NONE && isTriggerWord(sql, i, end)) {
          found = Signal.WORDS;
        }
        i = end;
      } else if (c >= '0' && c <= '9') {
        // A number (or a number-led SQLite identifier such as 1abc): not a word to look up.
        while (i < n && isWordChar(sql.charAt(i))) {
          i++;
        }
      } else {
        i++;
      }
    }
    return found;
  }

  private static boolean isStringPrefix(String sql, int start, int end) {
    char c = Character.toUpperCase(sql.charAt(start));
    return end - start == 1 && (c == 'E' || c == 'B' || c == 'N');
  }

  private static boolean isTriggerWord(String sql, int start, int end) {
    int len = end - start;
    if (len < 3) {
      return false;
    }
    char first = Character.toLowerCase(sql.charAt(start));
    if (first < 'a' || first > 'z') {
      return false;
    }
    String[] candidates = WORDS[first - 'a'];
    if (candidates == null) {
      return false;
    }
    for (String w : candidates) {
      boolean prefix = w.charAt(w.length() - 1) == '*';
      int wl = prefix ? w.length() - 1 : w.length();
      if (prefix ? len >= wl : len == wl) {
        if (sql.regionMatches(true, start, w, 0, wl)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAsciiWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '$'
        || (c >= 0x80 && Lexer.isWordChar(c));
  }
}
