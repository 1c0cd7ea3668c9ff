/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import io.rhizome.node.exec.DeclaredTypes;
import io.rhizome.node.exec.ResultColumns;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.sqlite.SQLiteConnection;

/**
 * The types Postgres would infer for a statement's parameters that the client left untyped, read
 * off the columns they meet: {@code id = ?1}, {@code ?2 < t.price}, {@code name IN (?1, ?2)},
 * {@code INSERT INTO t (a, b) VALUES (?1, ?2)}, {@code CAST(?1 AS INT)}, {@code LIMIT ?1}. A client
 * that binds by the described types (asyncpg sends a Python int as the int8 it was told) needs
 * them; SQLite itself has no parameter types. Anything else stays unknown (text).
 *
 * <p>Results are kept per connection for the statement texts last seen (a client that parses the
 * same text for every execution pays once). A schema change can leave a kept type stale; it is a
 * hint for how a client encodes a value, and SQLite compares by the column's affinity whatever the
 * value's form.
 *
 * <p>Inference reads the schema only through statements it compiles and never runs, so it takes no
 * snapshot inside the client's transaction (see {@code declaredColumns}).
 */
public final class ParameterTypes {
  private static final int CACHED_TEXTS = 128;

  private static final Map<SQLiteConnection, Map<String, int[]>> CACHE = new WeakHashMap<>();

  private ParameterTypes() {}

