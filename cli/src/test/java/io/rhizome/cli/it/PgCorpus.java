/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of the Postgres statement corpus ({@code src/test/resources/pg-corpus}): a header, then
 * entries separated by a line {@code --}. An entry is its directives, one per line before its SQL,
 * and the SQL (one statement, or several run as one simple query):
 *
 * <pre>
 * -- construct: ILIKE                      the row of the per-construct table it counts in
 * -- setup: CREATE TABLE t (a int);        run first on both servers, answers not compared
 * -- params: ["1", null]                   run as a prepared statement with these (untyped) values
 * -- compare: exact | unordered | uuid | near-now
 * -- rhizome: (a:bool) f                   a documented difference: what Rhizome answers
 * -- reason: why it differs
 * </pre>
 *
 * {@code compare} is how PostgreSQL's and Rhizome's answers are matched: {@code exact} (the
 * default: column names, the kind of each column's type, every value, in order), {@code unordered}
 * (the rows in any order), {@code uuid} (every value is a version 4 UUID on both), {@code near-now}
 * (every value is a timestamp in Postgres' text form within minutes of PostgreSQL's). An entry with
 * {@code rhizome} is a difference written down: Rhizome must answer exactly that, and PostgreSQL
 * something else (so the entry fails when either changes).
 */
final class PgCorpus {
  private PgCorpus() {}

  /** One entry. */
  record Entry(
      String file,
      String construct,
      List<String> setup,
      List<String> params,
      String compare,
      String rhizome,
      String reason,
      String sql,
      int sqlLine) {

    /** Whether the entry runs as a prepared statement (the extended protocol). */
    boolean prepared() {
      return params != null;
    }

    /** The SQL on one line, shortened, for reports. */
    String shortSql() {
      String s = sql.strip().replaceAll("\\s+", " ");
      return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
  }

  private static final Pattern DIRECTIVE = Pattern.compile("^-- (\\w+): ?(.*)$");

  /** The entries of {@code pg-corpus/<name>}. */
  static List<Entry> read(String name) throws IOException {
    String text;
    try (InputStream in = PgCorpus.class.getResourceAsStream("/pg-corpus/" + name)) {
      if (in == null) {
        throw new IOException("no corpus file " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Entry> out = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int i = 0;
    while (i < lines.size() && !lines.get(i).equals("--")) {
      i++; // the header
    }
    while (i < lines.size()) {
      i++; // the separator
      String construct = null;
      List<String> setup = new ArrayList<>();
      List<String> params = null;
      String compare = "exact";
      String rhizome = null;
      String reason = "";
      StringBuilder sql = new StringBuilder();
      int sqlLine = -1;
      while (i < lines.size() && !lines.get(i).equals("--")) {
        String line = lines.get(i);
        Matcher d = DIRECTIVE.matcher(line);
        if (sql.length() == 0 && d.matches()) {
          String value = d.group(2);
          switch (d.group(1)) {
            case "construct" -> construct = value;
            case "setup" -> setup.add(value);
            case "params" -> params = parseParams(value);
            case "compare" -> compare = value;
            case "rhizome" -> rhizome = value;
            case "reason" -> reason = value;
            default -> throw new IOException(name + ": unknown directive " + line);
          }
        } else {
          if (sqlLine < 0) {
            sqlLine = i;
          }
          sql.append(line).append('\n');
        }
        i++;
      }
      if (!sql.toString().isBlank()) {
        if (construct == null) {
          throw new IOException(name + ": an entry without a construct: " + sql);
        }
        out.add(
            new Entry(
                name,
                construct,
                setup,
                params,
                compare,
                rhizome,
                reason,
                sql.toString().strip(),
                sqlLine));
      }
    }
    return out;
  }

  /**
   * Writes Rhizome's answers into a corpus file of the source tree: for each entry (by the line its
   * SQL starts on) the answer to document ({@code -- rhizome:}, with {@code -- reason: TODO} where
   * it has none yet), or null to strike the entry's documented difference. A tool for whoever
   * updates the corpus (PostgresCorpusIT with RHIZOME_CORPUS_DOCS=record); the reasons are written
   * by hand.
   */
  static void record(java.nio.file.Path file, java.util.Map<Integer, String> answers)
      throws IOException {
    List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(file));
    List<Integer> at = new ArrayList<>(answers.keySet());
    at.sort(java.util.Comparator.reverseOrder());
    for (int sqlLine : at) {
      String reason = "TODO";
      int k = sqlLine - 1;
      while (k >= 0 && !lines.get(k).equals("--")) {
        if (lines.get(k).startsWith("-- rhizome:")) {
          lines.remove(k);
        } else if (lines.get(k).startsWith("-- reason:")) {
          reason = lines.get(k).substring("-- reason:".length()).strip();
          lines.remove(k);
        }
        k--;
      }
      int insertAt = k + 1;
      while (insertAt < lines.size() && DIRECTIVE.matcher(lines.get(insertAt)).matches()) {
        insertAt++;
      }
      String answer = answers.get(sqlLine);
      if (answer != null) {
        lines.add(insertAt, "-- reason: " + reason);
        lines.add(insertAt, "-- rhizome: " + answer);
      }
    }
    java.nio.file.Files.write(file, lines);
  }

  /** A JSON array of strings and nulls, as the recorder writes it. */
  static List<String> parseParams(String json) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|null").matcher(json);
    while (m.find()) {
      out.add(m.group(1) == null ? null : unescape(m.group(1)));
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }
}
