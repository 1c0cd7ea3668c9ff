/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.session;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.codec.Severity;
import io.rhizome.proto.SqlState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A session's run-time settings (what Postgres calls GUCs), kept at the gateway: SET, RESET and
 * SHOW never reach SQLite. Names are case-insensitive. Values that Rhizome cannot honour are
 * refused rather than stored as a lie: client_encoding is UTF8 only, DateStyle ISO only,
 * standard_conforming_strings on only. Other settings (TimeZone, extra_float_digits, custom ones)
 * are stored and shown back but do not change how values are printed.
 *
 * <p>Startup-packet values become the session defaults that RESET returns to, as in Postgres. The
 * number of distinct settings is bounded.
 */
public final class SessionSettings {
  static final int MAX_SETTINGS = 256;

  /** Reported to the client in ParameterStatus (Postgres' GUC_REPORT set). */
  private static final Set<String> REPORTED =
      Set.of(
          "application_name",
          "client_encoding",
          "datestyle",
          "integer_datetimes",
          "intervalstyle",
          "is_superuser",
          "server_encoding",
          "server_version",
          "session_authorization",
          "standard_conforming_strings",
          "timezone");

  private static final Set<String> READ_ONLY =
      Set.of(
          "server_version",
          "server_encoding",
          "integer_datetimes",
          "is_superuser",
          "session_authorization",
          "transaction_isolation");

  /** Startup-packet keys that are not settings. */
  private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options");

  private static final Map<String, String> DISPLAY_NAMES =
      Map.of("datestyle", "DateStyle", "timezone", "TimeZone", "intervalstyle", "IntervalStyle");

  private final Map<String, String> defaults = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final String user;
  private final String database;
  private int backendPid;

  private SessionSettings(String user, String database) {
    this.user = user;
    this.database = database;
    defaults.put("server_version", ServerIdentity.SERVER_VERSION);
    defaults.put("server_encoding", "UTF8");
    defaults.put("client_encoding", "UTF8");
    defaults.put("datestyle", "ISO, MDY");
    defaults.put("intervalstyle", "postgres");
    defaults.put("integer_datetimes", "on");
    defaults.put("standard_conforming_strings", "on");
    defaults.put("timezone", "UTC");
    defaults.put("application_name", "");
    defaults.put("is_superuser", "off");
    defaults.put("session_authorization", user);
    // SQLite transactions are serializable; there is no weaker level to choose.
    defaults.put("transaction_isolation", "serializable");
    defaults.put("default_transaction_isolation", "serializable");
    defaults.put("extra_float_digits", "1");
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
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (NOT_SETTINGS.contains(name) || name.startsWith("_pq_.")) {
        continue;
      }
      if (READ_ONLY.contains(name)) {
        continue; // a client cannot override these; Postgres ignores them at startup too
      }
      try {
        requireRoom(name, s.defaults);
        s.defaults.put(name, normalize(name, e.getValue()));
      } catch (PgException refused) {
        throw new PgException(refused.error().withSeverity(Severity.FATAL));
      }
    }
    s.values.putAll(s.defaults);
    return s;
  }

  /** Records the process id sent in BackendKeyData, which pg_backend_pid() reports. */
  void identify(int processId) {
    backendPid = processId;
  }

  /** The user the session logged in as (current_user). */
  String user() {
    return user;
  }

  /** The database the session is connected to (current_database()). */
  String database() {
    return database;
  }

  /** The session's process id (0 before the session is open). */
  int backendPid() {
    return backendPid;
  }

  /** SET name TO value; returns the ParameterStatus to send if the setting is reported. */
  public Optional<ParameterStatus> set(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    if (READ_ONLY.contains(key)) {
      throw PgException.error(
          SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + key + "\" cannot be changed");
    }
    requireRoom(key, values);
    values.put(key, normalize(key, value));
    return report(key);
  }

  /** RESET name: back to the session default (or removed, for a custom setting). */
  public Optional<ParameterStatus> reset(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (READ_ONLY.contains(key)) {
      throw PgException.error(
          SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + key + "\" cannot be changed");
    }
    String fallback = defaults.get(key);
    if (fallback == null) {
      values.remove(key);
    } else {
      values.put(key, fallback);
    }
    return report(key);
  }

  /** RESET ALL; returns the ParameterStatus messages for reported settings that changed. */
  public List<ParameterStatus> resetAll() {
    List<ParameterStatus> changed = new ArrayList<>();
    for (String key : List.copyOf(values.keySet())) {
      String before = values.get(key);
      String after = defaults.get(key);
      if (after == null) {
        values.remove(key);
      } else if (!after.equals(before)) {
        values.put(key, after);
        report(key).ifPresent(changed::add);
      }
    }
    return changed;
  }

  /**
   * The value of a setting.
   *
   * @throws PgException 42704 for a name never set
   */
  public String show(String name) {
    String value = values.get(name.toLowerCase(Locale.ROOT));
    if (value == null) {
      throw PgException.error(
          SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    return value;
  }

  /** The name as Postgres displays it (e.g. "TimeZone"). */
  public static String displayName(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return DISPLAY_NAMES.getOrDefault(key, key);
  }

  /** Every reported setting, in a stable order: the ParameterStatus burst after authentication. */
  public List<ParameterStatus> reported() {
    List<ParameterStatus> out = new ArrayList<>();
    for (String key : values.keySet()) {
      report(key).ifPresent(out::add);
    }
    return out;
  }

  /** Every setting as (display name, value), for SHOW ALL. */
  public List<ParameterStatus> all() {
    List<ParameterStatus> out = new ArrayList<>();
    values.keySet().stream()
        .sorted()
        .forEach(k -> out.add(new ParameterStatus(displayName(k), values.get(k))));
    return out;
  }

  private Optional<ParameterStatus> report(String key) {
    if (!REPORTED.contains(key) || !values.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(new ParameterStatus(displayName(key), values.get(key)));
  }

  private static void requireRoom(String key, Map<String, String> map) {
    if (!map.containsKey(key) && map.size() >= MAX_SETTINGS) {
      throw PgException.error(
          SqlState.PROGRAM_LIMIT_EXCEEDED,
          "too many session settings (limit " + MAX_SETTINGS + ")");
    }
  }

  /** Validates and canonicalizes a value; refuses what Rhizome cannot honour. */
  private static String normalize(String key, String value) {
    return switch (key) {
      case "client_encoding" -> {
        String v = value.strip().toUpperCase(Locale.ROOT);
        // libpq in a C locale asks for SQL_ASCII, which means "bytes pass unconverted": that is
        // exactly what happens to UTF-8 here, so it is served as UTF8.
        if (!(v.equals("UTF8")
            || v.equals("UTF-8")
            || v.equals("UNICODE")
            || v.equals("SQL_ASCII"))) {
          throw invalid(key, value, "Rhizome speaks UTF8 only.");
        }
        yield "UTF8";
      }
      case "datestyle" -> dateStyle(value);
      case "standard_conforming_strings" -> {
        if (!isOn(value)) {
          throw invalid(key, value, "Rhizome supports standard_conforming_strings on only.");
        }
        yield "on";
      }
      default -> value;
    };
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

  private static boolean isOn(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("on") || v.equals("true") || v.equals("yes") || v.equals("1");
  }

  private static PgException invalid(String name, String value, String hint) {
    return new PgException(
        PgError.error(
                SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"")
            .withHint(hint));
  }
}
