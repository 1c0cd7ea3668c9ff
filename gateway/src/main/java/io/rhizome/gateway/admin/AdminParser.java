/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.Token;
import io.rhizome.proto.SqlState;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.TenantQuery;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the admin console grammar (keywords case-insensitive):
 *
 * <pre>
 * SHOW TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n] | SHOW NODES | SHOW SHARDS | SHOW TENANT name
 * EXPORT TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n]
 * IMPORT TENANTS VALUES ('tenant', 'user', 'password') [, ...]
 * SHOW SESSIONS [FOR TENANT name]
 * SHOW TENANT STATS [ORDER BY figure] [LIMIT n]
 * CREATE TENANT name USER user PASSWORD 'password' [WITH OWN SHARD [ON NODE 'node']]
 * DROP TENANT name [FORCE]
 * SHOW LIMITS name | SHOW PLACEMENT name | SHOW STATUS
 * CREATE USER user IN TENANT tenant PASSWORD 'password'
 * ALTER USER user IN TENANT tenant PASSWORD 'password'
 * ALTER TENANT name SET limit = number [, limit = number ...]
 * ALTER TENANT name RESET limit [, limit ...] | ALTER TENANT name RESET ALL
 * BACKUP TENANT name TO STDOUT
 * RESTORE TENANT name FROM STDIN [FORCE]
 * SHOW MOVES | MOVE SHARD n TO 'node' | MOVE TENANT name TO 'node' | CANCEL MOVE 'id'
 * PROMOTE SHARD n TO 'node' | RESTORE TENANT name AT 'timestamp' [FORCE]
 * DRAIN NODE 'node' | UNDRAIN NODE 'node' | REBALANCE [DRY RUN]
 * </pre>
 *
 * where a limit is one of {@link TenantLimit}: max_database_size (bytes), statement_timeout
 * (milliseconds), max_result_rows; and a figure one of {@link TenantStatsViews#ORDERS} (a tenant
 * named "stats" is shown with {@code SHOW TENANT "stats"}).
 *
 * <p>Node ids and move ids are string literals (a node id need not follow the name rule); a plain
 * name is accepted too. Names follow {@link TenantNames}; unquoted names fold to lower case as
 * Postgres identifiers do. Error messages never quote the statement: it may carry a password.
 */
final class AdminParser {
  private static final String GRAMMAR =
      "SHOW TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n] | SHOW NODES | SHOW SHARDS | SHOW STATUS | SHOW PLACEMENT name | SHOW TENANT name"
          + " | SHOW SESSIONS [FOR TENANT name]"
          + " | SHOW TENANT STATS [ORDER BY figure] [LIMIT n]"
          + " | CREATE TENANT name USER user PASSWORD '...' [WITH OWN SHARD [ON NODE 'node']]"
          + " | DROP TENANT name [FORCE]"
          + " | SHOW LIMITS name | ALTER TENANT name SET limit = n [, ...]"
          + " | ALTER TENANT name RESET limit [, ...] | ALTER TENANT name RESET ALL"
          + " | CREATE USER user IN TENANT name PASSWORD '...'"
          + " | ALTER USER user IN TENANT name PASSWORD '...'"
          + " | BACKUP TENANT name TO STDOUT | RESTORE TENANT name FROM STDIN [FORCE]"
          + " | SHOW MOVES | MOVE SHARD n TO 'node' | MOVE TENANT name TO 'node'"
          + " | CANCEL MOVE 'id' | PROMOTE SHARD n TO 'node'"
          + " | DRAIN NODE 'node' | UNDRAIN NODE 'node' | REBALANCE [DRY RUN]"
          + " | EXPORT TENANTS [PREFIX 'p'] [AFTER 'name'] [LIMIT n]"
          + " | IMPORT TENANTS VALUES ('tenant', 'user', 'password') [, ...]";
  private static final int MAX_ECHO = 64;
  private static final int MAX_ID = 255;

  /** The node id rule the topology enforces (CachedTopology refuses other ids). */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final List<Token> tokens;
  private int i;

  private AdminParser(String statement) {
    this.tokens = Lexer.tokenize(statement);
  }

  static AdminCommand parse(String statement) {
    return new AdminParser(statement).command();
  }

