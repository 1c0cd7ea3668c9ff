/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static java.util.Map.entry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The audit of everything the bundled SQLite offers a statement: every function, virtual-table
 * module (table-valued functions included) and pragma is either allowed here or refused here with
 * its reason. {@link TenantLockdown} refuses what is not allowed; a test reads SQLite's own lists
 * ({@code pragma_function_list}, {@code pragma_module_list}, {@code pragma_pragma_list}) and fails
 * on anything this class does not name, so a new SQLite version cannot add a function, module or
 * pragma silently: it is refused until someone audits it.
 *
 * <p>Names are upper case (SQLite folds ASCII letters only, and so does {@link SqlWords}).
 */
final class SqlSurface {
  private SqlSurface() {}

  /** How much of a pragma a tenant may use. */
  enum PragmaAccess {
    /** Introspection of the tenant's own schema and file: any argument names an object. */
    QUERY,
    /** A setting the node pins or that belongs to the connection: readable, not settable. */
    READ,
    /** Harmless to set: a field of the tenant's own file header, or a per-transaction switch. */
    READ_WRITE
  }

  /** The pragmas a tenant may use; anything absent is refused. */
  static final Map<String, PragmaAccess> PRAGMAS =
      Map.ofEntries(
          entry("TABLE_INFO", PragmaAccess.QUERY),
          entry("TABLE_XINFO", PragmaAccess.QUERY),
          entry("TABLE_LIST", PragmaAccess.QUERY),
          entry("INDEX_LIST", PragmaAccess.QUERY),
          entry("INDEX_INFO", PragmaAccess.QUERY),
          entry("INDEX_XINFO", PragmaAccess.QUERY),
          entry("FOREIGN_KEY_LIST", PragmaAccess.QUERY),
          entry("FOREIGN_KEY_CHECK", PragmaAccess.QUERY),
          entry("INTEGRITY_CHECK", PragmaAccess.QUERY),
          entry("QUICK_CHECK", PragmaAccess.QUERY),
          entry("COLLATION_LIST", PragmaAccess.QUERY),
          entry("FUNCTION_LIST", PragmaAccess.QUERY),
          entry("MODULE_LIST", PragmaAccess.QUERY),
          entry("PRAGMA_LIST", PragmaAccess.QUERY),
          entry("PAGE_COUNT", PragmaAccess.QUERY),
          entry("FREELIST_COUNT", PragmaAccess.QUERY),
          entry("DATA_VERSION", PragmaAccess.QUERY),
          entry("OPTIMIZE", PragmaAccess.QUERY),
          entry("INCREMENTAL_VACUUM", PragmaAccess.QUERY),
          entry("SHRINK_MEMORY", PragmaAccess.QUERY),
          entry("FOREIGN_KEYS", PragmaAccess.READ),
          entry("DEFER_FOREIGN_KEYS", PragmaAccess.READ_WRITE),
          entry("RECURSIVE_TRIGGERS", PragmaAccess.READ),
          entry("PAGE_SIZE", PragmaAccess.READ),
          entry("ENCODING", PragmaAccess.READ),
          entry("SCHEMA_VERSION", PragmaAccess.READ),
          entry("AUTO_VACUUM", PragmaAccess.READ),
          entry("JOURNAL_MODE", PragmaAccess.READ),
          entry("JOURNAL_SIZE_LIMIT", PragmaAccess.READ),
          entry("SYNCHRONOUS", PragmaAccess.READ),
          entry("LOCKING_MODE", PragmaAccess.READ),
          entry("MAX_PAGE_COUNT", PragmaAccess.READ),
          entry("CACHE_SIZE", PragmaAccess.READ),
          entry("MMAP_SIZE", PragmaAccess.READ),
          entry("BUSY_TIMEOUT", PragmaAccess.READ),
          entry("WAL_AUTOCHECKPOINT", PragmaAccess.READ),
          entry("TEMP_STORE", PragmaAccess.READ),
          entry("TRUSTED_SCHEMA", PragmaAccess.READ),
          entry("CELL_SIZE_CHECK", PragmaAccess.READ),
          entry("SECURE_DELETE", PragmaAccess.READ),
          entry("QUERY_ONLY", PragmaAccess.READ),
          entry("ANALYSIS_LIMIT", PragmaAccess.READ),
          entry("USER_VERSION", PragmaAccess.READ_WRITE),
          entry("APPLICATION_ID", PragmaAccess.READ_WRITE));

