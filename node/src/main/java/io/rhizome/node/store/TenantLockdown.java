/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import static java.util.Map.entry;

import io.rhizome.node.catalog.TenantCatalog;
import io.rhizome.proto.SqlState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The whole isolation policy of a tenant connection: what the node pins on every connection it
 * opens ({@link #apply}) and which statements a tenant may run at all ({@link #admit}, consulted
 * before every statement is prepared). Everything refused gets 42501 insufficient_privilege.
 *
 * <table>
 *   <caption>The policy</caption>
 *   <tr><th>What</th><th>Rule</th><th>Why</th></tr>
 *   <tr><td>{@code ATTACH}, {@code DETACH}</td><td>refused, and {@code SQLITE_LIMIT_ATTACHED} is 0
 *       on every connection</td><td>a tenant reaches only its own file; the limit holds even if
 *       the classification below were dodged</td></tr>
 *   <tr><td>{@code VACUUM INTO}</td><td>refused; plain {@code VACUUM [schema]} runs, with the
 *       attach limit raised to 1 for that statement only (SQLite's VACUUM attaches a scratch
 *       database)</td><td>it writes a file anywhere the node can</td></tr>
 *   <tr><td>{@code load_extension()}</td><td>refused by name, and extension loading is off in
 *       SQLite</td><td>native code in the node's process</td></tr>
 *   <tr><td>{@code PRAGMA}</td><td>only the {@link #PRAGMAS allow-list}; settings the node pins
 *       may be read, not set; everything else, including unknown names, refused</td><td>several
 *       reach outside the file ({@code temp_store_directory}, {@code database_list} shows the
 *       path) or weaken the store ({@code journal_mode}, {@code writable_schema}, ...)</td></tr>
 *   <tr><td>{@code EXPLAIN ...}</td><td>judged as the statement it explains</td><td>SQLite
 *       applies many pragmas while compiling, so {@code EXPLAIN PRAGMA x=1} sets x</td></tr>
 *   <tr><td>table-valued pragmas ({@code pragma_x(...)})</td><td>allowed for allow-listed names,
 *       refused for the rest, in any spelling of the name (quoted, bracketed, a string, any
 *       case)</td><td>SQLite offers them only for pragmas without side effects, but some reads
 *       leak ({@code pragma_database_list} shows the file's path)</td></tr>
 *   <tr><td>database size</td><td>{@code max_page_count} (main and temp) pinned from {@link
 *       TenantQuotas#maxDatabaseBytes()}</td><td>quota: SQLITE_FULL (53100) past it, reads
 *       go on</td></tr>
 * </table>
 *
 * <p>The same scan finds the names of the Postgres catalog ({@link TenantCatalog}): a statement
 * that names a catalog relation or function gets it on its connection before it is prepared. The
 * catalog's objects are temporary and read the tenant's own schema only, so this adds nothing a
 * tenant could reach beyond its file.
 *
 * <p>The statement rules work on tokens ({@link SqlWords}), never on the raw text: a keyword inside
 * a string or comment is not a keyword, and a name is compared in every spelling SQLite accepts.
 * Known false positives, all harmless: a table or string literally named like a refused pragma
 * function (say {@code 'pragma_database_list'}) is refused.
 */
public final class TenantLockdown {
  /** A statement the policy refuses, with what the client is told. */
  public record Refusal(SqlState state, String message) {}

  /** How much of a pragma a tenant may use. */
  private enum Access {
    /** Introspection of the tenant's own schema and file: any argument names an object. */
    QUERY,
    /** A setting the node pins or that belongs to the connection: readable, not settable. */
    READ,
    /** Harmless to set: a field of the tenant's own file header, or a per-transaction switch. */
    READ_WRITE
  }

  /** The pragmas a tenant may use, by upper-case name; anything absent is refused. */
  private static final Map<String, Access> PRAGMAS =
      Map.ofEntries(
          entry("TABLE_INFO", Access.QUERY),
          entry("TABLE_XINFO", Access.QUERY),
          entry("TABLE_LIST", Access.QUERY),
          entry("INDEX_LIST", Access.QUERY),
          entry("INDEX_INFO", Access.QUERY),
          entry("INDEX_XINFO", Access.QUERY),
          entry("FOREIGN_KEY_LIST", Access.QUERY),
          entry("FOREIGN_KEY_CHECK", Access.QUERY),
          entry("INTEGRITY_CHECK", Access.QUERY),
          entry("QUICK_CHECK", Access.QUERY),
          entry("COLLATION_LIST", Access.QUERY),
          entry("FUNCTION_LIST", Access.QUERY),
          entry("MODULE_LIST", Access.QUERY),
          entry("PRAGMA_LIST", Access.QUERY),
          entry("COMPILE_OPTIONS", Access.QUERY),
          entry("PAGE_COUNT", Access.QUERY),
          entry("FREELIST_COUNT", Access.QUERY),
          entry("DATA_VERSION", Access.QUERY),
          entry("OPTIMIZE", Access.QUERY),
          entry("INCREMENTAL_VACUUM", Access.QUERY),
          entry("SHRINK_MEMORY", Access.QUERY),
          entry("FOREIGN_KEYS", Access.READ),
          entry("DEFER_FOREIGN_KEYS", Access.READ_WRITE),
          entry("RECURSIVE_TRIGGERS", Access.READ),
          entry("PAGE_SIZE", Access.READ),
          entry("ENCODING", Access.READ),
          entry("SCHEMA_VERSION", Access.READ),
          entry("AUTO_VACUUM", Access.READ),
          entry("JOURNAL_MODE", Access.READ),
          entry("JOURNAL_SIZE_LIMIT", Access.READ),
          entry("SYNCHRONOUS", Access.READ),
          entry("LOCKING_MODE", Access.READ),
          entry("MAX_PAGE_COUNT", Access.READ),
          entry("CACHE_SIZE", Access.READ),
          entry("MMAP_SIZE", Access.READ),
          entry("BUSY_TIMEOUT", Access.READ),
          entry("WAL_AUTOCHECKPOINT", Access.READ),
          entry("TEMP_STORE", Access.READ),
          entry("TRUSTED_SCHEMA", Access.READ),
          entry("CELL_SIZE_CHECK", Access.READ),
          entry("SECURE_DELETE", Access.READ),
          entry("QUERY_ONLY", Access.READ),
          entry("ANALYSIS_LIMIT", Access.READ),
          entry("USER_VERSION", Access.READ_WRITE),
          entry("APPLICATION_ID", Access.READ_WRITE));

  private static final String TABLE_VALUED_PREFIX = "PRAGMA_";

  /** Names echoed in a refusal are cut to this: a statement may be megabytes long. */
  private static final int MAX_ECHOED_NAME = 64;

  private static final Verdict ALLOWED = new Verdict(null, false, List.of());
  private static final Verdict PLAIN_VACUUM = new Verdict(null, true, List.of());

  /**
   * The outcome of classifying one statement.
   *
   * @param catalogNames the catalog relations and functions it names (ASCII upper case)
   */
  record Verdict(Refusal refusal, boolean vacuum, List<String> catalogNames) {
    Optional<Refusal> refused() {
      return Optional.ofNullable(refusal);
    }
  }

  private final TenantQuotas quotas;
  private final TenantCatalog catalog = new TenantCatalog();

  public TenantLockdown(TenantQuotas quotas) {
    this.quotas = quotas;
  }

  /** The Postgres catalog of this node's connections. */
  public TenantCatalog catalog() {
    return catalog;
  }

  public TenantQuotas quotas() {
    return quotas;
  }

  /**
   * Locks down a freshly opened tenant connection: no attached databases, no extension loading, the
   * node's size quota pinned on the main and temporary databases.
   */
  public void apply(SQLiteConnection connection) throws SQLException {
    connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    connection.getDatabase().enable_load_extension(false);
    limitSize(connection, quotas.maxDatabaseBytes());
  }

  /**
   * Pins the size quota of one tenant on its connection, for a session whose tenant has a quota of
   * its own (a reused connection keeps the last one pinned).
   */
  public void limitSize(SQLiteConnection connection, long maxDatabaseBytes) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      long pageSize;
      try (ResultSet rs = statement.executeQuery("PRAGMA page_size")) {
        rs.next();
        pageSize = rs.getLong(1);
      }
      // Below the file's current size SQLite keeps the current size: such a tenant stays
      // readable and cannot grow.
      long pages = Math.max(1, maxDatabaseBytes / pageSize);
      statement.execute("PRAGMA main.max_page_count = " + pages);
      statement.execute("PRAGMA temp.max_page_count = " + pages);
    }
  }

  /**
   * Decides whether a tenant may run {@code sql} (one statement) on {@code connection}; call before
   * preparing it. An admitted plain VACUUM gets the attach limit it needs until the next call.
   */
  public Optional<Refusal> admit(SQLiteConnection connection, String sql) throws SQLException {
    Verdict verdict = classify(sql);
    if (verdict.refusal() == null) {
      connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, verdict.vacuum() ? 1 : 0);
      if (!verdict.catalogNames().isEmpty()) {
        catalog.ensure(connection, verdict.catalogNames());
      }
    }
    return verdict.refused();
  }

  /** The policy's rules on the text of one statement. */
  static Verdict classify(String sql) {
    SqlWords words = new SqlWords(sql);
    while (words.next() == SqlWords.Kind.OTHER && words.is(';')) {
      // leading empty statements
    }
    if (isKeyword(words, "EXPLAIN")) {
      // EXPLAIN compiles the statement it explains, and SQLite applies pragmas while compiling.
      words.next();
      if (isKeyword(words, "QUERY")) {
        words.next();
        if (isKeyword(words, "PLAN")) {
          words.next();
        }
      }
    }
    String verb = words.kind() == SqlWords.Kind.WORD ? words.text() : "";
    return switch (verb) {
      case "ATTACH", "DETACH" ->
          refuse(verb + " is not allowed: a database can use only its own file");
      case "PRAGMA" -> pragma(words);
      case "VACUUM" -> vacuum(words);
      default -> scanNames(words);
    };
  }

  /** {@code PRAGMA [schema.]name [= value | (value)]}. */
  private static Verdict pragma(SqlWords words) {
    words.next();
    String name = words.text();
    if (words.next() == SqlWords.Kind.OTHER && words.is('.')) {
      words.next();
      name = words.text();
      words.next();
    }
    boolean hasValue = words.kind() != SqlWords.Kind.END && !words.is(';');
    Access access = PRAGMAS.get(name);
    if (access == null) {
      return refuse("PRAGMA " + echo(name) + " is not allowed");
    }
    if (access == Access.READ && hasValue) {
      return refuse("PRAGMA " + echo(name) + " is set by the server and cannot be changed");
    }
    return ALLOWED;
  }

  /** Plain {@code VACUUM [schema]} only: anything more is {@code INTO} a file. */
  private static Verdict vacuum(SqlWords words) {
    SqlWords.Kind kind = words.next();
    if (kind == SqlWords.Kind.WORD || kind == SqlWords.Kind.QUOTED) {
      if (isKeyword(words, "INTO")) {
        return refuse("VACUUM INTO is not allowed; plain VACUUM is");
      }
      kind = words.next();
    }
    if (kind == SqlWords.Kind.END || words.is(';')) {
      return PLAIN_VACUUM;
    }
    return refuse("VACUUM INTO is not allowed; plain VACUUM is");
  }

  /** Function and table names anywhere in the statement. */
  private static Verdict scanNames(SqlWords words) {
    List<String> catalogNames = null;
    for (; words.kind() != SqlWords.Kind.END; words.next()) {
      if (words.kind() == SqlWords.Kind.OTHER) {
        continue;
      }
      String name = words.text();
      if (TenantCatalog.isCatalogName(name)) {
        if (catalogNames == null) {
          catalogNames = new ArrayList<>();
        }
        catalogNames.add(name);
      }
      if (name.equals("LOAD_EXTENSION")) {
        return refuse("load_extension is not allowed");
      }
      if (name.startsWith(TABLE_VALUED_PREFIX)
          && !PRAGMAS.containsKey(name.substring(TABLE_VALUED_PREFIX.length()))) {
        return refuse(echo(name) + " is not allowed");
      }
    }
    return catalogNames == null ? ALLOWED : new Verdict(null, false, catalogNames);
  }

  private static boolean isKeyword(SqlWords words, String keyword) {
    return words.kind() == SqlWords.Kind.WORD && words.text().equals(keyword);
  }

  private static Verdict refuse(String message) {
    return new Verdict(new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, message), false, List.of());
  }

  private static String echo(String name) {
    String cut = name.length() > MAX_ECHOED_NAME ? name.substring(0, MAX_ECHOED_NAME) : name;
    return cut.toLowerCase(Locale.ROOT);
  }
}
