/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rhizome standalone --auth-method password}: cleartext passwords checked against the SCRAM
 * verifiers, with psql and pgjdbc.
 */
class CleartextAuthIT extends PasswordMethodContract {
  private static Path data;
  private static int port;
  private static RhizomeProcess server;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("rhizome-password-");
    port = freePort();
    server = startStandalone("standalone-password", data, port, "--auth-method", "password");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    deleteQuietly(data);
  }

  @Override
  int port() {
    return port;
  }

  @Override
  int expectedRequestCode() {
    return 3;
  }

  @Test
  void warnsThatPasswordsCrossTheNetworkUnencryptedWithoutTls() {
    String log = server.logText();
    assertTrue(log.contains("cleartext passwords"), log);
    assertTrue(log.contains("has no TLS"), log);
  }
}
