/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

/**
 * The cheap test every statement passes before anything else: one pass over its characters, no
 * tokens, no allocation, looking for what a translation could change. Most statements an
 * application sends ({@code SELECT v FROM kv WHERE k = $1}) hold none of it and go to the node as
 * written.
 *
 * <p>What it looks for: Postgres-only syntax ({@code ::}, {@code ~}, {@code E'...'}, dollar quotes,
 * jsonb's {@code #>}, {@code @>}, {@code ?}; word pairs such as {@code DISTINCT ON} and {@code FOR
 * UPDATE}; the advisory lock functions), which is {@link Signal#SYNTAX}: such a statement is
 * translated or refused with 0A000 naming the construct, never left to SQLite's syntax error or
 * unknown function; and words a rule applies to (schema names, {@code pg_*}, session functions,
 * {@code ANY}, {@code ARRAY}, ...), which is {@link Signal#WORDS}: such a word is also a fine
 * SQLite identifier, so a statement with words only that Rhizome cannot read is left for SQLite to
 * judge. Strings and comments are skipped; quoted identifiers count as words.
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
        "current_timestamp",
        "current_time",
        "currval",
        "clock_timestamp",
        "current_schemas",
        "current_user",
        "current_role",
        "current_catalog",
        "current_database",
        "current_setting",
        "col_description",
        "char_length",
        "character_length");
    put('d', "default");
    put('e', "every", "extract", "escape");
    put('f', "format_type", "fetch");
    put('g', "generate_series", "generate_subscripts", "greatest", "gen_random_uuid");
    put('h', "has_*");
    put('i', "information_schema", "ilike", "interval");
    put('j', "json_build_object", "json_build_array", "json_agg", "jsonb*");
    put('l', "lateral", "least", "localtime", "localtimestamp", "lastval");
    put('n', "now", "nextval");
    put('o', "operator", "obj_description", "overlay");
    put('p', "pg_*", "public", "position");
    put('q', "quote_ident", "quote_literal", "quote_nullable");
    put(
        's',
        "some",
        "session_user",
        "set_config",
        "setval",
        "statement_timestamp",
        "similar",
        "shobj_description",
        "strpos",
        "substring");
    put('t', "to_reg*", "trim", "transaction_timestamp");
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
      } else if ((c == '#' || c == '@' || c == '?' || c == '<') && isJsonOperator(sql, i)) {
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
        if (isPostgresOnly(sql, i, end)) {
          return Signal.SYNTAX; // DISTINCT ON, FOR UPDATE, pg_advisory_lock(...), ...
        }
        if (isTypedLiteral(sql, i, end)) {
          return Signal.SYNTAX; // date '2024-01-31', timestamp '...', time '...'
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

  /**
   * Whether {@code sql} has the word {@code lowerWord} (ASCII, lower case) outside strings and
   * comments, as a word of its own.
   */
  public static boolean hasWord(String sql, String lowerWord) {
    int n = sql.length();
    int len = lowerWord.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = Lexer.quoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = Lexer.flatCommentEnd(sql, i);
      } else if (isWordChar(c)) {
        int end = i + 1;
        while (end < n && isWordChar(sql.charAt(end))) {
          end++;
        }
        if (end - i == len && sql.regionMatches(true, i, lowerWord, 0, len)) {
          return true;
        }
        i = end;
      } else {
        i++;
      }
    }
    return false;
  }

  /**
   * Whether the word, with the word after it, is a construct only Postgres has, which Rhizome must
   * translate or refuse by name (0A000) rather than leave to SQLite's syntax error: {@code DISTINCT
   * ON}, {@code SIMILAR TO}, {@code FOR UPDATE|SHARE|NO KEY UPDATE|KEY SHARE}, {@code ON CONFLICT
   * ON CONSTRAINT}; or an advisory lock or notification function ({@code pg_advisory_*}, {@code
   * pg_try_advisory_*}, {@code pg_notify}), which SQLite would call an unknown function. Only words
   * of these lengths and first letters are compared further.
   */
  private static boolean isPostgresOnly(String sql, int start, int end) {
    int len = end - start;
    char first = (char) (sql.charAt(start) | 0x20);
    return switch (len) {
      case 2 ->
          first == 'o'
              && (sql.charAt(start + 1) | 0x20) == 'n'
              && nextWordIs(sql, end, "constraint");
      case 3 ->
          first == 'f'
              && sql.regionMatches(true, start, "for", 0, 3)
              && (nextWordIs(sql, end, "update")
                  || nextWordIs(sql, end, "share")
                  || nextWordIs(sql, end, "no")
                  || nextWordIs(sql, end, "key"));
      case 7 ->
          first == 's'
              && sql.regionMatches(true, start, "similar", 0, 7)
              && nextWordIs(sql, end, "to");
      case 8 ->
          first == 'd'
              && sql.regionMatches(true, start, "distinct", 0, 8)
              && nextWordIs(sql, end, "on");
      default ->
          first == 'p'
              && (len > 12 && sql.regionMatches(true, start, "pg_advisory_", 0, 12)
                  || len > 16 && sql.regionMatches(true, start, "pg_try_advisory_", 0, 16)
                  || len == 9 && sql.regionMatches(true, start, "pg_notify", 0, 9));
    };
  }

  /** Whether the next word after {@code from}, past blanks, is {@code lowerWord} (whole). */
  private static boolean nextWordIs(String sql, int from, String lowerWord) {
    int n = sql.length();
    int k = from;
    while (k < n && Character.isWhitespace(sql.charAt(k))) {
      k++;
    }
    int len = lowerWord.length();
    return k + len <= n
        && sql.regionMatches(true, k, lowerWord, 0, len)
        && (k + len == n || !isWordChar(sql.charAt(k + len)));
  }

  /**
   * Whether the character at {@code i} starts one of jsonb's operators, which SQLite reads as a
   * syntax error (or, for {@code ?}, as a parameter): {@code #>}, {@code #>>}, {@code @>}, {@code
   * <@}, and {@code ?}, {@code ?|}, {@code ?&} before a string or ARRAY (a parameter {@code ?} is
   * never followed by a string).
   */
  private static boolean isJsonOperator(String sql, int i) {
    int n = sql.length();
    if (i + 1 >= n) {
      return false;
    }
    char c = sql.charAt(i);
    char next = sql.charAt(i + 1);
    return switch (c) {
      case '#', '@' -> next == '>';
      case '<' ->
          next == '@'
              && i + 2 < n
              && (sql.charAt(i + 2) == '\'' || Character.isWhitespace(sql.charAt(i + 2)));
      default -> {
        int k = next == '|' || next == '&' ? i + 2 : i + 1;
        while (k < n && Character.isWhitespace(sql.charAt(k))) {
          k++;
        }
        yield k < n
            && (sql.charAt(k) == '\''
                || (next == '|' || next == '&') && nextWordIs(sql, k, "array"));
      }
    };
  }

  /**
   * Whether the word is date, time, timestamp or interval followed by a string: a typed literal.
   */
  private static boolean isTypedLiteral(String sql, int start, int end) {
    int len = end - start;
    boolean typeName =
        switch (len) {
          case 4 ->
              sql.regionMatches(true, start, "date", 0, 4)
                  || sql.regionMatches(true, start, "time", 0, 4);
          case 8 -> sql.regionMatches(true, start, "interval", 0, 8);
          case 9 -> sql.regionMatches(true, start, "timestamp", 0, 9);
          default -> false;
        };
    if (!typeName) {
      return false;
    }
    int k = end;
    while (k < sql.length() && (sql.charAt(k) == ' ' || sql.charAt(k) == '\t')) {
      k++;
    }
    return k > end && k < sql.length() && sql.charAt(k) == '\'';
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
