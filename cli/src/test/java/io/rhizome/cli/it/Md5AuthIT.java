/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rhizome standalone --auth-method md5}: Postgres' md5 challenge with psql and pgjdbc. */
class Md5AuthIT extends PasswordMethodContract {
  Md5AuthIT() {
    super("md5", 5);
  }

  @Test
  void theClusterKeepsItsMethodAndAProcessNamingAnotherIsRefused() throws Exception {
    Path other = Files.createTempDirectory("rhizome-md5-restart-");
    int otherPort = freePort();
    try {
      try (RhizomeProcess created =
          startStandalone("standalone-md5-restart", other, otherPort, "--auth-method", "md5")) {
        assertEquals(5, authRequestCode(otherPort, "admin", "rhizome"));
      }
      Result refused =
          RhizomeProcess.run(
              Map.of(),
              null,
              "standalone",
              "--data",
              other.toString(),
              "--listen",
              "127.0.0.1:" + otherPort,
              "--auth-method",
              "scram-sha-256");
      assertNotEquals(0, refused.exitCode(), refused::toString);
      assertTrue(
          refused.stderr().contains("was created with auth method md5, not scram-sha-256"),
          refused::toString);
      try (RhizomeProcess joined = startStandalone("standalone-md5-restart", other, otherPort)) {
        assertEquals(5, authRequestCode(otherPort, "admin", "rhizome"));
      }
    } finally {
      deleteQuietly(other);
    }
  }
}
