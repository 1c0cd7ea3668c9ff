/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import io.rhizome.node.functions.SqlFunction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Postgres' string functions that SQLite lacks, under their Postgres names, with Postgres' results
 * ({@code split_part}, {@code regexp_replace}, {@code lpad}, {@code rpad}, {@code repeat}, {@code
 * initcap}, {@code md5}). ({@code reverse} is the name of a function of sqlite-jdbc's C extension
 * the lockdown refuses by name.) They run as SQLite functions of the tenant's connection, so a
 * statement that calls them needs no translation. NULL in, NULL out, as in Postgres.
 */
final class TextFunctions {
  private TextFunctions() {}

  /** Longest string {@code repeat}, {@code lpad} and {@code rpad} make: Postgres' limit (1 GB). */
  static final int MAX_LENGTH = 1 << 30;

  static void addTo(List<SqlFunction> f, Map<String, Pattern> patterns) {
    f.add(scalar("split_part", 3, a -> splitPart(str(a[0]), str(a[1]), lng(a[2]))));
    f.add(scalar("regexp_replace", 3, a -> regexpReplace(patterns, a[0], a[1], a[2], null)));
    f.add(scalar("regexp_replace", 4, a -> regexpReplace(patterns, a[0], a[1], a[2], a[3])));
    f.add(scalar("lpad", 2, a -> pad(str(a[0]), a[1], " ", true)));
    f.add(scalar("lpad", 3, a -> pad(str(a[0]), a[1], str(a[2]), true)));
    f.add(scalar("rpad", 2, a -> pad(str(a[0]), a[1], " ", false)));
    f.add(scalar("rpad", 3, a -> pad(str(a[0]), a[1], str(a[2]), false)));
    f.add(scalar("repeat", 2, a -> repeat(str(a[0]), a[1])));
    f.add(scalar("initcap", 1, a -> a[0] == null ? null : initcap(str(a[0]))));
    f.add(scalar("md5", 1, a -> a[0] == null ? null : md5(str(a[0]))));
  }

  private static SqlFunction scalar(String name, int arity, SqlFunction.ScalarBody body) {
    return new SqlFunction.Scalar(name, arity, true, body);
  }

  private static String str(Object v) {
    return v == null ? null : PgArrays.text(v);
  }

  private static Long lng(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(str(v).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid input syntax for type integer: \"" + str(v) + "\"");
    }
  }

  /** {@code split_part(s, delimiter, n)}: the n-th field (from the end when n is negative). */
  static String splitPart(String s, String delimiter, Long n) {
    if (s == null || delimiter == null || n == null) {
      return null;
    }
    if (n == 0) {
      throw new IllegalArgumentException("field position must not be zero");
    }
    List<String> fields =
        delimiter.isEmpty() ? List.of(s) : List.of(s.split(Pattern.quote(delimiter), -1));
    long index = n > 0 ? n - 1 : fields.size() + n;
    return index < 0 || index >= fields.size() ? "" : fields.get((int) index);
  }

  /**
   * {@code regexp_replace(s, pattern, replacement [, flags])}: the first match replaced, every
   * match with flag {@code g}, case-insensitively with {@code i}; {@code \1} in the replacement is
   * a group, {@code \&} the whole match.
   */
  static String regexpReplace(
      Map<String, Pattern> patterns, Object s, Object pattern, Object replacement, Object flags) {
    if (s == null || pattern == null || replacement == null) {
      return null;
    }
    String f = flags == null ? "" : str(flags);
    for (char c : f.toCharArray()) {
      if (c != 'g' && c != 'i' && c != 'c') {
        throw new IllegalArgumentException("invalid regular expression option: \"" + c + "\"");
      }
    }
    Pattern p = compile(patterns, str(pattern), f.indexOf('i') > f.lastIndexOf('c'));
    Matcher m = p.matcher(str(s));
    String r = javaReplacement(str(replacement));
    return f.contains("g") ? m.replaceAll(r) : m.replaceFirst(r);
  }

  private static Pattern compile(Map<String, Pattern> patterns, String regex, boolean ignoreCase) {
    String key = (ignoreCase ? "i/" : "/") + regex;
    synchronized (patterns) {
      Pattern p = patterns.get(key);
      if (p == null) {
        try {
          p =
              Pattern.compile(
                  regex, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
        }
        patterns.put(key, p);
      }
      return p;
    }
  }

  /** Postgres' replacement text ({@code \1}, {@code \&}, {@code \\}) in Java's ({@code $1}...). */
  private static String javaReplacement(String r) {
    StringBuilder out = new StringBuilder(r.length());
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '\\' && i + 1 < r.length()) {
        char n = r.charAt(++i);
        if (n >= '1' && n <= '9') {
          out.append('$').append(n);
        } else if (n == '&') {
          out.append("$0");
        } else {
          out.append(Matcher.quoteReplacement(String.valueOf(n)));
        }
      } else {
        out.append(Matcher.quoteReplacement(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  /** {@code lpad}/{@code rpad}: filled to the length with the fill, or cut to it. */
  static String pad(String s, Object lengthArg, String fill, boolean left) {
    Long length = lng(lengthArg);
    if (s == null || length == null || fill == null) {
      return null;
    }
    int[] cps = s.codePoints().toArray();
    if (length <= 0) {
      return "";
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("requested length too large");
    }
    if (cps.length >= length || fill.isEmpty()) {
      return new String(cps, 0, (int) Math.min(cps.length, length));
    }
    int[] fillCps = fill.codePoints().toArray();
    StringBuilder padding = new StringBuilder();
    for (int k = 0; k < length - cps.length; k++) {
      padding.appendCodePoint(fillCps[k % fillCps.length]);
    }
    return left ? padding + s : s + padding;
  }

  static String repeat(String s, Object countArg) {
    Long count = lng(countArg);
    if (s == null || count == null) {
      return null;
    }
    if (count <= 0) {
      return "";
    }
    if (s.length() * count > MAX_LENGTH) {
      throw new IllegalArgumentException("requested length too large");
    }
    return s.repeat(count.intValue());
  }

  /** The first letter of each word upper case, the rest lower case (words: letters and digits). */
  static String initcap(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean inWord = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
      inWord = Character.isLetterOrDigit(cp);
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  static String md5(String s) {
    try {
      MessageDigest d = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(d.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
