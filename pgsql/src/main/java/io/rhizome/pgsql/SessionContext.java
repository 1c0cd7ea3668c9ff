/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.List;
import java.util.Optional;

/**
 * What a translation needs to know about the session it runs in: the facts the gateway holds (who
 * is connected to which database, the session's settings). Functions such as {@code current_user}
 * and {@code current_setting('x')}, and the relations {@code pg_settings} and {@code pg_roles},
 * become constants of these values in the translated statement: a statement prepared once keeps the
 * values of the moment it was prepared.
 */
public interface SessionContext {
  /** The user the session signed in as (current_user, session_user). */
  String user();

  /** The database (tenant) the session is connected to (current_database()). */
  String database();

  /** The process id the session reported in BackendKeyData (pg_backend_pid()). */
  int backendPid();

  /** What version() returns. */
  String versionString();

  /**
   * The value of a setting, as SHOW prints it.
   *
   * @throws SqlException 42704 for a setting that does not exist
   */
  String setting(String name);

  /** A setting's value, empty when it does not exist (current_setting(name, true)). */
  Optional<String> settingIfExists(String name);

  /** The rows of pg_settings. */
  List<SettingRow> settings();

  /**
   * One row of {@code pg_settings} (the columns clients read; the rest are NULL).
   *
   * @param vartype bool, integer, real, string or enum
   */
  record SettingRow(
      String name,
      String setting,
      String unit,
      String category,
      String shortDesc,
      String context,
      String vartype,
      String source,
      String bootVal,
      String resetVal) {}
}
