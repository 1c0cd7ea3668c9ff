/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import io.rhizome.node.exec.DeclaredTypes;
import io.rhizome.node.functions.SqlFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConnection;

/**
 * The functions of the catalog: Postgres' own under their names ({@code format_type}, {@code
 * pg_get_indexdef}, {@code array_to_string}, {@code regexp_like}, ...) and the helpers a translated
 * statement or a catalog view uses ({@code rhizome_*}, see {@code io.rhizome.pgsql.NodeCatalog}).
 * Registered on a connection the first time a statement there uses the catalog; the ones that read
 * the schema query that connection.
 */
final class CatalogFunctions {
  private CatalogFunctions() {}

  /** Most rows {@code rhizome_series} makes: a generate_series must not build a huge array. */
  static final long MAX_SERIES = 100_000;

  /** Distinct regular expressions compiled per connection (a bounded cache). */
  private static final int MAX_PATTERNS = 64;

  /** The names of every function, lower case, for checks (custom functions may not take one). */
  static Set<String> names() {
    return functions(null, "").stream()
        .map(f -> f.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The functions for one tenant's connection. */
  static List<SqlFunction> functions(SQLiteConnection connection, String database) {
    SchemaLookups lookups = connection == null ? null : new SchemaLookups(connection);
    Map<String, Pattern> patterns =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > MAX_PATTERNS;
          }
        };
    List<SqlFunction> f = new ArrayList<>();
    // Helpers of the views and of translated statements.
    f.add(scalar("rhizome_catalog_json", 1, a -> PgStatic.INSTANCE.json.get(str(a[0]))));
    f.add(volatileScalar("rhizome_database", 0, a -> database));
    f.add(scalar("rhizome_pg_type", 1, a -> (long) DeclaredTypes.oid(str(a[0]))));
    f.add(scalar("rhizome_typmod", 1, a -> TypeNames.typmod(str(a[0]))));
    f.add(scalar("rhizome_type_attr", 2, a -> typeAttribute(lng(a[0]), str(a[1]))));
    f.add(
        scalar("rhizome_zeros", 1, a -> a[0] == null ? null : str(a[0]).replaceAll("[0-9]+", "0")));
    f.add(scalar("rhizome_index_predicate", 1, a -> Definitions.predicate(str(a[0]))));
    f.add(scalar("rhizome_sql_type", 1, a -> sqlType(lng(a[0]))));
    f.add(scalar("rhizome_numeric_precision", 2, a -> numericPrecision(lng(a[0]), lng(a[1]))));
    f.add(scalar("rhizome_fk_action", 1, a -> fkAction(str(a[0]))));
    f.add(
        scalar(
            "rhizome_array",
            SqlFunction.ANY_ARITY,
            a -> PgArrays.format(java.util.Arrays.asList(a))));
    f.add(
        scalar(
            "rhizome_array_get",
            2,
            a -> a[0] == null || a[1] == null ? null : PgArrays.get(str(a[0]), lng(a[1]))));
    f.add(scalar("rhizome_array_json", 1, a -> a[0] == null ? "[]" : PgArrays.json(str(a[0]))));
    f.add(scalar("rhizome_array_cat", 2, a -> arrayCat(a[0], a[1])));
    f.add(scalar("rhizome_array_lower", 1, a -> a[0] == null ? null : PgArrays.lower(str(a[0]))));
    f.add(scalar("rhizome_series", SqlFunction.ANY_ARITY, CatalogFunctions::series));
    f.add(scalar("rhizome_keywords", 0, a -> PgStatic.INSTANCE.keywordsJson));
    f.add(scalar("rhizome_nspname", 1, a -> namespaceName(lng(a[0]))));
    f.add(
        scalar(
            "rhizome_namespace_oid",
            1,
            a -> a[0] == null ? null : PgStatic.INSTANCE.namespaces.get(unquote(str(a[0])))));
    f.add(
        scalar(
            "rhizome_bool_in",
            1,
            a -> a[0] == null ? null : (PgArrays.isTrue(str(a[0])) ? 1L : 0L)));
    f.add(
        volatileScalar(
            "rhizome_relname",
            1,
            a -> a[0] == null ? null : quoteIfNeeded(lookups.relationName(lng(a[0])))));
    // Postgres' functions.
    f.add(scalar("format_type", 2, a -> TypeNames.format(lngOrNull(a[0]), lngOrNull(a[1]))));
    f.add(scalar("pg_get_expr", 2, a -> a[0] == null ? null : str(a[0])));
    f.add(scalar("pg_get_expr", 3, a -> a[0] == null ? null : str(a[0])));
    f.add(
        volatileScalar(
            "pg_get_indexdef",
            1,
            a -> a[0] == null ? null : Definitions.indexDef(lookups, lng(a[0]), 0, false)));
    f.add(
        volatileScalar(
            "pg_get_indexdef",
            3,
            a ->
                a[0] == null
                    ? null
                    : Definitions.indexDef(
                        lookups,
                        lng(a[0]),
                        a[1] == null ? 0 : lng(a[1]),
                        a[2] != null && lng(a[2]) != 0)));
    f.add(
        volatileScalar(
            "pg_get_constraintdef",
            1,
            a -> a[0] == null ? null : Definitions.constraintDef(lookups, lng(a[0]))));
    f.add(
        volatileScalar(
            "pg_get_constraintdef",
            2,
            a -> a[0] == null ? null : Definitions.constraintDef(lookups, lng(a[0]))));
    f.add(
        volatileScalar(
            "pg_get_viewdef",
            1,
            a -> a[0] == null ? null : Definitions.viewDef(lookups, lng(a[0]))));
    f.add(
        volatileScalar(
            "pg_get_viewdef",
            2,
            a -> a[0] == null ? null : Definitions.viewDef(lookups, lng(a[0]))));
    for (String none :
        List.of(
            "pg_get_triggerdef",
            "pg_get_ruledef",
            "pg_get_functiondef",
            "pg_get_function_result",
            "pg_get_function_arguments",
            "pg_get_function_identity_arguments",
            "pg_get_statisticsobjdef_columns",
            "pg_get_partkeydef",
            "pg_get_partition_constraintdef",
            "obj_description",
            "col_description",
            "shobj_description",
            "pg_partition_root",
            "pg_get_serial_sequence")) {
      f.add(scalar(none, SqlFunction.ANY_ARITY, a -> null));
    }
    f.add(
        scalar(
            "pg_type_is_visible",
            1,
            a -> {
              if (a[0] == null) {
                return null;
              }
              PgStatic.Type t = PgStatic.INSTANCE.types.get(lng(a[0]));
              return t == null || t.builtIn() ? 1L : 0L;
            }));
    for (String yes :
        List.of("pg_table_is_visible", "pg_function_is_visible", "pg_collation_is_visible")) {
      f.add(scalar(yes, 1, a -> a[0] == null ? null : 1L));
    }
    f.add(scalar("pg_relation_is_publishable", 1, a -> 0L));
    for (String size :
        List.of("pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size")) {
      f.add(scalar(size, SqlFunction.ANY_ARITY, a -> a.length == 0 || a[0] == null ? null : 0L));
    }
    f.add(
        volatileScalar(
            "pg_database_size",
            1,
            a ->
                a[0] == null
                    ? null
                    : Long.parseLong(
                        lookups
                            .strings(
                                "SELECT page_count * page_size FROM pragma_page_count('main'),"
                                    + " pragma_page_size('main')")
                            .get(0))));
    f.add(scalar("pg_size_pretty", 1, a -> a[0] == null ? null : sizePretty(lng(a[0]))));
    f.add(scalar("pg_encoding_to_char", 1, a -> a[0] == null ? null : encodingName(lng(a[0]))));
    f.add(scalar("pg_char_to_encoding", 1, a -> a[0] == null ? null : encodingId(str(a[0]))));
    f.add(scalar("pg_tablespace_location", 1, a -> ""));
    f.add(
        scalar(
            "pg_column_size",
            1,
            a ->
                a[0] == null
                    ? null
                    : (long)
                        PgArrays.text(a[0])
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            .length));
    f.add(scalar("quote_ident", 1, a -> a[0] == null ? null : Definitions.ident(str(a[0]))));
    f.add(scalar("quote_literal", 1, a -> a[0] == null ? null : literal(PgArrays.text(a[0]))));
    f.add(scalar("quote_nullable", 1, a -> a[0] == null ? "NULL" : literal(PgArrays.text(a[0]))));
    f.add(scalar("array_to_string", 2, a -> arrayToString(a[0], a[1], null)));
    f.add(scalar("array_to_string", 3, a -> arrayToString(a[0], a[1], a[2])));
    f.add(scalar("array_upper", 2, a -> arrayBound(a[0], a[1], true)));
    f.add(scalar("array_lower", 2, a -> arrayBound(a[0], a[1], false)));
    f.add(
        scalar(
            "array_length",
            2,
            a -> a[0] == null ? null : lengthOrNull(PgArrays.parse(str(a[0])).size())));
    f.add(
        scalar(
            "cardinality", 1, a -> a[0] == null ? null : (long) PgArrays.parse(str(a[0])).size()));
    f.add(new SqlFunction.Aggregate("array_agg", 1, true, ArrayAgg::new));
    f.add(volatileScalar("to_regclass", 1, a -> a[0] == null ? null : regclass(lookups, a[0])));
    f.add(
        scalar(
            "to_regtype",
            1,
            a -> a[0] == null ? null : a[0] instanceof Long l ? l : TypeNames.regtype(str(a[0]))));
    f.add(scalar("to_regproc", 1, a -> a[0] == null ? null : unquote(str(a[0]))));
    f.add(scalar("to_regprocedure", 1, a -> a[0] == null ? null : unquote(str(a[0]))));
    f.add(
        scalar(
            "to_regnamespace",
            1,
            a -> a[0] == null ? null : PgStatic.INSTANCE.namespaces.get(unquote(str(a[0])))));
    f.add(scalar("to_regrole", 1, a -> a[0] == null ? null : Oids.ROLE_OWNER));
    f.add(scalar("regexp_like", 2, a -> regexpLike(patterns, a[0], a[1], null)));
    f.add(scalar("regexp_like", 3, a -> regexpLike(patterns, a[0], a[1], a[2])));
    // SQLite's REGEXP operator calls regexp(pattern, string).
    f.add(scalar("regexp", 2, a -> regexpLike(patterns, a[1], a[0], null)));
    return f;
  }

