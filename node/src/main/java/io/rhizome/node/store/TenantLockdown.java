/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.store;

import io.rhizome.node.catalog.TenantCatalog;
import io.rhizome.node.store.SqlSurface.PragmaAccess;
import io.rhizome.proto.SqlState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The whole isolation policy of a tenant connection: what the node pins on every connection it
 * opens ({@link #apply}) and which statements a tenant may run at all ({@link #admit}, consulted
 * before every statement is prepared). Everything refused gets 42501 insufficient_privilege.
 *
 * <p>The SQL surface is closed by an allow-list ({@link SqlSurface}): a function, table-valued
 * function, virtual-table module or pragma a tenant may use is named there; everything else is
 * refused, including whatever a newer SQLite adds.
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
 *   <tr><td>function calls {@code f(...)}</td><td>only {@link SqlSurface#FUNCTIONS}, the
 *       allowed table-valued functions and the node's custom functions; every other function
 *       SQLite lists is also shadowed on every connection by one that fails</td><td>{@code
 *       fts3_tokenizer} hands out native pointers, {@code replicate} and {@code padl} crash the
 *       process, ... (see {@link SqlSurface#REFUSED_FUNCTIONS})</td></tr>
 *   <tr><td>{@code CREATE VIRTUAL TABLE ... USING m}</td><td>only {@link
 *       SqlSurface#MODULES}</td><td>{@code dbstat} shows page internals; other builds offer
 *       modules that read files</td></tr>
 *   <tr><td>eponymous tables ({@code dbstat}, {@code pragma_x}, ...)</td><td>refused by name in
 *       any spelling (quoted, bracketed, a string, any case) and position</td><td>they need no
 *       parentheses, so the call rule alone does not see them</td></tr>
 *   <tr><td>{@code PRAGMA}</td><td>only {@link SqlSurface#PRAGMAS}; settings the node pins may be
 *       read, not set; everything else, including unknown names, refused</td><td>several reach
 *       outside the file ({@code temp_store_directory}, {@code database_list} shows the path) or
 *       weaken the store ({@code journal_mode}, {@code writable_schema}, ...)</td></tr>
 *   <tr><td>{@code EXPLAIN ...}</td><td>judged as the statement it explains</td><td>SQLite
 *       applies many pragmas while compiling, so {@code EXPLAIN PRAGMA x=1} sets x</td></tr>
 *   <tr><td>database size</td><td>{@code max_page_count} (main and temp) pinned from {@link
 *       TenantQuotas#maxDatabaseBytes()}</td><td>quota: SQLITE_FULL (53100) past it, reads
 *       go on</td></tr>
 *   <tr><td>value size</td><td>{@code SQLITE_LIMIT_LENGTH} pinned to the node's maximum value
 *       size</td><td>{@code zeroblob(900000000)} and friends fail with 54000 instead of filling
 *       the process's memory</td></tr>
 * </table>
 *
 * <p>sqlite-jdbc does not expose SQLite's authorizer ({@code sqlite3_set_authorizer}), which would
 * see the parsed statement. The statement rules therefore work on tokens ({@link SqlWords}), never
 * on the raw text: a keyword inside a string or comment is not a keyword, and a name is compared in
 * every spelling SQLite accepts. What the tokens cannot decide for certain is backed by the engine:
 * the attach limit, extension loading off, and the shadowing of every refused function, which holds
 * in views and triggers too.
 *
 * <p>The same scan finds the names of the Postgres catalog ({@link TenantCatalog}): a statement
 * that names a catalog relation or function gets it on its connection when it is admitted, before
 * it is prepared or run. The catalog's objects are temporary, read the tenant's own schema only
 * (through allowed pragmas), and its functions are callable like SQLite's allowed ones, so this
 * adds nothing a tenant could reach beyond its file.
 *
 * <p>{@link #classify} is a pure function of the statement's text (for one lockdown), so a caller
 * may cache its verdict per text.
 *
 * <p>Known false positives, all harmless: a table or string literally named like a refused
 * eponymous table (say {@code 'dbstat'}) is refused; so is a column type with parentheses after a
 * column named by an expression keyword ({@code range int(10)}).
 */
public final class TenantLockdown {
  /** A statement the policy refuses, with what the client is told. */
  public record Refusal(SqlState state, String message) {}

  /**
   * The largest value (string, blob, row) a statement may make when no limit is configured: 64 MiB,
   * or a sixteenth of the heap when that is smaller, so that a few of them at once still fit.
   */
  public static final int DEFAULT_MAX_VALUE_BYTES =
      (int) Math.max(1 << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));

  private static final String TABLE_VALUED_PREFIX = "PRAGMA_";

  /** Names echoed in a refusal are cut to this: a statement may be megabytes long. */
  private static final int MAX_ECHOED_NAME = 64;

  /** Added to sqlite-jdbc's UTF-16 flag it makes SQLITE_ANY, which replaces UTF-8 built-ins. */
  private static final int SQLITE_UTF8 = 1;

  /** SQLite's keywords: before a parenthesis they are syntax, never a call. */
  private static final Set<String> KEYWORDS =
      SqlSurface.words(
          """
          ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE
          BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT
          CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT
          DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT
          EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL
          GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER
          INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH
          MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS
          OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE
          REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW
          ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER
          UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH
          WITHOUT
          """);

  /**
   * Keywords an expression or a FROM item may follow directly: after any other word, {@code name(}
   * is a column type ({@code a varchar(10)}, {@code key varchar(10)}), not a call.
   */
  private static final Set<String> CALL_PRECEDERS =
      SqlSurface.words(
          """
          SELECT DISTINCT ALL WHERE AND OR NOT ON BY HAVING WHEN THEN ELSE CASE IS IN LIKE GLOB
          MATCH REGEXP ESCAPE BETWEEN LIMIT OFFSET RETURNING SET DEFAULT FROM JOIN ROWS RANGE
          GROUPS VALUES FILTER OVER CHECK COLLATE
          """);

  /** Words after which {@code name(} names a table, view or type being defined, not a call. */
  private static final Set<String> DEFINERS =
      SqlSurface.words(
          """
          INTO TABLE VIEW REFERENCES EXISTS AS WITH RECURSIVE
          """);

  /** Words that end a WITH clause's list of common table expressions. */
  private static final Set<String> STATEMENT_VERBS =
      SqlSurface.words(
          """
          SELECT VALUES INSERT REPLACE UPDATE DELETE
          """);

  private static final Set<String> REFUSED_TABLES = refusedTables();

  private static final Verdict ALLOWED = new Verdict(null, false, List.of());
  private static final Verdict PLAIN_VACUUM = new Verdict(null, true, List.of());

  /**
   * The outcome of classifying one statement.
   *
   * @param catalogNames the catalog relations and functions it names (ASCII upper case), which
   *     {@link #admit} makes sure its connection has
   */
  public record Verdict(Refusal refusal, boolean vacuum, List<String> catalogNames) {
    public Optional<Refusal> refused() {
      return Optional.ofNullable(refusal);
    }
  }

  private final TenantQuotas quotas;
  private final int maxValueBytes;
  private final TenantCatalog catalog;

  /** Names a statement may call: allowed functions and table-valued functions, upper case. */
  private final Set<String> calls;

  /** A lockdown with the default value limit. */
  public TenantLockdown(TenantQuotas quotas) {
    this(quotas, DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * @param maxValueBytes the largest string, blob or row a statement may make
   */
  public TenantLockdown(TenantQuotas quotas, int maxValueBytes) {
    this(quotas, maxValueBytes, new TenantCatalog(), List.of());
  }

  private TenantLockdown(
      TenantQuotas quotas,
      int maxValueBytes,
      TenantCatalog catalog,
      Collection<String> customFunctions) {
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive");
    }
    this.quotas = quotas;
    this.maxValueBytes = maxValueBytes;
    this.catalog = catalog;
    Set<String> names = new HashSet<>(SqlSurface.FUNCTIONS);
    names.addAll(SqlSurface.TABLE_FUNCTIONS);
    SqlSurface.PRAGMAS.keySet().forEach(p -> names.add(TABLE_VALUED_PREFIX + p));
    // The catalog's functions: registered on a connection when a statement names one (admit).
    TenantCatalog.functionNames().forEach(f -> names.add(f.toUpperCase(Locale.ROOT)));
    customFunctions.forEach(f -> names.add(f.toUpperCase(Locale.ROOT)));
    this.calls = Set.copyOf(names);
  }

  /**
   * This lockdown with {@code functions} (the names of custom SQL functions registered on every
   * connection) callable like SQLite's allowed ones.
   */
  public TenantLockdown allowing(Collection<String> functions) {
    if (functions.isEmpty()) {
      return this;
    }
    Set<String> custom = new HashSet<>(calls);
    custom.addAll(functions);
    return new TenantLockdown(quotas, maxValueBytes, catalog, custom);
  }

  /** The Postgres catalog of this node's connections. */
  public TenantCatalog catalog() {
    return catalog;
  }

  public TenantQuotas quotas() {
    return quotas;
  }

  /** The largest string, blob or row (its values together) a statement may make. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /**
   * Locks down a freshly opened tenant connection: no attached databases, no extension loading, the
   * value limit and the node's size quota pinned, and every function SQLite offers that is not
   * allowed replaced by one that fails.
   */
  public void apply(SQLiteConnection connection) throws SQLException {
    connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    connection.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, maxValueBytes);
    connection.getDatabase().enable_load_extension(false);
    for (SqlSurface.Listed f : Shadowed.FUNCTIONS) {
      Function.create(
          connection,
          f.name().toLowerCase(Locale.ROOT),
          new RefusedFunction(f.name()),
          Math.max(-1, f.arity()),
          SQLITE_UTF8);
    }
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
    return admit(connection, classify(sql));
  }

  /**
   * Like {@link #admit(SQLiteConnection, String)} with the statement's {@link #classify} verdict
   * computed before: a prepared statement is classified once, not at every execution. The catalog
   * relations and functions the statement names are made sure of at every admission (a view created
   * inside a transaction that was rolled back is gone).
   */
  public Optional<Refusal> admit(SQLiteConnection connection, Verdict verdict) throws SQLException {
    if (verdict.refusal() == null) {
      connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, verdict.vacuum() ? 1 : 0);
      if (!verdict.catalogNames().isEmpty()) {
        catalog.ensure(connection, verdict.catalogNames());
      }
    }
    return verdict.refused();
  }

  /** The policy's rules on the text of one statement: a pure function of {@code sql}. */
  public Verdict classify(String sql) {
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
      default -> new Scan(words, verb.equals("CREATE")).run();
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
    PragmaAccess access = SqlSurface.PRAGMAS.get(name);
    if (access == null) {
      return refuse("PRAGMA " + echo(name) + " is not allowed");
    }
    if (access == PragmaAccess.READ && hasValue) {
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

  /**
   * One pass over a statement's tokens that judges every name: eponymous tables refused by name,
   * modules after {@code USING} and calls {@code name(} against the allow-list. It remembers the
   * three tokens before the current one, the parenthesis depth and the depths at which a WITH list
   * is open.
   */
  private final class Scan {
    private final SqlWords words;

    /** A {@code CREATE [UNIQUE] INDEX}: its {@code ON t(...)} names a table. */
    private boolean createIndex;

    private final boolean create;
    private int depth;

    /** Bit d: a WITH list is open at depth d (deeper than 63 is never a CTE name). */
    private long withLists;

    private SqlWords.Kind prevKind = SqlWords.Kind.END;
    private String prev = "";
    private boolean prevString;
    private String prev3 = "";
    private String prev2 = "";
    private int tokens;

    /** The catalog's names seen so far (ASCII upper case), or null for none. */
    private List<String> catalogNames;

    Scan(SqlWords words, boolean create) {
      this.words = words;
      this.create = create;
    }

    Verdict run() {
      for (; words.kind() != SqlWords.Kind.END; words.next()) {
        SqlWords.Kind kind = words.kind();
        String text = words.text();
        if (kind == SqlWords.Kind.OTHER) {
          if (words.is('(')) {
            depth++;
          } else if (words.is(')') && depth > 0) {
            depth--;
            withLists &= depth >= 63 ? -1L : (1L << (depth + 1)) - 1;
          }
        } else {
          Verdict verdict = judge(kind, text);
          if (verdict != null) {
            return verdict;
          }
          if (kind == SqlWords.Kind.WORD) {
            track(text);
          }
          if (TenantCatalog.isCatalogName(text)) {
            if (catalogNames == null) {
              catalogNames = new ArrayList<>();
            }
            catalogNames.add(text);
          }
        }
        prev3 = prev2;
        prev2 = prev;
        prev = text;
        prevKind = kind;
        prevString = words.isString();
        tokens++;
      }
      return catalogNames == null ? ALLOWED : new Verdict(null, false, List.copyOf(catalogNames));
    }

    private void track(String word) {
      if (create && tokens <= 2 && word.equals("INDEX")) {
        createIndex = true;
      }
      if (depth < 64) {
        if (word.equals("WITH")) {
          withLists |= 1L << depth;
        } else if (withLists != 0 && STATEMENT_VERBS.contains(word)) {
          withLists &= ~(1L << depth);
        }
      }
    }

    /** The verdict on one name, or null to go on. */
    private Verdict judge(SqlWords.Kind kind, String name) {
      boolean string = words.isString();
      char next = words.peek();
      boolean call = next == '(';
      // A string is a name only where SQLite takes one: FROM 'x', 'x'(...), 'x'.y.
      boolean namePosition =
          !string
              || call
              || next == '.'
              || isPrev("FROM")
              || isPrev("JOIN")
              || isPrev("USING")
              || isPrevOther('.')
              || isPrevOther(',');
      if (namePosition && isRefusedTable(name)) {
        return refuse(echo(name) + " is not allowed");
      }
      if (isPrev("USING")) {
        return SqlSurface.MODULES.contains(name)
            ? null
            : refuse("module " + echo(name) + " is not allowed");
      }
      if (call && !calls.contains(name) && isCall(kind, name)) {
        // A name SQLite does not list fails there as unknown; say so (it may still be an
        // unlisted table-valued function, so it is refused all the same).
        return Listed.NAMES.contains(name)
            ? refuse("function " + echo(name) + " is not allowed")
            : new Verdict(
                new Refusal(SqlState.UNDEFINED_FUNCTION, "no such function: " + echo(name)),
                false,
                List.of());
      }
      return null;
    }

    /** Whether {@code name(} at the current token calls a function (else it names or types). */
    private boolean isCall(SqlWords.Kind kind, String name) {
      if (kind == SqlWords.Kind.WORD && KEYWORDS.contains(name)) {
        return false;
      }
      if (isPrevOther('.')) {
        // schema.name(: a table being defined or inserted into, else a table-valued function
        return !DEFINERS.contains(prev3);
      }
      if (prevKind == SqlWords.Kind.WORD) {
        if (DEFINERS.contains(prev) || (prev.equals("ON") && createIndex)) {
          return false;
        }
        return CALL_PRECEDERS.contains(prev);
      }
      if (prevKind == SqlWords.Kind.QUOTED && !prevString) {
        return false; // a quoted column name, then its type
      }
      boolean nextCte = isPrevOther(',') && depth < 64 && (withLists & (1L << depth)) != 0;
      return !nextCte;
    }

    private boolean isPrev(String word) {
      return prevKind == SqlWords.Kind.WORD && prev.equals(word);
    }

    private boolean isPrevOther(char c) {
      return prevKind == SqlWords.Kind.OTHER && prev.length() == 1 && prev.charAt(0) == c;
    }
  }

  private static boolean isRefusedTable(String name) {
    if (name.startsWith(TABLE_VALUED_PREFIX)) {
      return !SqlSurface.PRAGMAS.containsKey(name.substring(TABLE_VALUED_PREFIX.length()));
    }
    return REFUSED_TABLES.contains(name);
  }

  private static Set<String> refusedTables() {
    Set<String> names = new HashSet<>(SqlSurface.REFUSED_MODULES.keySet());
    names.removeAll(SqlSurface.MODULES);
    names.removeAll(SqlSurface.TABLE_FUNCTIONS);
    return Set.copyOf(names);
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

  /** The functions SQLite lists that are not allowed, read once per process. */
  private static final class Shadowed {
    static final List<SqlSurface.Listed> FUNCTIONS = SqlSurface.functionsToShadow();
  }

  /** The names of every function and module SQLite lists, read once per process. */
  private static final class Listed {
    static final Set<String> NAMES = listed();

    private static Set<String> listed() {
      Set<String> names = new HashSet<>(SqlSurface.offeredModules());
      SqlSurface.offeredFunctions().forEach(f -> names.add(f.name()));
      names.addAll(SqlSurface.REFUSED_MODULES.keySet());
      return Set.copyOf(names);
    }
  }

  /**
   * Stands in for a refused function on every connection, so that a call the token rules missed (or
   * one in a view or trigger of a restored file) still fails; "not authorized" maps to 42501.
   */
  private static final class RefusedFunction extends Function {
    private final String message;

    RefusedFunction(String name) {
      this.message = "not authorized: function " + name.toLowerCase(Locale.ROOT) + " is refused";
    }

    @Override
    protected void xFunc() throws SQLException {
      error(message);
    }
  }
}