  /** Pragmas SQLite lists that a tenant may not use at all, and why. */
  static final Map<String, String> REFUSED_PRAGMAS =
      Map.ofEntries(
          entry("DATABASE_LIST", "shows the file's path on the node"),
          entry("TEMP_STORE_DIRECTORY", "writes temporary files anywhere the node can"),
          entry("DATA_STORE_DIRECTORY", "reaches outside the tenant's file"),
          entry("WRITABLE_SCHEMA", "a hand-edited schema can corrupt the file"),
          entry("WAL_CHECKPOINT", "the node checkpoints; a forced one stalls other sessions"),
          entry("HARD_HEAP_LIMIT", "process-wide: one tenant would set it for all"),
          entry("SOFT_HEAP_LIMIT", "process-wide: one tenant would set it for all"),
          entry("THREADS", "process resources: worker threads per connection"),
          entry("COMPILE_OPTIONS", "details of the node's build, of no use to an application"),
          entry("IGNORE_CHECK_CONSTRAINTS", "turns off the tenant's own constraints"),
          entry("LEGACY_ALTER_TABLE", "a pooled connection keeps it for the next session"),
          entry("CASE_SENSITIVE_LIKE", "a pooled connection keeps it for the next session"),
          entry("AUTOMATIC_INDEX", "a pooled connection keeps it for the next session"),
          entry("CACHE_SPILL", "a pooled connection keeps it for the next session"),
          entry("READ_UNCOMMITTED", "a pooled connection keeps it for the next session"),
          entry("REVERSE_UNORDERED_SELECTS", "a pooled connection keeps it for the next session"),
          entry("COUNT_CHANGES", "deprecated; changes the shape of results"),
          entry("EMPTY_RESULT_CALLBACKS", "deprecated; changes the shape of results"),
          entry("FULL_COLUMN_NAMES", "deprecated; changes the shape of results"),
          entry("SHORT_COLUMN_NAMES", "deprecated; changes the shape of results"),
          entry("DEFAULT_CACHE_SIZE", "deprecated; the node sizes caches"),
          entry("FULLFSYNC", "durability is the node's (macOS only)"),
          entry("CHECKPOINT_FULLFSYNC", "durability is the node's (macOS only)"));