  /**
   * The statement as a BACKUP or RESTORE TENANT, which run as a copy; empty for any other statement
   * and for a malformed one (which then fails as a statement, with the syntax error).
   */
  static java.util.Optional<AdminCommand> copyCommand(String statement) {
    try {
      AdminCommand c = parse(statement);
      return c instanceof AdminCommand.BackupTenant || c instanceof AdminCommand.RestoreTenant
          ? java.util.Optional.of(c)
          : java.util.Optional.empty();
    } catch (PgException e) {
      return java.util.Optional.empty();
    }
  }

  /** Whether significant tokens are one of the SHOW statements the console owns. */
  static boolean isConsoleShow(List<Token> significant) {
    if (significant.size() < 2 || !significant.get(0).isKeyword("SHOW")) {
      return false;
    }
    Token what = significant.get(1);
    if (what.isKeyword("LIMITS") || what.isKeyword("PLACEMENT") || what.isKeyword("SESSIONS")) {
      return true;
    }
    if (what.isKeyword("TENANTS") && significant.size() > 2) {
      Token option = significant.get(2);
      return option.isKeyword("PREFIX") || option.isKeyword("AFTER") || option.isKeyword("LIMIT");
    }
    if (significant.size() == 2) {
      return what.isKeyword("TENANTS")
          || what.isKeyword("NODES")
          || what.isKeyword("SHARDS")
          || what.isKeyword("STATUS")
          || what.isKeyword("MOVES");
    }
    // SHOW TENANT name (a name may lex as several tokens: acme-2); Postgres has no such setting.
    return what.isKeyword("TENANT");
  }

  private AdminCommand command() {
    AdminCommand c;
    if (accept("SHOW")) {
      if (accept("TENANTS")) {
        Page page = page();
        c = new AdminCommand.ShowTenants(page.prefix(), page.after(), page.limit());
      } else if (accept("NODES")) {
        c = new AdminCommand.ShowNodes();
      } else if (accept("SHARDS")) {
        c = new AdminCommand.ShowShards();
      } else if (accept("TENANT")) {
        c = tenantStats();
        if (c == null) {
          c = new AdminCommand.ShowTenant(name("tenant"));
        }
      } else if (accept("LIMITS")) {
        c = new AdminCommand.ShowLimits(name("tenant"));
      } else if (accept("PLACEMENT")) {
        c = new AdminCommand.ShowPlacement(name("tenant"));
      } else if (accept("SESSIONS")) {
        String tenant = "";
        if (accept("FOR")) {
          expect("TENANT");
          tenant = name("tenant");
        }
        c = new AdminCommand.ShowSessions(tenant);
      } else if (accept("STATUS")) {
        c = new AdminCommand.ShowStatus();
      } else if (accept("MOVES")) {
        c = new AdminCommand.ShowMoves();
      } else {
        throw syntaxError();
      }
    } else if (accept("EXPORT")) {
      expect("TENANTS");
      Page page = page();
      c = new AdminCommand.ExportTenants(page.prefix(), page.after(), page.limit());
    } else if (accept("IMPORT")) {
      expect("TENANTS");
      expect("VALUES");
      c = new AdminCommand.ImportTenants(importRows());
    } else if (accept("CREATE", "USER")) {
      c = userPassword(true);
    } else if (accept("ALTER", "USER")) {
      c = userPassword(false);
    } else if (accept("CREATE")) {
      expect("TENANT");
      String name = name("tenant");
      expect("USER");
      String user = name("user");
      expect("PASSWORD");
      String password = password();
      boolean ownShard = false;
      String node = "";
      if (accept("WITH")) {
        expect("OWN");
        expect("SHARD");
        ownShard = true;
        if (accept("ON")) {
          expect("NODE");
          node = nodeId();
        }
      }
      c = new AdminCommand.CreateTenant(name, user, password, ownShard, node);
    } else if (accept("ALTER")) {
      expect("TENANT");
      c = alterLimits(name("tenant"));
    } else if (accept("BACKUP")) {
      expect("TENANT");
      String name = name("tenant");
      expect("TO");
      expect("STDOUT");
      c = new AdminCommand.BackupTenant(name);
    } else if (accept("RESTORE")) {
      expect("TENANT");
      String name = name("tenant");
      if (accept("AT")) {
        long at = timestamp();
        c = new AdminCommand.RestoreTenantAt(name, at, accept("FORCE"));
      } else {
        expect("FROM");
        expect("STDIN");
        c = new AdminCommand.RestoreTenant(name, accept("FORCE"));
      }
    } else if (accept("MOVE", "TENANT")) {
      String name = name("tenant");
      expect("TO");
      c = new AdminCommand.MoveTenant(name, nodeId());
    } else if (accept("MOVE")) {
      expect("SHARD");
      int shard = shardNumber();
      expect("TO");
      c = new AdminCommand.MoveShard(shard, nodeId());
    } else if (accept("PROMOTE")) {
      expect("SHARD");
      int shard = shardNumber();
      expect("TO");
      c = new AdminCommand.PromoteShard(shard, nodeId());
    } else if (accept("CANCEL")) {
      expect("MOVE");
      c = new AdminCommand.CancelMove(literal("move id"));
    } else if (accept("DRAIN")) {
      expect("NODE");
      c = new AdminCommand.DrainNode(nodeId(), true);
    } else if (accept("UNDRAIN")) {
      expect("NODE");
      c = new AdminCommand.DrainNode(nodeId(), false);
    } else if (accept("REBALANCE")) {
      boolean dryRun = accept("DRY", "RUN");
      c = new AdminCommand.Rebalance(dryRun);
    } else if (accept("DROP")) {
      expect("TENANT");
      String name = name("tenant");
      c = new AdminCommand.DropTenant(name, accept("FORCE"));
    } else {
      throw syntaxError();
    }
    if (next() != null) {
      throw syntaxError();
    }
    return c;
  }