  private static SqlFunction scalar(String name, int arity, SqlFunction.ScalarBody body) {
    return new SqlFunction.Scalar(name, arity, true, body);
  }

  /** A function whose value depends on the schema or the connection: not factored out. */
  private static SqlFunction volatileScalar(String name, int arity, SqlFunction.ScalarBody body) {
    return new SqlFunction.Scalar(name, arity, false, body);
  }

  private static String str(Object v) {
    return v == null ? null : PgArrays.text(v);
  }

  private static long lng(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return d.longValue();
    }
    if (v == null) {
      return 0;
    }
    try {
      return Long.parseLong(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid integer: " + v);
    }
  }

  private static Long lngOrNull(Object v) {
    return v == null ? null : lng(v);
  }

  private static Long lengthOrNull(int n) {
    return n == 0 ? null : (long) n;
  }

  private static String unquote(String name) {
    String s = name.strip();
    int dot = s.lastIndexOf('.');
    if (dot >= 0 && !s.endsWith("\"")) {
      s = s.substring(dot + 1);
    }
    if (s.startsWith("\"") && s.endsWith("\"") && s.length() > 1) {
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String quoteIfNeeded(String name) {
    return name == null ? null : Definitions.ident(name);
  }

  private static String literal(String s) {
    if (s.indexOf('\\') >= 0) {
      return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
    return "'" + s.replace("'", "''") + "'";
  }

  private static Object typeAttribute(long oid, String attribute) {
    PgStatic.Type t = PgStatic.INSTANCE.types.get(oid);
    if (t == null) {
      return null;
    }
    return switch (attribute) {
      case "len" -> (long) t.len();
      case "byval" -> t.byval() ? 1L : 0L;
      case "align" -> t.align();
      case "storage" -> t.storage();
      case "collation" -> t.collation();
      case "name" -> t.name();
      default -> null;
    };
  }

  /** information_schema's data_type: the SQL name, or ARRAY / USER-DEFINED. */
  private static String sqlType(long oid) {
    PgStatic.Type t = PgStatic.INSTANCE.types.get(oid);
    if (t == null) {
      return "USER-DEFINED";
    }
    if (t.category().equals("A")) {
      return "ARRAY";
    }
    return TypeNames.format(oid, -1L);
  }

  private static Long numericPrecision(long oid, long typmod) {
    return switch ((int) oid) {
      case 21 -> 16L;
      case 23 -> 32L;
      case 20 -> 64L;
      case 700 -> 24L;
      case 701 -> 53L;
      case 1700 -> typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : null;
      default -> null;
    };
  }

  private static String fkAction(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  private static String namespaceName(long oid) {
    for (var e : PgStatic.INSTANCE.namespaces.entrySet()) {
      if (e.getValue() == oid) {
        return e.getKey();
      }
    }
    return Long.toString(oid);
  }

  private static Object regclass(SchemaLookups lookups, Object value) throws Exception {
    if (value instanceof Long l) {
      return l;
    }
    String s = str(value).strip();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 11) {
      return Long.parseLong(s);
    }
    return lookups.relationOid(s);
  }

  private static Object arrayCat(Object a, Object b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    List<String> all = new ArrayList<>(PgArrays.parse(str(a)));
    all.addAll(PgArrays.parse(str(b)));
    return PgArrays.format(all);
  }

  private static Object arrayToString(Object array, Object sep, Object nullString) {
    if (array == null || sep == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String e : PgArrays.parse(str(array))) {
      if (e != null) {
        parts.add(e);
      } else if (nullString != null) {
        parts.add(str(nullString));
      }
    }
    return String.join(str(sep), parts);
  }

  private static Object arrayBound(Object array, Object dim, boolean upper) {
    if (array == null || dim == null || lng(dim) != 1) {
      return null;
    }
    String text = str(array);
    int n = PgArrays.parse(text).size();
    if (n == 0) {
      return null;
    }
    long lower = PgArrays.lower(text);
    return upper ? lower + n - 1 : lower;
  }

  private static Object series(Object[] a) {
    if (a.length < 2 || a.length > 3) {
      throw new IllegalArgumentException("generate_series takes 2 or 3 arguments");
    }
    if (a[0] == null || a[1] == null || (a.length == 3 && a[2] == null)) {
      return "[]";
    }
    long start = lng(a[0]);
    long stop = lng(a[1]);
    long step = a.length == 3 ? lng(a[2]) : 1;
    if (step == 0) {
      throw new IllegalArgumentException("step size cannot equal zero");
    }
    long count = step > 0 ? (stop - start) / step + 1 : (start - stop) / -step + 1;
    if (count > MAX_SERIES) {
      throw new IllegalArgumentException(
          "generate_series of more than " + MAX_SERIES + " rows is not supported here");
    }
    StringBuilder sb = new StringBuilder("[");
    for (long v = start; step > 0 ? v <= stop : v >= stop; v += step) {
      sb.append(sb.length() == 1 ? "" : ",").append(v);
    }
    return sb.append(']').toString();
  }

  private static String sizePretty(long bytes) {
    long abs = Math.abs(bytes);
    if (abs < 10 * 1024) {
      return bytes + " bytes";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (Math.abs(v) >= 10 * 1024 - 0.5 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return Math.round(v) + " " + units[u];
  }

  private static String encodingName(long id) {
    return id == Oids.ENCODING_UTF8 ? "UTF8" : id == 0 ? "SQL_ASCII" : "";
  }

  private static long encodingId(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    return switch (n) {
      case "UTF8", "UNICODE" -> Oids.ENCODING_UTF8;
      case "SQLASCII" -> 0;
      default -> -1;
    };
  }

  /** Postgres' ~, ~* and their negations; flags 'i' for case-insensitive, as regexp_like's. */
  private static Object regexpLike(
      Map<String, Pattern> patterns, Object value, Object pattern, Object flags) {
    if (value == null || pattern == null) {
      return null;
    }
    String f = flags == null ? "" : str(flags);
    String key = f + "/" + str(pattern);
    Pattern p;
    synchronized (patterns) {
      p = patterns.get(key);
      if (p == null) {
        try {
          p =
              Pattern.compile(
                  posixClasses(str(pattern)),
                  f.contains("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
        }
        patterns.put(key, p);
      }
    }
    return p.matcher(str(value)).find() ? 1L : 0L;
  }

  /** POSIX bracket classes ([[:alpha:]]) in Java's spelling. */
  private static String posixClasses(String regex) {
    return regex
        .replace("[:alpha:]", "\\p{Alpha}")
        .replace("[:digit:]", "\\p{Digit}")
        .replace("[:alnum:]", "\\p{Alnum}")
        .replace("[:upper:]", "\\p{Upper}")
        .replace("[:lower:]", "\\p{Lower}")
        .replace("[:space:]", "\\s")
        .replace("[:punct:]", "\\p{Punct}");
  }

  /** array_agg: the values in Postgres' text form of an array; NULL over no rows. */
  private static final class ArrayAgg implements SqlFunction.Accumulator {
    private final List<Object> values = new ArrayList<>();

    @Override
    public void step(Object[] args) {
      values.add(args[0]);
    }

    @Override
    public Object result() {
      return values.isEmpty() ? null : PgArrays.format(values);
    }
  }
}
