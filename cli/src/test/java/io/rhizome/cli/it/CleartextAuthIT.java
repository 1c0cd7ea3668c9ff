/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code rhizome standalone --auth-method password}: cleartext passwords checked against the SCRAM
 * verifiers, with psql and pgjdbc.
 */
class CleartextAuthIT extends PasswordMethodContract {
  CleartextAuthIT() {
    super("password", 3);
  }

  @Test
  void warnsThatPasswordsCrossTheNetworkUnencryptedWithoutTls() {
    String log = server().logText();
    assertTrue(log.contains("cleartext passwords"), log);
    assertTrue(log.contains("has no TLS"), log);
  }
}
