/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.session;

import java.util.List;

/**
 * A statement about the session that the gateway answers itself: settings, their display, and the
 * statements connection pools and drivers send to reset a session. SQLite has none of them.
 */
public sealed interface SessionCommand {

  /** One item of a SET value list, as written. */
  record Value(String text, Kind kind) {
    public enum Kind {
      /** A string constant: its value. */
      STRING,
      /** An identifier, folded to lower case unless quoted (then {@code quoted}). */
      WORD,
      QUOTED,
      NUMBER
    }
  }

  /**
   * {@code SET [SESSION | LOCAL] name {TO | =} value [, ...]}, also SET TIME ZONE, SET NAMES and
   * SET SCHEMA; {@code values} null means DEFAULT (which is RESET).
   */
  record Set(String name, List<Value> values, boolean local) implements SessionCommand {}

  /** {@code RESET name}; {@code name} null for RESET ALL. */
  record Reset(String name) implements SessionCommand {}

  /** {@code SHOW name}; {@code name} null for SHOW ALL. */
  record Show(String name) implements SessionCommand {}

  /**
   * {@code DISCARD ALL | PLANS | SEQUENCES | TEMP}; {@code what} upper case (TEMPORARY is TEMP).
   */
  record Discard(String what) implements SessionCommand {}

  /**
   * A statement accepted with nothing to do: SET TRANSACTION and SET SESSION CHARACTERISTICS (a
   * SQLite transaction is serializable), CLOSE ALL (no cursors), UNLISTEN (no listeners), RESET
   * ROLE. {@code tag} is the command tag to answer.
   */
  record NoOp(String tag) implements SessionCommand {}

  /**
   * {@code SELECT f(args) [AS alias]} of a session function: version(), current_schema(),
   * current_schemas(b), current_database(), current_catalog, current_user, session_user, user,
   * pg_backend_pid(), current_setting(name [, missing_ok]), set_config(name, value, is_local),
   * pg_advisory_unlock_all(). {@code function} lower case; {@code args} the constants' values
   * (booleans as "t"/"f"); {@code column} the output column's name.
   */
  record Call(String function, List<String> args, String column) implements SessionCommand {}
}
