/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.proto.Column;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.Row;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The move verbs of the console against a real embedded topology: what they record and answer.
 * Nothing carries the moves out here (no mover runs), so every move stays in phase copying.
 */
@Timeout(60)
class ShardMovesConsoleTest {
  private static final int SHARDS = 16;

  @TempDir Path dataDir;

  private Topology topology;
  private NodeChannels channels;
  private AdminCommands console;
  private final List<NodeRegistration> registrations = new ArrayList<>();

  /** n1 owns every assigned shard (its tenants were created while it was alone). */
  private Set<Integer> n1Shards;

  @BeforeEach
  void clusterWithEveryShardOnN1() throws Exception {
    topology =
        Topologies.embedded(dataDir, new ClusterBootstrap("test", SHARDS, () -> user("admin")));
    channels = NodeChannels.create();
    console = new AdminCommands(topology, channels, "rhizome");
    register("n1");
    for (int i = 0; i < 12; i++) {
      topology.createTenant("t" + i, user("app"));
    }
    n1Shards = new TreeSet<>();
    topology.shards().forEach(s -> n1Shards.add(s.getShard()));
    assertTrue(n1Shards.size() >= 4, "12 tenants cover a few shards: " + n1Shards);
  }

  @AfterEach
  void close() {
    registrations.forEach(NodeRegistration::close);
    channels.close();
    topology.close();
  }

  @Test
  void moveShardRecordsAMoveThatShowMovesLists() {
    register("n2");
    int shard = first();

    Answer moved = ok("MOVE SHARD " + shard + " TO 'n2'");

    assertEquals(1, moved.rows().size());
    Map<String, Value> row = moved.rows().get(0);
    assertEquals(
        List.of(
            "id",
            "shard",
            "from",
            "to",
            "phase",
            "reason",
            "tenants_copied",
            "tenants_total",
            "bytes_copied",
            "bytes_total",
            "progress_pct",
            "eta_s",
            "attempts",
            "cancel_requested",
            "error",
            "age_s"),
        moved.columns());
    assertEquals(shard, row.get("shard").getInteger());
    assertEquals("n1", row.get("from").getText());
    assertEquals("n2", row.get("to").getText());
    assertEquals("copying", row.get("phase").getText());
    assertEquals("operator", row.get("reason").getText());
    assertEquals("no", row.get("cancel_requested").getText());
    String id = row.get("id").getText();
    assertEquals(id, topology.move(shard).orElseThrow().getId());

    Answer shown = ok("SHOW MOVES");
    assertEquals(1, shown.rows().size());
    assertEquals(id, shown.rows().get(0).get("id").getText());
  }

  @Test
  void moveShardRefusalsCarryTheirSqlStates() {
    register("n2");
    int shard = first();
    int unassigned =
        IntStream.range(0, SHARDS).filter(s -> !n1Shards.contains(s)).findFirst().orElseThrow();

    assertEquals(SqlState.UNDEFINED_OBJECT.code(), run("MOVE SHARD " + shard + " TO 'n9'").error());
    assertEquals(
        SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.code(),
        run("MOVE SHARD " + shard + " TO 'n1'").error());
    assertEquals(
        SqlState.UNDEFINED_OBJECT.code(), run("MOVE SHARD " + unassigned + " TO 'n2'").error());
    assertEquals(
        SqlState.UNDEFINED_OBJECT.code(), run("MOVE SHARD " + SHARDS + " TO 'n2'").error());
    ok("MOVE SHARD " + shard + " TO 'n2'");
    assertEquals(SqlState.DUPLICATE_OBJECT.code(), run("MOVE SHARD " + shard + " TO 'n2'").error());
  }

  @Test
  void cancelMoveAsksTheMoverToRollBack() {
    register("n2");
    String id = ok("MOVE SHARD " + first() + " TO 'n2'").rows().get(0).get("id").getText();

    Answer cancelled = ok("CANCEL MOVE '" + id + "'");

    assertEquals("yes", cancelled.rows().get(0).get("cancel_requested").getText());
    assertTrue(topology.move(first()).orElseThrow().getCancelRequested());
    assertEquals(SqlState.UNDEFINED_OBJECT.code(), run("CANCEL MOVE 'nope'").error());
  }

  @Test
  void rebalanceDryRunOnlyPlansAndRebalanceStartsThePlan() {
    register("n2");
    int expected = n1Shards.size() / 2;

    Answer plan = ok("REBALANCE DRY RUN");
    assertEquals(List.of("shard", "from", "to"), plan.columns());
    assertEquals(expected, plan.rows().size());
    assertEquals(List.of(), topology.moves(), "a dry run starts nothing");

    Answer started = ok("REBALANCE");
    assertEquals(expected, started.rows().size());
    for (Map<String, Value> row : started.rows()) {
      assertEquals("rebalance", row.get("reason").getText());
      assertEquals("copying", row.get("phase").getText());
      assertEquals("n2", row.get("to").getText());
    }
    assertEquals(expected, topology.moves().size());

    // The moves under way count at their destination: nothing more to start.
    assertEquals(0, ok("REBALANCE").rows().size());
  }

