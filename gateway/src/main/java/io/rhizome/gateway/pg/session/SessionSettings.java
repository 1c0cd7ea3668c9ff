/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.Severity;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A session's run-time settings (what Postgres calls GUCs), kept at the gateway: SET, RESET, SHOW,
 * set_config() and current_setting() never reach SQLite. Every parameter PostgreSQL 15 knows
 * ({@link PgParameters}) may be shown, and set as Postgres allows (only user-settable ones, values
 * checked against the parameter's type and range); custom parameters ({@code app.x}) are free.
 * Values Rhizome cannot honour are refused rather than stored as a lie: client_encoding is UTF8
 * only (under any of its names), DateStyle ISO only, standard_conforming_strings on only. Others
 * (TimeZone, extra_float_digits, statement_timeout, ...) are kept and shown back but do not change
 * what the node does.
 *
 * <p>Startup-packet values become the session defaults that RESET returns to, as in Postgres. SET
 * LOCAL lasts until the transaction ends; the session learns that from the transaction status of
 * each ReadyForQuery ({@link #atReadyForQuery}). The number of custom settings is bounded.
 */
public final class SessionSettings implements SessionContext {
  static final int MAX_SETTINGS = 256;

  /** Reported to the client in ParameterStatus (Postgres 15's GUC_REPORT set). */
  private static final Set<String> REPORTED =
      Set.of(
          "application_name",
          "client_encoding",
          "datestyle",
          "default_transaction_read_only",
          "in_hot_standby",
          "integer_datetimes",
          "intervalstyle",
          "is_superuser",
          "server_encoding",
          "server_version",
          "session_authorization",
          "standard_conforming_strings",
          "timezone");

  /** Startup-packet keys that are not settings. */
  private static final Set<String> NOT_SETTINGS =
      Set.of("user", "database", "options", "replication");

  /** Parameters that are lists of identifiers: items are quoted as SHOW prints them. */
  private static final Set<String> LIST_QUOTED = Set.of("search_path", "temp_tablespaces");

  private final String user;
  private final String database;
  private int backendPid;

  /** What RESET returns to: Rhizome's values, then the startup packet's. */
  private final Map<String, String> defaults = new LinkedHashMap<>();

  /** Values SET for the session. */
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Values SET LOCAL for the current transaction. */
  private final Map<String, String> local = new HashMap<>();

  /** Custom parameters' names as first written (their display names). */
  private final Map<String, String> customNames = new HashMap<>();

  /** ParameterStatus messages owed to the client for changes it did not make by a statement. */
  private final List<ParameterStatus> pending = new ArrayList<>();

  private TxStatus txStatus = TxStatus.IDLE;

  private SessionSettings(String user, String database) {
    this.user = user;
    this.database = database;
    defaults.put("server_version", ServerIdentity.SERVER_VERSION);
    defaults.put("server_version_num", ServerIdentity.SERVER_VERSION_NUM);
    defaults.put("server_encoding", "UTF8");
    defaults.put("client_encoding", "UTF8");
    defaults.put("datestyle", "ISO, MDY");
    defaults.put("intervalstyle", "postgres");
    defaults.put("integer_datetimes", "on");
    defaults.put("standard_conforming_strings", "on");
    defaults.put("timezone", "UTC");
    defaults.put("log_timezone", "UTC");
    defaults.put("application_name", "");
    defaults.put("is_superuser", "off");
    defaults.put("session_authorization", user);
    defaults.put("in_hot_standby", "off");
    defaults.put("default_transaction_read_only", "off");
    // SQLite transactions are serializable; a weaker level asked for is served by this one.
    defaults.put("transaction_isolation", "serializable");
    defaults.put("default_transaction_isolation", "serializable");
    defaults.put("extra_float_digits", "1");
    defaults.put("search_path", "\"$user\", public");
    for (String lc :
        List.of("lc_collate", "lc_ctype", "lc_messages", "lc_monetary", "lc_numeric", "lc_time")) {
      defaults.put(lc, "C");
    }
  }

  /**
   * Settings for a new session: the defaults, overridden by the startup packet.
   *
   * @throws PgException (FATAL) for a value Rhizome refuses, e.g. client_encoding LATIN1
   */
  public static SessionSettings forStartup(String user, Map<String, String> startupParameters) {
    // Postgres' rule: the database defaults to the user's name.
    SessionSettings s = new SessionSettings(user, startupParameters.getOrDefault("database", user));
    for (Map.Entry<String, String> e : startupParameters.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (NOT_SETTINGS.contains(key) || key.startsWith("_pq_.")) {
        continue;
      }
      PgParameters.Parameter p = PgParameters.find(key);
      if (p == null && key.indexOf('.') < 0) {
        continue; // unknown startup options are ignored, as older servers did
      }
      if (p != null && !p.settable() && !p.context().equals("backend")) {
        continue; // a client cannot override these; Postgres ignores them at startup too
      }
      try {
        String value = s.normalize(key, p, e.getValue());
        s.requireRoom(key);
        s.defaults.put(key, value);
        if (p == null) {
          s.customNames.put(key, e.getKey());
        }
      } catch (PgException refused) {
        throw new PgException(refused.error().withSeverity(Severity.FATAL));
      }
    }
    return s;
  }

  /** Records the process id sent in BackendKeyData, which pg_backend_pid() reports. */
  void identify(int processId) {
    backendPid = processId;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public int backendPid() {
    return backendPid;
  }

  @Override
  public String versionString() {
    return ServerIdentity.VERSION_STRING;
  }

  /**
   * The session's transaction status at a ReadyForQuery (or before a session statement runs): when
   * a transaction has ended, its SET LOCAL values go. Returns the ParameterStatus messages the
   * client is owed, for changes of reported settings it did not make by a statement.
   */
  List<ParameterStatus> atReadyForQuery(TxStatus status) {
    transactionStatus(status);
    return takeReports();
  }

  /** Tells the settings the transaction status (a transaction's end drops its SET LOCAL values). */
  void transactionStatus(TxStatus status) {
    txStatus = status == TxStatus.TX_STATUS_UNSPECIFIED ? TxStatus.IDLE : status;
    if (txStatus == TxStatus.IDLE && !local.isEmpty()) {
      List<String> changed = new ArrayList<>(local.keySet());
      local.clear();
      for (String key : changed) {
        report(key).ifPresent(pending::add);
      }
    }
  }

  /** The ParameterStatus messages owed since the last call. */
  List<ParameterStatus> takeReports() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<ParameterStatus> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** SET name TO value; returns the ParameterStatus to send if the setting is reported. */
  public Optional<ParameterStatus> set(String name, String value) {
    return set(name, value, false);
  }

  /**
   * SET [LOCAL] name TO value. SET LOCAL outside a transaction has no effect, as in Postgres.
   *
   * @throws PgException 42704 for an unknown parameter, 55P02 for one a session cannot set, 22023
   *     for a value it does not take
   */
  public Optional<ParameterStatus> set(String name, String value, boolean isLocal) {
    String key = name.toLowerCase(Locale.ROOT);
    PgParameters.Parameter p = settable(key, name);
    String normalized = normalize(key, p, value);
    if (isLocal) {
      if (txStatus == TxStatus.IDLE) {
        return Optional.empty();
      }
      requireRoom(key);
      local.put(key, normalized);
    } else {
      requireRoom(key);
      values.put(key, normalized);
      local.remove(key);
    }
    if (p == null) {
      customNames.putIfAbsent(key, name);
    }
    return report(key);
  }

  /** RESET name: back to the session default (or removed, for a custom setting). */
  public Optional<ParameterStatus> reset(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    settable(key, name);
    values.remove(key);
    local.remove(key);
    return report(key);
  }

  /** RESET ALL; returns the ParameterStatus messages for reported settings that changed. */
  public List<ParameterStatus> resetAll() {
    List<ParameterStatus> changed = new ArrayList<>();
    List<String> keys = new ArrayList<>(values.keySet());
    keys.addAll(local.keySet());
    for (String key : keys) {
      String before = value(key);
      values.remove(key);
      local.remove(key);
      String after = value(key);
      if (after != null && !after.equals(before)) {
        report(key).ifPresent(changed::add);
      }
    }
    return changed;
  }

  /**
   * The value of a setting, as SHOW prints it.
   *
   * @throws PgException 42704 for a name never set, 42501 for one only a superuser may see
   */
  public String show(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    String value = value(key);
    if (value == null) {
      PgParameters.Parameter p = PgParameters.find(key);
      if (p != null) {
        throw PgException.error(
            SqlState.INSUFFICIENT_PRIVILEGE,
            "must be superuser or have privileges of pg_read_all_settings to examine \""
                + p.name()
                + "\"");
      }
      throw PgException.error(
          SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    return value;
  }

  @Override
  public String setting(String name) {
    try {
      return show(name);
    } catch (PgException e) {
      throw new SqlException(
          e.error().state() == SqlState.UNDEFINED_OBJECT
              ? SqlException.Reason.UNDEFINED_OBJECT
              : SqlException.Reason.FEATURE_NOT_SUPPORTED,
          e.error().message());
    }
  }

  @Override
  public Optional<String> settingIfExists(String name) {
    return Optional.ofNullable(value(name.toLowerCase(Locale.ROOT)));
  }

  /** The current value, or null for none. */
  private String value(String key) {
    String v = local.get(key);
    if (v == null) {
      v = values.get(key);
    }
    if (v == null) {
      v = defaults.get(key);
    }
    if (v == null) {
      PgParameters.Parameter p = PgParameters.find(key);
      v = p == null ? null : p.boot();
    }
    return v;
  }

  /** The name as Postgres displays it (e.g. "TimeZone"). */
  public static String displayName(String name) {
    PgParameters.Parameter p = PgParameters.find(name);
    return p == null ? name.toLowerCase(Locale.ROOT) : p.name();
  }

  private String display(String key) {
    PgParameters.Parameter p = PgParameters.find(key);
    return p != null ? p.name() : customNames.getOrDefault(key, key);
  }

  /** Every reported setting, in a stable order: the ParameterStatus burst after authentication. */
  public List<ParameterStatus> reported() {
    List<ParameterStatus> out = new ArrayList<>();
    for (String key : REPORTED.stream().sorted().toList()) {
      report(key).ifPresent(out::add);
    }
    return out;
  }

  /** SHOW ALL: every setting the session may see, as (name, setting, description), by name. */
  public List<List<String>> all() {
    List<List<String>> out = new ArrayList<>();
    Map<String, String> names = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (PgParameters.Parameter p : PgParameters.all()) {
      names.put(p.name(), p.name().toLowerCase(Locale.ROOT));
    }
    for (String key : values.keySet()) {
      names.putIfAbsent(display(key), key);
    }
    for (String key : defaults.keySet()) {
      names.putIfAbsent(display(key), key);
    }
    for (Map.Entry<String, String> e : names.entrySet()) {
      String v = value(e.getValue());
      if (v != null) {
        PgParameters.Parameter p = PgParameters.find(e.getValue());
        out.add(
            List.of(e.getKey(), v, p == null || p.description() == null ? "" : p.description()));
      }
    }
    return out;
  }

  @Override
  public List<SettingRow> settings() {
    List<SettingRow> rows = new ArrayList<>();
    for (PgParameters.Parameter p : PgParameters.all()) {
      String key = p.name().toLowerCase(Locale.ROOT);
      String v = value(key);
      if (v == null) {
        continue;
      }
      String source = local.containsKey(key) || values.containsKey(key) ? "session" : "default";
      String boot = defaults.getOrDefault(key, p.boot());
      rows.add(
          new SettingRow(
              p.name(),
              v,
              p.unit(),
              p.category(),
              p.description(),
              p.context(),
              p.vartype(),
              source,
              boot,
              boot));
    }
    return rows;
  }

  /**
   * The parameter a session may set under this name: a known settable one, or a custom one (with a
   * dot). Null for a custom parameter.
   */
  private PgParameters.Parameter settable(String key, String name) {
    PgParameters.Parameter p = PgParameters.find(key);
    if (p == null && key.indexOf('.') < 0 && defaults.containsKey(key)) {
      // Reported but not listed in pg_settings (is_superuser, session_authorization).
      throw PgException.error(
          SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + key + "\" cannot be changed");
    }
    if (p == null) {
      if (key.indexOf('.') < 0) {
        throw PgException.error(
            SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
      }
      return null;
    }
    if (p.settable() && !key.equals("is_superuser")) {
      return p;
    }
    String why =
        switch (p.context()) {
          case "postmaster" -> " cannot be changed without restarting the server";
          case "sighup" -> " cannot be changed now";
          case "backend", "superuser-backend" -> " cannot be set after connection start";
          default -> " cannot be changed";
        };
    throw PgException.error(
        SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + p.name() + "\"" + why);
  }

  private Optional<ParameterStatus> report(String key) {
    if (!REPORTED.contains(key)) {
      return Optional.empty();
    }
    String v = value(key);
    return v == null ? Optional.empty() : Optional.of(new ParameterStatus(display(key), v));
  }

  private void requireRoom(String key) {
    if (PgParameters.find(key) == null
        && !values.containsKey(key)
        && !defaults.containsKey(key)
        && customNames.size() >= MAX_SETTINGS) {
      throw PgException.error(
          SqlState.PROGRAM_LIMIT_EXCEEDED,
          "too many session settings (limit " + MAX_SETTINGS + ")");
    }
  }

  /** Validates and canonicalizes a value; refuses what Rhizome cannot honour. */
  private String normalize(String key, PgParameters.Parameter p, String value) {
    switch (key) {
      case "client_encoding" -> {
        // Postgres compares encoding names without case or punctuation: 'utf-8', UTF8, utf_8.
        String v = value.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        // libpq in a C locale asks for SQL_ASCII, which means "bytes pass unconverted": that is
        // exactly what happens to UTF-8 here, so it is served as UTF8.
        if (!(v.equals("UTF8") || v.equals("UNICODE") || v.equals("SQLASCII"))) {
          throw invalid("client_encoding", value, "Rhizome speaks UTF8 only.");
        }
        return "UTF8";
      }
      case "datestyle" -> {
        return dateStyle(value);
      }
      case "standard_conforming_strings" -> {
        String v = ParameterValues.normalize(p, value);
        if (!v.equals("on")) {
          throw invalid(
              "standard_conforming_strings",
              value,
              "Rhizome supports standard_conforming_strings on only.");
        }
        return v;
      }
      default -> {
        return p == null ? value : ParameterValues.normalize(p, value);
      }
    }
  }

  /** A list parameter's value from SET's items, each quoted as Postgres quotes identifiers. */
  static boolean isListQuoted(String name) {
    return LIST_QUOTED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Accepts ISO output style with any field order; Rhizome prints ISO dates only. */
  private static String dateStyle(String value) {
    boolean iso = false;
    String order = "MDY";
    for (String part : value.split(",")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      switch (p) {
        case "ISO" -> iso = true;
        case "MDY", "US", "NONEUROPEAN" -> order = "MDY";
        case "DMY", "EUROPEAN" -> order = "DMY";
        case "YMD" -> order = "YMD";
        default -> throw invalid("DateStyle", value, "Rhizome prints dates in ISO style only.");
      }
    }
    if (!iso) {
      throw invalid("DateStyle", value, "Rhizome prints dates in ISO style only.");
    }
    return "ISO, " + order;
  }

  private static PgException invalid(String name, String value, String hint) {
    return new PgException(
        PgError.error(
                SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"")
            .withHint(hint));
  }
}