  /**
   * {@code STATS [ORDER BY figure] [LIMIT n]} after SHOW TENANT, or null (consuming nothing) when
   * what follows is a tenant's name.
   */
  private AdminCommand tenantStats() {
    int saved = i;
    if (!accept("STATS")) {
      return null;
    }
    int afterStats = i;
    Token following = next();
    i = afterStats;
    if (following != null && !following.isKeyword("ORDER") && !following.isKeyword("LIMIT")) {
      i = saved;
      return null;
    }
    String order = TenantStatsViews.DEFAULT_ORDER;
    if (accept("ORDER")) {
      expect("BY");
      Token t = next();
      order = t == null ? "" : t.text().toLowerCase(Locale.ROOT);
      if (!TenantStatsViews.ORDERS.containsKey(order)) {
        throw PgException.error(
            SqlState.UNDEFINED_COLUMN,
            "SHOW TENANT STATS orders by one of "
                + String.join(", ", TenantStatsViews.ORDERS.keySet()));
      }
    }
    long limit = TenantStatsViews.DEFAULT_LIMIT;
    if (accept("LIMIT")) {
      Token t = next();
      limit = t == null ? -1 : number(t);
      if (limit < 1 || limit > TenantStatsViews.MAX_LIMIT) {
        throw PgException.error(
            SqlState.SYNTAX_ERROR,
            "syntax error: LIMIT takes a number from 1 to " + TenantStatsViews.MAX_LIMIT);
      }
    }
    return new AdminCommand.ShowTenantStats(order, (int) limit);
  }

  /** The optional PREFIX, AFTER and LIMIT of a listing, in that order. */
  private record Page(String prefix, String after, int limit) {}

