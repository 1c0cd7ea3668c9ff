/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static io.rhizome.cli.it.LocalCluster.ctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ctl tenant import, export and list against a real cluster (etcd, a node, a gateway): Postgres'
 * stored passwords sign in through psql, a re-run changes nothing, bad rows are reported with their
 * line and the exit code says so, an export imports back, and listings come in pages.
 */
class TenantImportIT {
  /** PostgreSQL 15's pg_authid.rolpassword of CREATE ROLE bob PASSWORD 'hunter2'. */
  private static final String HUNTER2 =
      "SCRAM-SHA-256$4096:kSQZC+4ya3jyGEUcu8SVTQ==$2cQUuWT2pA6ZmTaefnTtxY3UE27CPNjpJRmNMajx998="
          + ":qgFyYfRjuQo7xkEEJXBPQYv8xuZiiEcgX4V9MqDVp6A=";

  @Test
  void importsFromAPostgresExportReRunsIdempotentlyExportsAndPages() throws Exception {
    try (LocalCluster cluster = new LocalCluster("tenant-import")) {
      cluster.node("n1", cluster.dataDir("n1"), FreePort.pick());
      int gateway = FreePort.pick();
      cluster.gateway("gateway", gateway);
      Path dir = cluster.dataDir("files");
      Path csv = dir.resolve("tenants.csv");
      Files.writeString(
          csv,
          "tenant,user,password\n"
              + "acme,bob,"
              + HUNTER2
              + "\n"
              + "acme,app,\"pw, with \"\"quotes\"\"\"\n"
              + "globex,bob,"
              + HUNTER2
              + "\n"
              + "Bad Name,app,pw\n"
              + "initech,app,md50123456789abcdef0123456789abcdef\n"
              + "short,row\n");

      Result first =
          Until.until(
              () -> ctl(gateway, "--json", "tenant", "import", csv.toString()),
              r -> !r.stderr().contains("no live node"),
              Duration.ofSeconds(30));

      assertEquals(1, first.exitCode(), first::toString);
      assertTrue(first.stdout().contains("\"tenants_created\":2"), first::toString);
      assertTrue(first.stdout().contains("\"invalid\":3"), first::toString);
      assertTrue(first.stderr().contains("line 5: not imported: tenant Bad Name"), first::toString);
      assertTrue(
          first.stderr().contains("line 6: not imported: tenant initech: an md5"), first::toString);
      assertTrue(
          first.stderr().contains("line 7: not imported: expected 3 fields"), first::toString);
      assertFalse(first.stderr().contains("0123456789abcdef"), "secrets are never echoed");
      // Users keep the password they had in Postgres, and a quoted CSV password works.
      assertEquals("1\n", Psql.script(gateway, "acme", "bob", "hunter2", "SELECT 1;").stdout());
      assertEquals(
          "1\n", Psql.script(gateway, "acme", "app", "pw, with \"quotes\"", "SELECT 1;").stdout());
      Result wrong = Psql.script(gateway, "globex", "bob", "hunter3", "SELECT 1;");
      assertTrue(wrong.stderr().contains("password authentication failed"), wrong::toString);

      Result again = ctl(gateway, "--json", "tenant", "import", csv.toString());
      assertTrue(again.stdout().contains("\"tenants_created\":0"), again::toString);
      assertTrue(again.stdout().contains("\"existing\":3"), again::toString);

      Path exported = dir.resolve("export.csv");
      Result export = ctl(gateway, "tenant", "export", "--to", exported.toString());
      assertEquals(0, export.exitCode(), export::toString);
      List<String> lines = Files.readAllLines(exported);
      assertEquals("tenant,user,password", lines.get(0));
      assertEquals("acme,bob," + HUNTER2, lines.get(1));
      assertEquals(4, lines.size(), lines::toString);
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(exported)));
      assertEquals(0, ctl(gateway, "tenant", "drop", "acme").exitCode());
      Result back = ctl(gateway, "--json", "tenant", "import", exported.toString());
      assertEquals(0, back.exitCode(), back::toString);
      assertTrue(back.stdout().contains("\"tenants_created\":1"), back::toString);
      assertEquals("1\n", Psql.script(gateway, "acme", "bob", "hunter2", "SELECT 1;").stdout());

      MoveConsole.createTenants(gateway, "app", "pw", List.of("p0", "p1", "p2", "p3", "p4"));
      Result page = ctl(gateway, "--json", "tenant", "list", "--prefix", "p", "--limit", "2");
      assertTrue(page.stdout().matches("(?s).*\"name\":\"p0\".*\"name\":\"p1\".*"), page::toString);
      assertFalse(page.stdout().contains("\"p2\""), page::toString);
      assertTrue(
          page.stderr().contains("more tenants follow: ctl tenant list --after p1 --prefix p"),
          page::toString);
      Result last =
          ctl(
              gateway,
              "--json",
              "tenant",
              "list",
              "--prefix",
              "p",
              "--after",
              "p3",
              "--limit",
              "2");
      assertTrue(last.stdout().contains("\"name\":\"p4\""), last::toString);
      assertFalse(last.stderr().contains("more tenants follow"), last::toString);
    }
  }
}
