/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.Row;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The move verbs of the console against a real embedded topology: what they record and answer.
 * Nothing carries the moves out here (no mover runs), so every move stays in phase copying.
 */
@Timeout(60)
class ShardMovesConsoleTest extends ConsoleFixture {

  /** n1 owns every assigned shard (its tenants were created while it was alone). */
  private Set<Integer> n1Shards;

  @BeforeEach
  void clusterWithEveryShardOnN1() throws Exception {
    register("n1");
    for (int i = 0; i < 12; i++) {
      topology.createTenant("t" + i, user("app"));
    }
    n1Shards = new TreeSet<>();
    topology.shards().forEach(s -> n1Shards.add(s.getShard()));
    assertTrue(n1Shards.size() >= 4, "12 tenants cover a few shards: " + n1Shards);
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
}
