/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.Column;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CREATE TENANT ... WITH OWN SHARD and MOVE TENANT against a real embedded topology. No mover runs
 * here, so a started move stays in phase copying.
 */
@Timeout(60)
class PrivateShardConsoleTest extends ConsoleFixture {

  @BeforeEach
  void clusterWithTwoNodes() throws Exception {
    register("n1");
    register("n2");
  }

  @Test
  void createWithOwnShardPutsTheTenantAloneAboveTheHashedShards() {
    Answer created = ok("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD ON NODE 'n2'");

    Map<String, Value> row = created.rows().get(0);
    assertEquals("solo", row.get("name").getText());
    assertEquals(SHARDS, row.get("shard").getInteger());
    assertEquals("n2", row.get("node").getText());
    assertEquals(Optional.of(row), rowWhere(ok("SHOW TENANTS"), "name", "solo"));
    Map<String, Value> shard = rowWhere(ok("SHOW SHARDS"), "shard", SHARDS).orElseThrow();
    assertEquals("n2", shard.get("node").getText());
    assertEquals(1, shard.get("epoch").getInteger());

    Answer second = ok("CREATE TENANT duo USER app PASSWORD 'pw' WITH OWN SHARD");
    assertEquals(SHARDS + 1, second.rows().get(0).get("shard").getInteger());
  }

  @Test
  void createWithOwnShardRefusesANodeThatIsNotLiveOrIsDraining() throws Exception {
    Answer missing = run("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD ON NODE 'n9'");
    assertEquals(SqlState.UNDEFINED_OBJECT.code(), missing.error());
    assertTrue(missing.message().contains("n9"), missing.message());

    topology.setDraining("n2", true);
    Answer draining = run("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD ON NODE 'n2'");
    assertEquals(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.code(), draining.error());
    assertTrue(draining.message().contains("draining"), draining.message());

    assertEquals(Optional.empty(), rowWhere(ok("SHOW TENANTS"), "name", "solo"));
    // Nothing was left behind: the next creation takes the first private shard, off the drain.
    Map<String, Value> created =
        ok("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD").rows().get(0);
    assertEquals(SHARDS, created.get("shard").getInteger());
    assertEquals("n1", created.get("node").getText());
    assertEquals(
        SqlState.DUPLICATE_DATABASE.code(),
        run("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD").error());
  }

  @Test
  void moveTenantMovesItsPrivateShard() {
    ok("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD ON NODE 'n2'");

    Answer moved = ok("MOVE TENANT solo TO 'n1'");

    assertEquals(MoveRows.COLUMNS.stream().map(Column::getName).toList(), moved.columns());
    Map<String, Value> row = moved.rows().get(0);
    assertEquals(SHARDS, row.get("shard").getInteger());
    assertEquals("n2", row.get("from").getText());
    assertEquals("n1", row.get("to").getText());
    assertEquals("copying", row.get("phase").getText());
    assertEquals("operator", row.get("reason").getText());
    assertEquals(row.get("id").getText(), topology.move(SHARDS).orElseThrow().getId());
    assertEquals(1, ok("SHOW MOVES").rows().size());
    // The move is the shard's: a second one is refused like a second MOVE SHARD.
    assertEquals(SqlState.DUPLICATE_OBJECT.code(), run("MOVE TENANT solo TO 'n1'").error());
  }

  @Test
  void moveTenantMovesAHashedShardTheTenantHasAlone() {
    Answer created = ok("CREATE TENANT alone USER app PASSWORD 'pw'");
    long shard = created.rows().get(0).get("shard").getInteger();
    String owner = created.rows().get(0).get("node").getText();
    String other = owner.equals("n1") ? "n2" : "n1";

    Map<String, Value> row = ok("MOVE TENANT alone TO '" + other + "'").rows().get(0);

    assertEquals(shard, row.get("shard").getInteger());
    assertEquals(other, row.get("to").getText());
  }

  @Test
  void moveTenantOfASharedShardTenantToANodeThatCannotTakeItChangesNothing() throws Exception {
    List<String> sharing = namesOnOneShard(3);
    for (String name : sharing) {
      ok("CREATE TENANT " + name + " USER app PASSWORD 'pw'");
    }
    topology.setDraining("n2", true);

    assertEquals(
        SqlState.UNDEFINED_OBJECT.code(),
        run("MOVE TENANT " + sharing.get(0) + " TO 'n9'").error());
    assertEquals(
        SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE.code(),
        run("MOVE TENANT " + sharing.get(0) + " TO 'n2'").error());

    assertEquals(0, topology.tenant(sharing.get(0)).orElseThrow().getRelocatingToShard());
    assertEquals(Optional.empty(), topology.shard(SHARDS));
    assertEquals(List.of(), ok("SHOW MOVES").rows());
  }

  @Test
  void moveTenantOfASharedShardTenantWhoseNodeDoesNotAnswerLeavesTheRelocationRecorded()
      throws Exception {
    // The registered nodes have no server behind them: the RelocateTenant call fails.
    List<String> sharing = namesOnOneShard(3);
    for (String name : sharing) {
      ok("CREATE TENANT " + name + " USER app PASSWORD 'pw'");
    }
    int shard = topology.shardOf(sharing.get(0));
    String owner = topology.shard(shard).orElseThrow().getNodeId();
    String other = owner.equals("n1") ? "n2" : "n1";

    Answer failed = run("MOVE TENANT " + sharing.get(0) + " TO '" + other + "'");

    assertEquals(SqlState.CONNECTION_FAILURE.code(), failed.error());
    assertTrue(failed.message().contains("MOVE TENANT again"), failed.message());
    // The node finishes it on the tenant's next session open; no move started meanwhile.
    assertEquals(SHARDS, topology.tenant(sharing.get(0)).orElseThrow().getRelocatingToShard());
    assertEquals(owner, topology.shard(SHARDS).orElseThrow().getNodeId());
    assertEquals(List.of(), ok("SHOW MOVES").rows());
  }

  @Test
  void moveTenantOfAnUnknownTenantIs3D000() {
    assertEquals(SqlState.INVALID_CATALOG_NAME.code(), run("MOVE TENANT nobody TO 'n2'").error());
  }

  @Test
  void moveShardAcceptsExistingPrivateShardsOnly() {
    ok("CREATE TENANT solo USER app PASSWORD 'pw' WITH OWN SHARD ON NODE 'n1'");

    assertEquals(
        SHARDS, ok("MOVE SHARD " + SHARDS + " TO 'n2'").rows().get(0).get("shard").getInteger());
    Answer missing = run("MOVE SHARD " + (SHARDS + 1) + " TO 'n2'");
    assertEquals(SqlState.UNDEFINED_OBJECT.code(), missing.error());
    assertTrue(missing.message().contains("does not exist"), missing.message());
  }

  // -----------------------------------------------------------------------------------------------

  /** Tenant names that hash to one shard. */
  private List<String> namesOnOneShard(int count) {
    int shard = topology.shardOf("s0");
    List<String> names = new ArrayList<>(List.of("s0"));
    for (int i = 1; names.size() < count; i++) {
      if (topology.shardOf("s" + i) == shard) {
        names.add("s" + i);
      }
    }
    return names;
  }

  private static Optional<Map<String, Value>> rowWhere(Answer answer, String column, Object value) {
    return answer.rows().stream()
        .filter(
            r ->
                value instanceof String s
                    ? r.get(column).getText().equals(s)
                    : r.get(column).getInteger() == ((Integer) value).longValue())
        .findFirst();
  }
}