  @Test
  void drainNodeMarksItAndMovesEveryShardAway() {
    register("n2");
    register("n3");

    Answer drained = ok("DRAIN NODE 'n1'");

    assertEquals(n1Shards.size(), drained.rows().size());
    for (Map<String, Value> row : drained.rows()) {
      assertEquals("drain", row.get("reason").getText());
      assertEquals("n1", row.get("from").getText());
      assertTrue(Set.of("n2", "n3").contains(row.get("to").getText()));
    }
    assertEquals(Set.of("n1"), topology.drainingNodes());
    assertEquals("draining", nodeState("n1"));
    assertEquals("up", nodeState("n2"));
    // A draining node takes no shards.
    assertEquals(0, ok("REBALANCE DRY RUN").rows().size());

    ok("UNDRAIN NODE 'n1'");
    assertEquals(Set.of(), topology.drainingNodes());
    assertEquals("up", nodeState("n1"));
  }

  @Test
  void drainWithNowhereToGoIsRefusedAndLeavesNoMark() {
    Answer refused = run("DRAIN NODE 'n1'");

    assertEquals(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.code(), refused.error());
    assertEquals(Set.of(), topology.drainingNodes());
    assertEquals(List.of(), topology.moves());
  }

  @Test
  void drainOfAnUnknownNodeIsRefused() {
    assertEquals(SqlState.UNDEFINED_OBJECT.code(), run("DRAIN NODE 'n9'").error());
    assertEquals(Set.of(), topology.drainingNodes());
  }

  @Test
  void rebalanceWithNoNodeToTakeShardsSaysWhy() throws Exception {
    // DRAIN NODE would refuse (nowhere to go), so mark the only node directly.
    topology.setDraining("n1", true);

    assertEquals(
        SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.code(), run("REBALANCE DRY RUN").error());
  }

  @Test
  void showMovesComputesProgressAndEta() {
    long created = 1_000_000L;
    MoveRecord copying =
        MoveRecord.newBuilder()
            .setId("m1")
            .setShard(3)
            .setFromNode("n1")
            .setToNode("n2")
            .setPhase(MovePhase.MOVE_COPYING)
            .setReason("operator")
            .setCreatedUnixMs(created)
            .setBytesTotal(1000)
            .setBytesCopied(250)
            .setTenantsTotal(4)
            .setTenantsCopied(1)
            .build();

    // 250 bytes in 10 s: 750 more take 30 s.
    Row row = MoveRows.row(copying, created + 10_000);
    assertEquals(25, value(row, "progress_pct").getInteger());
    assertEquals(30, value(row, "eta_s").getInteger());
    assertEquals(10, value(row, "age_s").getInteger());

    assertTrue(
        value(
                MoveRows.row(copying.toBuilder().setBytesCopied(0).build(), created + 10_000),
                "eta_s")
            .getNull());
    Row frozen = MoveRows.row(copying.toBuilder().setPhase(MovePhase.MOVE_FROZEN).build(), created);
    assertEquals("frozen", value(frozen, "phase").getText());
    assertTrue(value(frozen, "eta_s").getNull());
    Row done = MoveRows.row(copying.toBuilder().setPhase(MovePhase.MOVE_DONE).build(), created);
    assertEquals(100, value(done, "progress_pct").getInteger());
    Row byTenants =
        MoveRows.row(copying.toBuilder().setBytesTotal(0).setBytesCopied(0).build(), created);
    assertEquals(25, value(byTenants, "progress_pct").getInteger());
  }

  private static Value value(Row row, String column) {
    for (int i = 0; i < MoveRows.COLUMNS.size(); i++) {
      if (MoveRows.COLUMNS.get(i).getName().equals(column)) {
        return row.getValues(i);
      }
    }
    return fail("no column " + column);
  }

  // -----------------------------------------------------------------------------------------------

  private int first() {
    return n1Shards.iterator().next();
  }

  private String nodeState(String id) {
    for (Map<String, Value> row : ok("SHOW NODES").rows()) {
      if (row.get("id").getText().equals(id)) {
        return row.get("state").getText();
      }
    }
    return fail("no node " + id);
  }

  private void register(String id) {
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

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("condition not met within 10 s");
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }

  private static UserRecord user(String name) {
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

  /** One statement's answer: columns and rows by name, or the SQLSTATE of its error. */
  record Answer(List<String> columns, List<Map<String, Value>> rows, String error) {}

  /** Runs a statement that must succeed. */
  private Answer ok(String statement) {
    Answer answer = run(statement);
    assertEquals(null, answer.error(), statement);
    return answer;
  }

  private Answer run(String statement) {
    List<String> columns = new ArrayList<>();
    List<Map<String, Value>> rows = new ArrayList<>();
    String error = null;
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
        case ERROR -> error = r.getError().getSqlstate();
        default -> {}
      }
    }
    return new Answer(columns, rows, error);
  }
}