  private Page page() {
    String prefix = accept("PREFIX") ? string("PREFIX") : "";
    String after = accept("AFTER") ? string("AFTER") : "";
    int limit = AdminCommand.ShowTenants.DEFAULT_LIMIT;
    if (accept("LIMIT")) {
      Token t = next();
      long n = t == null ? -1 : number(t);
      if (n < 1 || n > TenantQuery.MAX_LIMIT) {
        throw PgException.error(
            SqlState.INVALID_PARAMETER_VALUE,
            "LIMIT takes a whole number from 1 to " + TenantQuery.MAX_LIMIT);
      }
      limit = (int) n;
    }
    try {
      new TenantQuery(prefix, after, limit);
    } catch (IllegalArgumentException e) {
      throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, e.getMessage());
    }
    return new Page(prefix, after, limit);
  }

  /** Most rows one IMPORT TENANTS takes. */
  static final int MAX_IMPORT_ROWS = 10_000;

  /** {@code ('tenant', 'user', 'password') [, ...]}: three string literals per row. */
  private java.util.List<AdminCommand.ImportRow> importRows() {
    java.util.List<AdminCommand.ImportRow> rows = new java.util.ArrayList<>();
    do {
      if (rows.size() == MAX_IMPORT_ROWS) {
        throw PgException.error(
            SqlState.PROGRAM_LIMIT_EXCEEDED,
            "IMPORT TENANTS takes at most " + MAX_IMPORT_ROWS + " rows; send several");
      }
      if (!acceptPunctuation('(')) {
        throw syntaxError();
      }
      String tenant = string("a row's tenant");
      expectPunctuation(',');
      String user = string("a row's user");
      expectPunctuation(',');
      String password = string("a row's password");
      expectPunctuation(')');
      rows.add(new AdminCommand.ImportRow(tenant, user, password));
    } while (acceptPunctuation(','));
    return java.util.List.copyOf(rows);
  }

  /** A string literal (never echoed in errors: import rows carry passwords). */
  private String string(String what) {
    Token t = next();
    if (t == null || t.kind() != Token.Kind.STRING) {
      throw PgException.error(
          SqlState.SYNTAX_ERROR, "syntax error: " + what + " is a quoted string: '...'");
    }
    return t.value();
  }

  private void expectPunctuation(char c) {
    if (!acceptPunctuation(c)) {
      throw syntaxError();
    }
  }

  /** {@code user IN TENANT tenant PASSWORD '...'}, after CREATE USER or ALTER USER. */
  private AdminCommand userPassword(boolean create) {
    String user = name("user");
    expect("IN");
    expect("TENANT");
    String tenant = name("tenant");
    expect("PASSWORD");
    return new AdminCommand.SetUserPassword(tenant, user, password(), create);
  }

  /** A shard number: a non-negative integer literal (the shard count bounds it when it runs). */
  private int shardNumber() {
    Token t = next();
    long n = t == null ? -1 : number(t);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw PgException.error(
          SqlState.SYNTAX_ERROR, "syntax error: SHARD takes a shard number (0, 1, ...)");
    }
    return (int) n;
  }

  /**
   * A timestamp literal: ISO-8601 ('2026-12-06T04:00:00Z') or as Postgres prints one ('2026-12-06
   * 04:00:00.123+00'); without a zone it is UTC.
   */
  private long timestamp() {
    Token t = next();
    if (t == null || t.kind() != Token.Kind.STRING) {
      throw PgException.error(SqlState.SYNTAX_ERROR, "syntax error: AT takes a timestamp literal");
    }
    String text = t.value().trim().replace(' ', 'T');
    try {
      return java.time.OffsetDateTime.parse(
              text.matches(".*[+-][0-9]{2}$") ? text + ":00" : text,
              java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (java.time.format.DateTimeParseException zoned) {
      try {
        return java.time.LocalDateTime.parse(text)
            .toInstant(java.time.ZoneOffset.UTC)
            .toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw PgException.error(
            SqlState.INVALID_DATETIME_FORMAT,
            "invalid timestamp: \"" + (text.length() > 64 ? text.substring(0, 64) : text) + "\"");
      }
    }
  }

  /**
   * A node or move id: a string literal, kept as written (not folded), or else a name (folded like
   * any other). Never empty, never longer than {@link #MAX_ID} characters.
   */
  private String literal(String what) {
    int saved = i;
    Token t = next();
    if (t == null) {
      throw syntaxError();
    }
    if (t.kind() != Token.Kind.STRING) {
      i = saved;
      return name(what);
    }
    if (t.value().isEmpty() || t.value().length() > MAX_ID) {
      throw PgException.error(
          SqlState.INVALID_NAME, "invalid " + what + ": use 1-" + MAX_ID + " characters");
    }
    return t.value();
  }

  /** A node id: a literal that follows the topology's node id rule. */
  private String nodeId() {
    String id = literal("node id");
    if (!NODE_ID.matcher(id).matches()) {
      String echo = id.length() > MAX_ECHO ? id.substring(0, MAX_ECHO) + "..." : id;
      throw PgException.error(
          SqlState.INVALID_NAME,
          "invalid node id \""
              + echo
              + "\": use 1-128 characters of A-Z, a-z, 0-9, '_', '.' or '-', starting with a"
              + " letter or digit");
    }
    return id;
  }

  /** A PASSWORD's quoted string, never empty. */
  private String password() {
    Token password = next();
    if (password == null || password.kind() != Token.Kind.STRING) {
      throw PgException.error(
          SqlState.SYNTAX_ERROR, "syntax error: PASSWORD takes a quoted string: '...'");
    }
    if (password.value().isEmpty()) {
      throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "the password must not be empty");
    }
    return password.value();
  }

  private AdminCommand alterLimits(String tenant) {
    Map<TenantLimit, Long> set = new EnumMap<>(TenantLimit.class);
    Set<TenantLimit> reset = EnumSet.noneOf(TenantLimit.class);
    if (accept("SET")) {
      do {
        TenantLimit limit = limit();
        if (!acceptPunctuation('=') && !accept("TO")) {
          throw syntaxError();
        }
        Token value = next();
        long number = value == null ? -1 : number(value);
        if (number < limit.min()) {
          throw PgException.error(
              SqlState.INVALID_PARAMETER_VALUE,
              limit.consoleName() + " takes a whole number of at least " + limit.min());
        }
        set.put(limit, number);
      } while (acceptPunctuation(','));
    } else if (accept("RESET")) {
      if (accept("ALL")) {
        reset.addAll(EnumSet.allOf(TenantLimit.class));
      } else {
        do {
          reset.add(limit());
        } while (acceptPunctuation(','));
      }
    } else {
      throw syntaxError();
    }
    return new AdminCommand.AlterLimits(tenant, Map.copyOf(set), Set.copyOf(reset));
  }

  private TenantLimit limit() {
    Token t = next();
    if (t == null || t.kind() != Token.Kind.WORD) {
      throw syntaxError();
    }
    return TenantLimit.byConsoleName(t.text())
        .orElseThrow(
            () ->
                PgException.error(
                    SqlState.UNDEFINED_OBJECT,
                    "unknown limit; the limits are max_database_size, statement_timeout and"
                        + " max_result_rows"));
  }

  /** A non-negative integer literal, or -1 when the token is none. */
  private static long number(Token t) {
    if (t.kind() != Token.Kind.NUMBER) {
      return -1;
    }
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException notAnInteger) {
      return -1;
    }
  }

  private boolean acceptPunctuation(char c) {
    int saved = i;
    Token t = next();
    if (t != null && t.isPunctuation(c)) {
      return true;
    }
    i = saved;
    return false;
  }

  /**
   * A name: a quoted identifier, or the run of adjacent tokens with no space between them (a name
   * like {@code acme-2} lexes as a word, a '-' and a number).
   */
  private String name(String what) {
    Token first = next();
    if (first == null) {
      throw syntaxError();
    }
    String name;
    if (first.kind() == Token.Kind.QUOTED_IDENTIFIER) {
      name = first.value();
    } else if (first.kind() == Token.Kind.WORD || first.kind() == Token.Kind.NUMBER) {
      StringBuilder sb = new StringBuilder(first.text());
      int end = first.end();
      while (i < tokens.size() && tokens.get(i).start() == end && isNamePart(tokens.get(i))) {
        sb.append(tokens.get(i).text());
        end = tokens.get(i).end();
        i++;
      }
      name = sb.toString().toLowerCase(Locale.ROOT);
    } else {
      throw syntaxError();
    }
    if (!TenantNames.isValid(name)) {
      String echo = name.length() > MAX_ECHO ? name.substring(0, MAX_ECHO) + "..." : name;
      throw PgException.error(
          SqlState.INVALID_NAME,
          "invalid "
              + what
              + " name \""
              + echo
              + "\": use 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or"
              + " digit");
    }
    return name;
  }

  private static boolean isNamePart(Token t) {
    return t.kind() == Token.Kind.WORD || t.kind() == Token.Kind.NUMBER || t.isPunctuation('-');
  }

  private Token next() {
    while (i < tokens.size() && !tokens.get(i).isSignificant()) {
      i++;
    }
    return i < tokens.size() ? tokens.get(i++) : null;
  }

  /** Consumes the keywords if they all come next, else nothing. */
  private boolean accept(String first, String second) {
    int saved = i;
    if (accept(first) && accept(second)) {
      return true;
    }
    i = saved;
    return false;
  }

  private boolean accept(String keyword) {
    int saved = i;
    Token t = next();
    if (t != null && t.isKeyword(keyword)) {
      return true;
    }
    i = saved;
    return false;
  }

  private void expect(String keyword) {
    if (!accept(keyword)) {
      throw syntaxError();
    }
  }

  private static PgException syntaxError() {
    return PgException.error(
        SqlState.SYNTAX_ERROR, "syntax error in admin console statement; expected " + GRAMMAR);
  }
}