  /**
   * SQLite's functions a tenant may call, by name (any arity), by line: core scalars, aggregates,
   * window functions, date and time, math, JSON (its operators {@code ->} and {@code ->>} are
   * listed as functions), full-text search on the tenant's own tables.
   */
  static final Set<String> FUNCTIONS =
      words(
          """
          ABS CHANGES CHAR COALESCE CONCAT CONCAT_WS FORMAT GLOB HEX IF IFNULL IIF INSTR
          LAST_INSERT_ROWID LENGTH LIKE LIKELIHOOD LIKELY LOWER LTRIM MAX MIN NULLIF OCTET_LENGTH
          PRINTF QUOTE RANDOM RANDOMBLOB REPLACE ROUND RTRIM SIGN SUBSTR SUBSTRING SUBTYPE
          TOTAL_CHANGES TRIM TYPEOF UNHEX UNICODE UNISTR UNISTR_QUOTE UNLIKELY UPPER ZEROBLOB
          SQLITE_VERSION
          AVG COUNT GROUP_CONCAT STRING_AGG SUM TOTAL MEDIAN PERCENTILE PERCENTILE_CONT
          PERCENTILE_DISC STDEV VARIANCE
          ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE LAG LEAD FIRST_VALUE LAST_VALUE
          NTH_VALUE
          DATE TIME DATETIME JULIANDAY UNIXEPOCH STRFTIME TIMEDIFF CURRENT_DATE CURRENT_TIME
          CURRENT_TIMESTAMP
          ACOS ACOSH ASIN ASINH ATAN ATAN2 ATANH ATN2 CEIL CEILING COS COSH COT COTH DEGREES EXP
          FLOOR LN LOG LOG10 LOG2 MOD PI POW POWER RADIANS SIN SINH SQRT SQUARE TAN TANH TRUNC
          -> ->> JSON JSON_ARRAY JSON_ARRAY_INSERT JSON_ARRAY_LENGTH JSON_ERROR_POSITION
          JSON_EXTRACT JSON_INSERT JSON_OBJECT JSON_PATCH JSON_PRETTY JSON_QUOTE JSON_REMOVE
          JSON_REPLACE JSON_SET JSON_TYPE JSON_VALID JSON_GROUP_ARRAY JSON_GROUP_OBJECT JSONB
          JSONB_ARRAY JSONB_ARRAY_INSERT JSONB_EXTRACT JSONB_INSERT JSONB_OBJECT JSONB_PATCH
          JSONB_REMOVE JSONB_REPLACE JSONB_SET JSONB_GROUP_ARRAY JSONB_GROUP_OBJECT
          MATCH BM25 HIGHLIGHT SNIPPET OFFSETS MATCHINFO OPTIMIZE FTS5_GET_LOCALE FTS5_INSTTOKEN
          FTS5_LOCALE
          """);

  /** SQLite's functions a tenant may not call, and why. */
  static final Map<String, String> REFUSED_FUNCTIONS =
      Map.ofEntries(
          entry("LOAD_EXTENSION", "loads native code into the node's process"),
          entry(
              "FTS3_TOKENIZER",
              "with a bound argument it returns a native pointer of the node's process, and"
                  + " registers a tokenizer at any address"),
          entry("FTS5", "hands out the FTS5 C API (a native pointer)"),
          entry("SQLITE_LOG", "writes into the node's SQLite log"),
          entry("SQLITE_SOURCE_ID", "details of the node's build"),
          entry("FTS5_SOURCE_ID", "details of the node's build"),
          entry("SQLITE_COMPILEOPTION_GET", "details of the node's build"),
          entry("SQLITE_COMPILEOPTION_USED", "details of the node's build"),
          entry("RTREENODE", "debugging: decodes raw r-tree node blobs"),
          entry("RTREEDEPTH", "debugging: decodes raw r-tree node blobs"),
          entry(
              "RTREECHECK", "debugging: walks r-tree internals; PRAGMA integrity_check covers it"),
          // sqlite-jdbc's extension-functions.c: unchecked C outside SQLite's own project.
          entry(
              "REPLICATE",
              "overflows a heap buffer and crashes the process (replicate('a', 2^32))"),
          entry("PADL", "overflows a heap buffer and crashes the process (padl('a', 2^32))"),
          entry("PADR", "overflows a heap buffer like padl"),
          entry("PADC", "overflows a heap buffer like padl"),
          entry("LEFTSTR", "unchecked C of the same family as replicate and padl"),
          entry("RIGHTSTR", "unchecked C of the same family as replicate and padl"),
          entry("REVERSE", "unchecked C of the same family as replicate and padl"),
          entry("PROPER", "unchecked C of the same family as replicate and padl"),
          entry("STRFILTER", "unchecked C of the same family as replicate and padl"),
          entry("CHARINDEX", "unchecked C of the same family as replicate and padl"),
          entry("DIFFERENCE", "unchecked C of the same family as replicate and padl"),
          entry("MODE", "truncates 64-bit integers and allocates outside SQLite per row"),
          entry("LOWER_QUARTILE", "truncates 64-bit integers and allocates outside SQLite per row"),
          entry(
              "UPPER_QUARTILE", "truncates 64-bit integers and allocates outside SQLite per row"));

