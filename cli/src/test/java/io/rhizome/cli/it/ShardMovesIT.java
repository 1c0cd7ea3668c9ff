/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance test of online shard moves: writers on 50 tenants append rows with a client-side
 * sequence number through two gateways while shards move back and forth between nodes, a third node
 * joins and `REBALANCE` spreads shards onto it, and a node is drained. Afterwards every
 * acknowledged row is on the owner exactly once, no row is there twice, and the map's history in
 * etcd shows every shard changing owner only from (owner, epoch) to (new owner, epoch + 1).
 */
class ShardMovesIT {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMovesIT.class);
  private static final int TENANTS = 50;
  private static final int BACK_AND_FORTH = 14;

  @Test
  void acknowledgedWritesSurviveMovesRebalanceAndDrainExactlyOnce() throws Exception {
    try (LocalCluster cluster = new LocalCluster("shard-moves")) {
      cluster.node("n1", cluster.dataDir("n1"), FreePort.pick());
      cluster.node("n2", cluster.dataDir("n2"), FreePort.pick());
      int gw1 = FreePort.pick();
      cluster.gateway("gateway1", gw1);
      int gw2 = FreePort.pick();
      cluster.gateway("gateway2", gw2);
      try (MoveConsole console = new MoveConsole(gw1)) {
        console.awaitNodes("n1", "n2");
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
          String t = "mv" + i;
          console.execute("CREATE TENANT " + t + " USER app PASSWORD 'pw'");
          tenants.add(t);
        }
        try (SequenceWriters writers = new SequenceWriters(tenants, List.of(gw1, gw2))) {
          writers.start();
          writers.awaitProgress(2);
          int moves = 0;
          for (int i = 0; i < BACK_AND_FORTH; i++) {
            // A few shards, each moved back and forth several times.
            int shard = console.tenantShards().get(i % 4);
            String to = console.owner(shard).equals("n1") ? "n2" : "n1";
            console.awaitDone(console.moveShard(shard, to));
            moves++;
            writers.awaitProgress(1);
          }
          cluster.node("n3", cluster.dataDir("n3"), FreePort.pick());
          console.awaitNodes("n1", "n2", "n3");
          List<String> rebalance = console.ids("REBALANCE");
          assertTrue(!rebalance.isEmpty(), "rebalance moves shards onto the new node");
          for (String id : rebalance) {
            console.awaitDone(id);
          }
          moves += rebalance.size();
          assertTrue(console.shardsOn("n3") > 0, "the new node owns shards");
          writers.awaitProgress(1);
          List<String> drain = console.ids("DRAIN NODE 'n1'");
          for (String id : drain) {
            console.awaitDone(id);
          }
          moves += drain.size();
          assertEquals(0, console.shardsOn("n1"), "a drained node owns nothing");
          console.execute("UNDRAIN NODE 'n1'");
          writers.awaitProgress(1);
          // A tenant that shares its shard gets one of its own (renamed on its node), then moves.
          String tenant = tenants.get(0);
          String target = console.tenantNode(tenant).equals("n2") ? "n3" : "n2";
          List<String> moveTenant = console.ids("MOVE TENANT " + tenant + " TO '" + target + "'");
          assertEquals(1, moveTenant.size(), "one move of the tenant's own shard");
          console.awaitDone(moveTenant.get(0));
          moves++;
          assertEquals(target, console.tenantNode(tenant));
          writers.awaitProgress(1);
          while (moves < 22) {
            int shard = console.tenantShards().get(moves % 4);
            String to = console.owner(shard).equals("n1") ? "n2" : "n1";
            console.awaitDone(console.moveShard(shard, to));
            moves++;
          }
          writers.awaitProgress(2);
          writers.stop();
          LOG.info(
              "{} moves; {} acknowledged writes; client errors by SQLSTATE: {}",
              moves,
              writers.acknowledged(),
              writers.errors());
          for (String t : tenants) {
            writers.verify(t, gw2);
          }
          assertTrue(writers.acknowledged() > TENANTS * 10L, "writers made progress");
          // Autocommit writers never see a move: frozen writes wait, sessions follow the shard.
          assertEquals(Map.of(), writers.errors(), "client errors");
        }
        assertOwnershipHistory(cluster);
      }
    }
  }

  /**
   * Every put of a shard key either rewrites the same placement (owner and epoch unchanged: a
   * relocation touches the record to fence concurrent moves) or hands the shard to a new owner at
   * the next epoch: never two owners at one epoch, never a skipped or repeated epoch.
   */
  private static void assertOwnershipHistory(LocalCluster cluster) throws Exception {
    Map<String, List<EtcdHistory.Placement>> history = EtcdHistory.shardPlacements(cluster.etcd());
    assertTrue(!history.isEmpty(), "shard history in etcd");
    for (Map.Entry<String, List<EtcdHistory.Placement>> shard : history.entrySet()) {
      EtcdHistory.Placement previous = null;
      for (EtcdHistory.Placement put : shard.getValue()) {
        if (previous == null) {
          assertEquals(1, put.epoch(), () -> "first epoch of " + shard.getKey());
        } else if (put.epoch() == previous.epoch()) {
          assertEquals(previous.node(), put.node(), () -> "two owners at one epoch: " + shard);
        } else {
          assertEquals(previous.epoch() + 1, put.epoch(), () -> "epochs of " + shard);
        }
        previous = put;
      }
    }
  }

  /** Rows of one tenant that break exactly-once: missing acknowledged ones, or any twice. */
  static Map<String, Object> anomalies(List<Long> rows, TreeSet<Long> acked) {
    Map<String, Object> out = new TreeMap<>();
    TreeSet<Long> seen = new TreeSet<>();
    List<Long> twice = new ArrayList<>();
    for (long r : rows) {
      if (!seen.add(r)) {
        twice.add(r);
      }
    }
    TreeSet<Long> missing = new TreeSet<>(acked);
    missing.removeAll(seen);
    if (!missing.isEmpty()) {
      out.put("missing", missing);
    }
    if (!twice.isEmpty()) {
      out.put("twice", twice);
    }
    return out;
  }
}
