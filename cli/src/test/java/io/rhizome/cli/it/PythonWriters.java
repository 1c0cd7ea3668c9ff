/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The psycopg side of the writers: {@code it/sequence_writer.py} (Debian's python3-psycopg2, the
 * system Python) appending sequence numbers to table {@code w} of its tenants in auto-commit mode
 * through every gateway, recording what was acknowledged in a file this class reads back.
 */
final class PythonWriters implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";

  private final Path out;
  private final Path stop;
  private final Process process;
  private final List<String> tenants;

  PythonWriters(Path dir, List<String> tenants, List<Integer> gateways) throws IOException {
    this.tenants = List.copyOf(tenants);
    Path script = dir.resolve("sequence_writer.py");
    try (InputStream in = PythonWriters.class.getResourceAsStream("/it/sequence_writer.py")) {
      Files.copy(in, script);
    }
    this.out = dir.resolve("python-writers.out");
    this.stop = dir.resolve("python-writers.stop");
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.add(script.toString());
    command.add(gateways.stream().map(String::valueOf).collect(Collectors.joining(",")));
    command.add(out.toString());
    command.add(stop.toString());
    command.addAll(tenants);
    this.process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("python-writers.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lines().contains("ready") || !process.isAlive());
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the psycopg writer did not start: "
              + Files.readString(dir.resolve("python-writers.log")));
    }
  }

  /** Whether the system Python has psycopg2 (Debian: python3-psycopg2). */
  static boolean available() {
    try {
      return new ProcessBuilder(PYTHON, "-c", "import psycopg2").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private List<String> lines() throws IOException {
    return Files.exists(out) ? Files.readAllLines(out) : List.of();
  }

  /** Acknowledged sequence numbers by tenant, so far. */
  Map<String, TreeSet<Long>> acked() throws IOException {
    Map<String, TreeSet<Long>> acked = new TreeMap<>();
    tenants.forEach(t -> acked.put(t, new TreeSet<>()));
    for (String line : lines()) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[0].equals("ack")) {
        acked.get(f[1]).add(Long.parseLong(f[2]));
      }
    }
    return acked;
  }

  /** Errors by SQLSTATE ("None" for a broken connection without one). */
  Map<String, Long> errors() throws IOException {
    Map<String, Long> errors = new TreeMap<>();
    for (String line : lines()) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[0].equals("error")) {
        errors.merge(f[2], 1L, Long::sum);
      }
    }
    return errors;
  }

  long acknowledged() throws IOException {
    return acked().values().stream().mapToLong(TreeSet::size).sum();
  }

  /** Waits until every tenant has {@code rows} more acknowledged rows than now. */
  void awaitProgress(int rows, Duration within) throws IOException {
    Map<String, Integer> from = new TreeMap<>();
    acked().forEach((t, s) -> from.put(t, s.size()));
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Map<String, TreeSet<Long>> now = acked();
              return tenants.stream().allMatch(t -> now.get(t).size() >= from.get(t) + rows);
            });
  }

  void stop() throws Exception {
    Files.writeString(stop, "stop");
    await().atMost(Duration.ofSeconds(120)).until(() -> lines().contains("done"));
    process.waitFor();
  }

  /**
   * Every row of every tenant acknowledged so far is there exactly once, read through {@code port}
   * (the writer may go on: what it acknowledged is read before the rows).
   */
  void verify(int port) throws Exception {
    Map<String, TreeSet<Long>> acked = acked();
    for (String tenant : tenants) {
      List<Long> rows = new ArrayList<>();
      Properties p = new Properties();
      p.setProperty("user", "app");
      p.setProperty("password", "pw");
      try (Connection c =
              DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + tenant, p);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT seq FROM w")) {
        while (rs.next()) {
          rows.add(rs.getLong(1));
        }
      } catch (SQLException e) {
        throw new AssertionError("reading " + tenant + " failed", e);
      }
      assertEquals(Map.of(), ShardMovesIT.anomalies(rows, acked.get(tenant)), tenant);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