  /** Virtual-table modules a tenant may use ({@code CREATE VIRTUAL TABLE ... USING m}). */
  static final Set<String> MODULES =
      words("FTS3 FTS4 FTS5 FTS3TOKENIZE FTS4AUX FTS5VOCAB RTREE RTREE_I32");

  /**
   * Eponymous virtual tables a tenant may query as table-valued functions ({@code json_each} is one
   * even though SQLite does not list it); the pragma ones follow {@link #PRAGMAS}.
   */
  static final Set<String> TABLE_FUNCTIONS =
      words("JSON_EACH JSON_TREE PRAGMA_FUNCTION_LIST PRAGMA_MODULE_LIST");

  /**
   * Modules refused, and why: the one this build lists, and the eponymous tables other builds of
   * SQLite register without listing them, so a build that adds one stays closed.
   */
  static final Map<String, String> REFUSED_MODULES =
      Map.ofEntries(
          entry("DBSTAT", "page-level internals of the file"),
          entry("SQLITE_DBPAGE", "reads and writes raw pages, past every constraint"),
          entry("SQLITE_DBDATA", "reads raw pages"),
          entry("SQLITE_DBPTR", "reads raw pages"),
          entry("SQLITE_STMT", "the connection's prepared statements, other sessions' included"),
          entry("SQLITE_MEMSTAT", "the process's memory statistics"),
          entry("SQLITE_BTREEINFO", "page-level internals of the file"),
          entry("BYTECODE", "the engine's bytecode"),
          entry("TABLES_USED", "the engine's bytecode"),
          entry("CARRAY", "binds native pointers"),
          entry("FSDIR", "reads the node's file system"),
          entry("ZIPFILE", "reads and writes files on the node"),
          entry("CSV", "reads files on the node"),
          entry("GENERATE_SERIES", "not audited: not in this build"),
          entry("COMPLETION", "not audited: not in this build"),
          entry("UNIONVTAB", "opens other database files"),
          entry("SWARMVTAB", "opens other database files"));

  /** A function as SQLite lists it: a name and an arity (-1 for any). */
  record Listed(String name, int arity) {}

  /** The functions a fresh connection of the bundled SQLite offers, built-ins and extensions. */
  static List<Listed> offeredFunctions() {
    List<Listed> functions = new ArrayList<>();
    for (List<String> row : list("SELECT name, narg FROM pragma_function_list")) {
      functions.add(new Listed(upper(row.get(0)), Integer.parseInt(row.get(1))));
    }
    return functions;
  }

  /** The virtual-table modules a fresh connection of the bundled SQLite offers. */
  static Set<String> offeredModules() {
    return names("SELECT name FROM pragma_module_list");
  }

  /** The pragmas the bundled SQLite offers. */
  static Set<String> offeredPragmas() {
    return names("SELECT name FROM pragma_pragma_list");
  }

  /**
   * The listed functions (with their arities) that a tenant may not call: everything SQLite lists
   * that is not in {@link #FUNCTIONS}, audited or not. The node shadows each on every connection.
   */
  static List<Listed> functionsToShadow() {
    return offeredFunctions().stream().filter(f -> !FUNCTIONS.contains(f.name())).toList();
  }

  private static Set<String> names(String query) {
    Set<String> names = new HashSet<>();
    for (List<String> row : list(query)) {
      names.add(upper(row.get(0)));
    }
    return names;
  }

  private static List<List<String>> list(String query) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list what SQLite offers: " + query, e);
    }
    if (rows.isEmpty()) {
      // A SQLite built without introspection pragmas: an empty audit would allow everything.
      throw new IllegalStateException("SQLite listed nothing for: " + query);
    }
    return rows;
  }

  /** The whitespace-separated words of {@code text}, as a set. */
  static Set<String> words(String text) {
    return Set.of(text.strip().split("\\s+"));
  }

  private static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
