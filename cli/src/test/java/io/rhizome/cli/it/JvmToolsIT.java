/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.cli.it.orm.Author;
import io.rhizome.cli.it.orm.Book;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import liquibase.command.CommandScope;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java tools that read the catalog through pgjdbc before they do anything, against standalone:
 * Hibernate validating its mapping against the tenant's tables ({@code hbm2ddl.auto=validate}) and
 * then using them, and a Liquibase snapshot of the schema.
 */
class JvmToolsIT {
  private static final String TENANT = "jvmtools";
  private static StandaloneServer server;

  @BeforeAll
  static void start() throws Exception {
    server = StandaloneServer.start("jvm-tools");
    Result created =
        RhizomeProcess.run(
            Map.of("RHIZOME_ADMIN_PASSWORD", RhizomeProcess.ADMIN_PASSWORD),
            "pw\n",
            "ctl",
            "--server",
            "127.0.0.1:" + server.port(),
            "tenant",
            "create",
            TENANT,
            "--user",
            "app",
            "--password-stdin");
    assertEquals(0, created.exitCode(), created::toString);
    Result schema =
        Psql.script(
            server.port(),
            TENANT,
            "app",
            "pw",
            """
            CREATE TABLE authors (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE);
            CREATE TABLE books (id BIGINT PRIMARY KEY,
              author_id BIGINT NOT NULL REFERENCES authors(id), title TEXT NOT NULL,
              price NUMERIC(10,2), published BOOLEAN);
            CREATE INDEX books_title ON books (title);
            """);
    assertEquals(0, schema.exitCode(), schema::toString);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String url() {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + TENANT;
  }

  @Test
  void hibernateValidatesItsMappingAndUsesTheTables() {
    Configuration cfg =
        new Configuration()
            .addAnnotatedClass(Author.class)
            .addAnnotatedClass(Book.class)
            .setProperty("hibernate.connection.url", url())
            .setProperty("hibernate.connection.username", "app")
            .setProperty("hibernate.connection.password", "pw")
            .setProperty("hibernate.hbm2ddl.auto", "validate");
    // Building the factory validates every mapped table and column against the catalog.
    try (SessionFactory factory = cfg.buildSessionFactory()) {
      factory.inTransaction(
          s -> {
            Author a = new Author(1L, "Ursula", LocalDate.of(1929, 10, 21));
            s.persist(a);
            s.persist(new Book(10L, a, "The Dispossessed", new BigDecimal("9.50"), true));
          });
      Book b =
          factory.fromTransaction(
              s ->
                  s.createSelectionQuery(
                          "from Book b join fetch b.author where b.title like :t", Book.class)
                      .setParameter("t", "The %")
                      .getSingleResult());
      assertEquals("Ursula", b.author().name());
      assertEquals(0, new BigDecimal("9.5").compareTo(b.price()));
    }
  }

  @Test
  void liquibaseSnapshotsTheSchema() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CommandScope("snapshot")
        .addArgumentValue("url", url())
        .addArgumentValue("username", "app")
        .addArgumentValue("password", "pw")
        .addArgumentValue("snapshotFormat", "json")
        .setOutput(out)
        .execute();
    String snapshot = out.toString(StandardCharsets.UTF_8);
    for (String expected :
        new String[] {
          "\"name\": \"authors\"",
          "\"name\": \"books\"",
          "\"name\": \"books_title\"",
          "\"name\": \"books_author_id_fkey\"",
          "\"name\": \"authors_name_key\""
        }) {
      assertTrue(snapshot.contains(expected), expected + " in:\n" + snapshot);
    }
  }
}
