/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.Column;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.Row;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.UserRecord;
import io.rhizome.proto.Value;
import io.rhizome.topology.ClusterBootstrap;
import io.rhizome.topology.NodeRegistration;
import io.rhizome.topology.Topologies;
import io.rhizome.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin console over a real embedded topology with 16 shards and no node processes (nodes are
 * registrations only): what the move and placement verbs need, since they only write the map.
 */
abstract class ConsoleFixture {
  static final int SHARDS = 16;

  @TempDir Path dataDir;

  Topology topology;
  NodeChannels channels;
  AdminCommands console;
  private final List<NodeRegistration> registrations = new ArrayList<>();

  /** Copies of each shard in the cluster under test. */
  int replicationFactor() {
    return 1;
  }

  @BeforeEach
  void openConsole() throws Exception {
    topology =
        Topologies.embedded(
            dataDir,
            new ClusterBootstrap(
                "test",
                SHARDS,
                () -> user("admin"),
                AuthMethod.AUTH_METHOD_UNSPECIFIED,
                replicationFactor()));
    channels = NodeChannels.create();
    console = new AdminCommands(topology, channels, "rhizome");
  }

  @AfterEach
  void closeConsole() {
    registrations.forEach(NodeRegistration::close);
    channels.close();
    topology.close();
  }

  /** Registers a live node and waits until the topology's cache has it. */
  void register(String id) {
    try {
      registrations.add(
          topology.registerNode(
              NodeRecord.newBuilder()
                  .setFormat(1)
                  .setId(id)
                  .setAddress("inprocess:" + id)
                  .setState(NodeState.NODE_UP)
                  .setStartedUnixMs(System.currentTimeMillis())
                  .build()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    eventually(() -> topology.node(id).isPresent());
  }

  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("condition not met within 10 s");
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }

  static UserRecord user(String name) {
    ByteString bytes = ByteString.copyFrom(new byte[16]);
    return UserRecord.newBuilder()
        .setFormat(1)
        .setName(name)
        .setScram(
            ScramVerifier.newBuilder()
                .setSalt(bytes)
                .setIterations(4096)
                .setStoredKey(bytes)
                .setServerKey(bytes))
        .build();
  }

  /** One statement's answer: columns and rows by name, or the SQLSTATE and message of its error. */
  record Answer(
      List<String> columns, List<Map<String, Value>> rows, String error, String message) {}

  /** Runs a statement that must succeed. */
  Answer ok(String statement) {
    Answer answer = run(statement);
    assertEquals(null, answer.error(), statement + ": " + answer.message());
    return answer;
  }

  Answer run(String statement) {
    List<String> columns = new ArrayList<>();
    List<Map<String, Value>> rows = new ArrayList<>();
    String error = null;
    String message = null;
    for (SessionResponse r : console.run(List.of(statement))) {
      switch (r.getKindCase()) {
        case ROW_DESCRIPTION ->
            r.getRowDescription().getColumnsList().stream()
                .map(Column::getName)
                .forEach(columns::add);
        case ROWS -> {
          for (Row row : r.getRows().getRowsList()) {
            Map<String, Value> byName = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
              byName.put(columns.get(i), row.getValues(i));
            }
            rows.add(byName);
          }
        }
        case ERROR -> {
          error = r.getError().getSqlstate();
          message = r.getError().getMessage();
        }
        default -> {}
      }
    }
    return new Answer(columns, rows, error, message);
  }
}
