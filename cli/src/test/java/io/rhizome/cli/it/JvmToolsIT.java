/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.cli.it.orm.Author;
import io.rhizome.cli.it.orm.Book;
import io.rhizome.cli.it.orm.Item;
import io.rhizome.cli.it.orm.Shelf;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import liquibase.command.CommandScope;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java tools that read the catalog through pgjdbc before they do anything, against standalone:
 * Hibernate validating its mapping against the tenant's tables ({@code hbm2ddl.auto=validate}) and
 * then using them, Hibernate creating its own schema ({@code hbm2ddl.auto=create}: a sequence,
 * identity keys, a foreign key added by ALTER TABLE) and using it, and a Liquibase snapshot of the
 * schema.
 */
class JvmToolsIT {
  private static final String TENANT = "jvmtools";
  private static final String CREATED = "jvmcreate";
  private static StandaloneServer server;

  @BeforeAll
  static void start() throws Exception {
    server = StandaloneServer.start("jvm-tools");
    MoveConsole.createTenants(server.port(), "app", "pw", List.of(TENANT, CREATED));
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
    return url(TENANT);
  }

  private static String url(String tenant) {
    return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + tenant;
  }

  /**
   * {@code hbm2ddl.auto=create} twice (the second drops what the first made: {@code drop table if
   * exists ... cascade}, {@code drop sequence}), each followed by CRUD: keys from a sequence
   * ({@code create sequence shelf_seq start with 1 increment by 50}) and from an identity column, a
   * one-to-many with its foreign key added by {@code alter table if exists item add constraint ...
   * foreign key}, pagination ({@code offset ? rows fetch first ? rows only}), an update, a
   * cascading remove, and the foreign key enforced.
   */
  @Test
  void hibernateCreatesItsSchemaAndRunsCrudOnIt() {
    for (int round = 1; round <= 2; round++) {
      Configuration cfg =
          new Configuration()
              .addAnnotatedClass(Shelf.class)
              .addAnnotatedClass(Item.class)
              .setProperty("hibernate.connection.url", url(CREATED))
              .setProperty("hibernate.connection.username", "app")
              .setProperty("hibernate.connection.password", "pw")
              .setProperty("hibernate.hbm2ddl.auto", "create")
              .setProperty("hibernate.hbm2ddl.halt_on_error", "true");
      try (SessionFactory factory = cfg.buildSessionFactory()) {
        factory.inTransaction(
            s -> {
              for (String name : List.of("gamma", "alpha", "delta", "beta")) {
                Shelf shelf = new Shelf(name);
                shelf.add(name + "-2", 2);
                shelf.add(name + "-1", 1);
                s.persist(shelf);
              }
            });
        List<Shelf> all =
            factory.fromTransaction(
                s -> s.createSelectionQuery("from Shelf", Shelf.class).getResultList());
        Set<Long> shelfIds = new HashSet<>();
        all.forEach(shelf -> shelfIds.add(shelf.id()));
        assertEquals(4, shelfIds.size(), "distinct keys from the sequence");
        List<Long> itemIds =
            factory.fromTransaction(
                s -> s.createSelectionQuery("select i.id from Item i", Long.class).getResultList());
        assertEquals(8, new HashSet<>(itemIds).size(), "distinct identity keys");

        List<String> page =
            factory.fromTransaction(
                s ->
                    s
                        .createSelectionQuery("from Shelf s order by s.name", Shelf.class)
                        .setFirstResult(1)
                        .setMaxResults(2)
                        .getResultList()
                        .stream()
                        .map(Shelf::name)
                        .toList());
        assertEquals(List.of("beta", "delta"), page);

        List<String> titles =
            factory.fromTransaction(
                s ->
                    s
                        .createSelectionQuery("from Shelf s where s.name = :n", Shelf.class)
                        .setParameter("n", "gamma")
                        .getSingleResult()
                        .items()
                        .stream()
                        .map(i -> i.title() + "x" + i.copies())
                        .toList());
        assertEquals(List.of("gamma-1x1", "gamma-2x2"), titles);

        factory.inTransaction(
            s -> {
              Shelf gamma =
                  s.createSelectionQuery("from Shelf s where s.name = 'gamma'", Shelf.class)
                      .getSingleResult();
              gamma.items().get(0).copies(7);
              s.remove(
                  s.createSelectionQuery("from Shelf s where s.name = 'alpha'", Shelf.class)
                      .getSingleResult());
            });
        Long copies =
            factory.fromTransaction(
                s ->
                    s.createSelectionQuery("select sum(i.copies) from Item i", Long.class)
                        .getSingleResult());
        assertEquals(7 + 2 + 3 + 3, copies, "alpha's items went with it, gamma-1 has 7");

        ConstraintViolationException orphan =
            assertThrows(
                ConstraintViolationException.class,
                () ->
                    factory.inTransaction(
                        s ->
                            s.createNativeMutationQuery(
                                    "insert into item (shelf_id, title, copies) values (999999,"
                                        + " 'orphan', 1)")
                                .executeUpdate()));
        assertEquals("23503", orphan.getSQLState(), "round " + round);
      }
    }
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
