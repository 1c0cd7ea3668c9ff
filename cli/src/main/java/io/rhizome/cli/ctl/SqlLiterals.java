/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

/** Quotes values into console statements. */
final class SqlLiterals {
  private SqlLiterals() {}

  /**
   * A standard SQL string literal: single quotes doubled. The console runs with
   * standard_conforming_strings on, so backslashes need no escaping.
   */
  static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("value must not contain a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
