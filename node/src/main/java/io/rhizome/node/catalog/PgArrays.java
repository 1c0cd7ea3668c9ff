/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Arrays in Postgres' text form, which is how the catalog stores them: {@code {a,"b c",NULL}} for
 * one-dimensional arrays (subscripts from 1) and {@code 1 2 3} for {@code int2vector} and {@code
 * oidvector} (subscripts from 0). Elements are strings; a JSON rendering turns those that are
 * integers unquoted into numbers, so they compare as numbers in SQL.
 */
final class PgArrays {
  private PgArrays() {}

  /** The elements of an array value (null elements as null); an empty list for {@code {}}. */
  static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    String s = text.strip();
    if (!s.startsWith("{")) {
      // int2vector / oidvector: space-separated
      for (String part : s.split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
      return out;
    }
    int i = 1;
    int n = s.endsWith("}") ? s.length() - 1 : s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ',' || Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '{') {
        throw new IllegalArgumentException("multidimensional arrays are not supported");
      }
      StringBuilder e = new StringBuilder();
      if (c == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          e.append(s.charAt(i++));
        }
        i++;
        out.add(e.toString());
      } else {
        while (i < n && s.charAt(i) != ',') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          e.append(s.charAt(i++));
        }
        String v = e.toString().strip();
        out.add(v.equalsIgnoreCase("NULL") ? null : v);
      }
    }
    return out;
  }

  /** Whether the value is in the vector form (subscripts from 0). */
  static boolean isVector(String text) {
    return !text.strip().startsWith("{");
  }

  /** The text form of an array of these elements. */
  static String format(List<?> elements) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      Object e = elements.get(i);
      sb.append(e == null ? "NULL" : element(text(e)));
    }
    return sb.append('}').toString();
  }

  /** A value as its array element text (integers and reals as SQLite prints them). */
  static String text(Object value) {
    if (value instanceof byte[] b) {
      StringBuilder hex = new StringBuilder("\\x");
      for (byte x : b) {
        hex.append(String.format("%02x", x & 0xff));
      }
      return hex.toString();
    }
    return value.toString();
  }

  private static String element(String s) {
    boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote =
          c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
    }
    if (!quote) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The elements as a JSON array: integers as numbers, the rest as strings. */
  static String json(String text) {
    List<String> elements = parse(text);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      String e = elements.get(i);
      if (e == null) {
        sb.append("null");
      } else if (isInteger(e)) {
        sb.append(e);
      } else {
        sb.append(PgStatic.quote(e));
      }
    }
    return sb.append(']').toString();
  }

  private static boolean isInteger(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    int start = s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return !(s.length() > start + 1 && s.charAt(start) == '0');
  }

  /** The element at Postgres subscript {@code index}, or null. */
  static String get(String text, long index) {
    List<String> e = parse(text);
    long i = isVector(text) ? index : index - 1;
    return i < 0 || i >= e.size() ? null : e.get((int) i);
  }

  static long lower(String text) {
    return isVector(text) ? 0 : 1;
  }

  static boolean isTrue(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1" -> true;
      default -> false;
    };
  }
}