  /**
   * The inferred type OIDs of parameters 1..{@code count} (0 where unknown).
   *
   * @param sql the statement with SQLite's {@code ?N} parameters
   */
  public static int[] infer(SQLiteConnection connection, String sql, int count) {
    Map<String, int[]> cache;
    synchronized (CACHE) {
      cache =
          CACHE.computeIfAbsent(
              connection,
              c ->
                  new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
                      return size() > CACHED_TEXTS;
                    }
                  });
    }
    synchronized (cache) {
      int[] known = cache.get(sql);
      if (known != null && known.length == count) {
        return known;
      }
    }
    int[] types = new int[count];
    try {
      new Inference(connection, tokens(sql), types).run();
    } catch (RuntimeException e) {
      // No inference is no harm: the parameters stay text.
    }
    synchronized (cache) {
      cache.put(sql, types);
    }
    return types;
  }

  /** One token: a word (lower case), a quoted name, a parameter ("?3"), or punctuation. */
  private record Tok(String text, boolean name, int param) {}

  private static List<Tok> tokens(String sql) {
    List<Tok> out = new ArrayList<>();
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
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        int j = i + 1;
        while (j < n && !(sql.charAt(j) == '\'' && (j + 1 >= n || sql.charAt(j + 1) != '\''))) {
          j += sql.charAt(j) == '\'' ? 2 : 1;
        }
        out.add(new Tok("'", false, 0));
        i = j + 1;
      } else if (c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int j = sql.indexOf(close, i + 1);
        j = j < 0 ? n : j;
        out.add(new Tok(sql.substring(i + 1, j).toLowerCase(Locale.ROOT), true, 0));
        i = j + 1;
      } else if (c == '?') {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        int p = j > i + 1 ? Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 6))) : 0;
        out.add(new Tok("?", false, p));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < n
            && (Character.isLetterOrDigit(sql.charAt(j))
                || sql.charAt(j) == '_'
                || sql.charAt(j) == '$')) {
          j++;
        }
        out.add(new Tok(sql.substring(i, j).toLowerCase(Locale.ROOT), false, 0));
        i = j;
      } else if (i + 1 < n && "<>=!".indexOf(c) >= 0 && "=>".indexOf(sql.charAt(i + 1)) >= 0) {
        out.add(new Tok(sql.substring(i, i + 2), false, 0));
        i += 2;
      } else {
        out.add(new Tok(String.valueOf(c), false, 0));
        i++;
      }
    }
    return out;
  }

  private static final class Inference {
    private final SQLiteConnection connection;
    private final List<Tok> t;
    private final int[] types;
    private final Map<String, String> aliases = new HashMap<>();
    private final List<String> tables = new ArrayList<>();
    private final Map<String, Map<String, String>> columns = new HashMap<>();

    Inference(SQLiteConnection connection, List<Tok> tokens, int[] types) {
      this.connection = connection;
      this.t = tokens;
      this.types = types;
    }

    void run() {
      collectTables();
      for (int i = 0; i < t.size(); i++) {
        Tok tok = t.get(i);
        if (tok.param() <= 0 || tok.param() > types.length || types[tok.param() - 1] != 0) {
          continue;
        }
        types[tok.param() - 1] = around(i);
      }
      insertValues();
    }

    /** The type of the column a parameter at {@code i} is compared with or cast to. */
    private int around(int i) {
      if (i > 0 && (is(i - 1, "limit") || is(i - 1, "offset"))) {
        return 20; // int8
      }
      if (i >= 2 && is(i - 1, "(") && is(i - 2, "cast") && is(i + 1, "as") && i + 2 < t.size()) {
        return DeclaredTypes.oid(t.get(i + 2).text());
      }
      if (i >= 1 && isComparison(i - 1)) {
        int type = columnEndingAt(i - 2);
        if (type != 0) {
          return type;
        }
      }
      if (i + 1 < t.size() && isComparison(i + 1)) {
        int type = columnStartingAt(i + 2);
        if (type != 0) {
          return type;
        }
      }
      // col IN (?1, ?2) and col BETWEEN ?1 AND ?2
      for (int k = i - 1; k >= 1 && k >= i - 40; k--) {
        if (is(k, "(") && is(k - 1, "in")) {
          return columnEndingAt(k - 2);
        }
        if (is(k, "between")) {
          return columnEndingAt(k - 1);
        }
        if (!is(k, ",") && !is(k, "?") && !is(k, "and")) {
          break;
        }
      }
      return 0;
    }

    private boolean isComparison(int i) {
      if (i < 0 || i >= t.size()) {
        return false;
      }
      String s = t.get(i).text();
      return s.equals("=")
          || s.equals("==")
          || s.equals("<>")
          || s.equals("!=")
          || s.equals("<")
          || s.equals(">")
          || s.equals("<=")
          || s.equals(">=")
          || s.equals("like")
          || s.equals("glob");
    }

    /** The type of a column reference ending at token {@code i} ({@code c} or {@code q.c}). */
    private int columnEndingAt(int i) {
      if (i < 0 || !isName(i)) {
        return 0;
      }
      String column = t.get(i).text();
      String qualifier = i >= 2 && is(i - 1, ".") && isName(i - 2) ? t.get(i - 2).text() : null;
      return typeOf(qualifier, column);
    }

    private int columnStartingAt(int i) {
      if (i >= t.size() || !isName(i)) {
        return 0;
      }
      if (i + 2 < t.size() && is(i + 1, ".") && isName(i + 2)) {
        return typeOf(t.get(i).text(), t.get(i + 2).text());
      }
      return typeOf(null, t.get(i).text());
    }

    private boolean isName(int i) {
      Tok tok = t.get(i);
      return tok.name()
          || (tok.param() == 0
              && !tok.text().isEmpty()
              && (Character.isLetter(tok.text().charAt(0)) || tok.text().charAt(0) == '_'));
    }

    private boolean is(int i, String text) {
      return i >= 0 && i < t.size() && !t.get(i).name() && t.get(i).text().equals(text);
    }

    /** Tables after FROM, JOIN, INTO and UPDATE, with their aliases. */
    private void collectTables() {
      for (int i = 0; i + 1 < t.size(); i++) {
        if (!(is(i, "from") || is(i, "join") || is(i, "into") || is(i, "update") || is(i, ","))) {
          continue;
        }
        int k = i + 1;
        if (!isName(k)) {
          continue;
        }
        String table = t.get(k).text();
        if (k + 2 < t.size() && is(k + 1, ".") && isName(k + 2)) {
          table = t.get(k + 2).text(); // main.t
          k += 2;
        }
        if (is(i, ",") && !tables.isEmpty() && !aliases.containsKey(table) && !known(table)) {
          continue;
        }
        tables.add(table);
        aliases.put(table, table);
        int a = k + 1;
        if (is(a, "as")) {
          a++;
        }
        if (a < t.size() && isName(a) && !isKeyword(t.get(a).text())) {
          aliases.put(t.get(a).text(), table);
        }
      }
    }

    private boolean known(String table) {
      return !columnsOf(table).isEmpty();
    }

    private static boolean isKeyword(String w) {
      return switch (w) {
        case "where",
            "join",
            "inner",
            "left",
            "right",
            "full",
            "cross",
            "on",
            "using",
            "group",
            "order",
            "limit",
            "set",
            "values",
            "natural",
            "union",
            "select",
            "default",
            "returning",
            "having",
            "window",
            "except",
            "intersect",
            "offset" ->
            true;
        default -> false;
      };
    }

    private int typeOf(String qualifier, String column) {
      List<String> candidates = new ArrayList<>();
      if (qualifier != null) {
        candidates.add(aliases.getOrDefault(qualifier, qualifier));
      } else {
        candidates.addAll(tables);
      }
      for (String table : candidates) {
        String declared = columnsOf(table).get(column);
        if (declared != null) {
          return DeclaredTypes.oid(declared);
        }
      }
      return 0;
    }

    private Map<String, String> columnsOf(String table) {
      Map<String, String> cols = columns.get(table);
      if (cols != null) {
        return cols;
      }
      cols = new HashMap<>();
      declaredColumns("main", table, cols);
      if (cols.isEmpty() && TenantCatalog.isCatalogName(table.toUpperCase(Locale.ROOT))) {
        // A catalog view: its declared types are those of its typed last arm.
        declaredColumns("temp", table, cols);
      }
      columns.put(table, cols);
      return cols;
    }

    /**
     * The declared types of a relation's columns, read off a statement that is compiled and never
     * run. Compiling uses the schema SQLite holds in memory and starts no read transaction, whereas
     * running anything that reads {@code main} (say {@code pragma_table_info}) inside the client's
     * open transaction would start its snapshot there, and its next write would then fail as busy
     * once another session had committed. A relation that does not exist (or a catalog view not
     * created on this connection yet) has no columns, so its parameters stay untyped.
     */
    private void declaredColumns(String schema, String relation, Map<String, String> cols) {
      String sql = "SELECT * FROM " + schema + ".\"" + relation.replace("\"", "\"\"") + "\"";
      try (PreparedStatement p = connection.prepareStatement(sql)) {
        ResultColumns rc = ResultColumns.of(p);
        for (int c = 0; c < rc.count(); c++) {
          String declared = rc.declaredType(c);
          cols.put(rc.name(c).toLowerCase(Locale.ROOT), declared == null ? "" : declared);
        }
      } catch (SQLException e) {
        // no such relation
      }
    }

    /** {@code INSERT INTO t (a, b) VALUES (?1, ?2), ...}: each parameter by its column. */
    private void insertValues() {
      int into = -1;
      for (int i = 0; i < t.size(); i++) {
        if (is(i, "into")) {
          into = i;
          break;
        }
      }
      if (into < 0 || into + 2 >= t.size() || !is(into + 2, "(")) {
        return;
      }
      String table = t.get(into + 1).text();
      List<String> cols = new ArrayList<>();
      int i = into + 3;
      while (i < t.size() && !is(i, ")")) {
        if (isName(i)) {
          cols.add(t.get(i).text());
        }
        i++;
      }
      int values = i + 1;
      if (!is(values, "values")) {
        return;
      }
      int col = 0;
      for (int k = values + 1; k < t.size(); k++) {
        if (is(k, "(")) {
          col = 0;
        } else if (is(k, ",")) {
          col++;
        } else if (t.get(k).param() > 0 && col < cols.size()) {
          int p = t.get(k).param() - 1;
          if (p < types.length && types[p] == 0) {
            String declared = columnsOf(table).get(cols.get(col));
            types[p] = declared == null ? 0 : DeclaredTypes.oid(declared);
          }
        }
      }
    }
  }
}
