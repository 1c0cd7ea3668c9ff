/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import io.rhizome.topology.TenantNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** What ctl commands read from the operator: names checked before use, passwords from stdin. */
final class CtlInput {
  private CtlInput() {}

  /** Names go into console statements unquoted, so only the strict tenant-name rule may pass. */
  static void requireIdentifier(String what, String value) throws CtlException {
    if (!TenantNames.isValid(value)) {
      throw new CtlException(
          "invalid "
              + what
              + ": use 1-63 characters of a-z, 0-9, '_' or '-', starting with a"
              + " letter or digit");
    }
  }

  /**
   * The first line of standard input: a password never comes from an argument, where a process list
   * or shell history would show it.
   */
  static String readPassword() throws IOException, CtlException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null || line.isEmpty()) {
      throw new CtlException("expected the password on the first line of standard input");
    }
    return line;
  }
}
