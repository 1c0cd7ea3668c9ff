/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.testkit.FreePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Planned handovers seen from clients (docs/replication.md, "Failover"; docs/operations.md,
 * "Draining a node" and "Shutting down"): two nodes with replication factor 2, one gateway, and a
 * pgjdbc writer per tenant appending client-side sequence numbers in auto-commit mode, one tenant
 * on each node. {@code DRAIN NODE} hands the drained node's shards to their in-sync followers
 * instead of moving them; {@code MOVE SHARD} of a replicated shard to a third node makes that node
 * a follower that catches up and takes the shard by handover, the source leaving the set; and a
 * SIGTERM'd primary hands its shards over before it stops serving: the writers see no error at all
 * (a failover, or a node ending its sessions at shutdown, would give them 57P01/57P03/08006), and
 * every acknowledged row is there exactly once afterwards.
 *
 * <p>It prints the handover times the nodes logged and the longest wait between two acknowledged
 * INSERTs each step caused (the write pause a client sees); it asserts no times.
 */
@Timeout(240)
class PlannedHandoverIT {
  private static final Pattern HANDED_OVER =
      Pattern.compile("shard (\\d+): handed over to (n\\d) at epoch \\d+ in (\\d+) ms");

  @Test
  void drainMoveAndGracefulStopHandShardsToFollowersWithoutAClientError() throws Exception {
    try (LocalCluster cluster = new LocalCluster("planned-handover")) {
      int gateway = FreePort.pick();
      int n1Port = FreePort.pick();
      int n2Port = FreePort.pick();
      List<String> flags = List.of("--replication-factor", "2", "--replica-ack-timeout", "1500");
      RhizomeProcess n1 = cluster.node("n1", cluster.dataDir("n1"), n1Port, flags);
      RhizomeProcess n2 = cluster.node("n2", cluster.dataDir("n2"), n2Port, flags);
      cluster.gateway("gateway", gateway);
      // The log files are appended to across runs: only what follows counts.
      int n1From = n1.logText().length();
      int n2From = n2.logText().length();
      List<String> tenants = tenantsOnEachNode(gateway);
      awaitEveryShardInSync(gateway);
      SequenceWriters writers = new SequenceWriters(tenants, List.of(gateway));
      writers.start();
      try {
        writers.awaitProgress(30);
        writers.longestPauseMillis();
        int n2BeforeDrain = n2.logText().length();

        // DRAIN NODE: n1's shards go to n2 by handover, nothing is moved.
        List<Map<String, String>> drained;
        try (MoveConsole console = new MoveConsole(gateway)) {
          drained = console.rows("DRAIN NODE 'n1'");
          assertTrue(!drained.isEmpty(), "n1 was the primary of a shard");
          for (Map<String, String> row : drained) {
            assertEquals("handed over", row.get("phase"), row.toString());
            assertEquals("n2", row.get("to"), row.toString());
            assertEquals(null, row.get("id"), "no move record: " + row);
          }
          assertEquals(List.of(), console.rows("SHOW MOVES"), "nothing was moved");
          assertEquals(List.of("n2"), primaries(console));
        }
        writers.awaitProgress(30);
        long drainPause = writers.longestPauseMillis();
        // n1 follows from the positions its WAL kept through the handover: frames, not snapshots.
        int drainSnapshots = snapshotsTo(n2.logText().substring(n2BeforeDrain), "n1");
        assertEquals(0, drainSnapshots, "n2 sent n1 snapshots after the drain:\n" + n2.logText());
        try (MoveConsole console = new MoveConsole(gateway)) {
          console.execute("UNDRAIN NODE 'n1'");
        }
        awaitEveryShardInSync(gateway);

        // MOVE SHARD of a replicated shard: n3 joins its set, catches up, takes it by handover,
        // and the source (n2) leaves the set.
        RhizomeProcess n3 = cluster.node("n3", cluster.dataDir("n3"), FreePort.pick(), flags);
        int n3From = n3.logText().length();
        writers.longestPauseMillis();
        int n3BeforeMove = n3.logText().length();
        String moved;
        try (MoveConsole console = new MoveConsole(gateway)) {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      console.rows("SHOW NODES").stream()
                          .anyMatch(n -> n.get("id").equals("n3") && n.get("state").equals("up")));
          moved = console.rows("SHOW PLACEMENT " + tenants.get(0)).get(0).get("shard");
          String id = console.moveShard(Integer.parseInt(moved), "n3");
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> phaseOf(console, id).equals("done"));
          Map<String, String> shard = shardRow(console, moved);
          assertEquals("n3", shard.get("node"), shard.toString());
          assertTrue(shard.get("followers").matches("n1 in sync.*"), "n2 left: " + shard);
        }
        writers.awaitProgress(30);
        long movePause = writers.longestPauseMillis();
        int moveSnapshots = snapshotsTo(n3.logText().substring(n3BeforeMove), "n2");
        awaitEveryShardInSync(gateway);

        // SIGTERM of a primary: it hands its shards to n1 before it stops.
        List<String> n2Shards;
        try (MoveConsole console = new MoveConsole(gateway)) {
          n2Shards =
              console.rows("SHOW SHARDS").stream()
                  .filter(r -> r.get("node").equals("n2"))
                  .map(r -> r.get("shard"))
                  .toList();
        }
        assertTrue(!n2Shards.isEmpty(), "n2 is the primary of a shard");
        writers.longestPauseMillis();
        n2.terminate();
        OptionalInt exit = n2.awaitExit(Duration.ofSeconds(60));
        assertEquals(OptionalInt.of(0), exit, "n2 stopped gracefully:\n" + n2.logText());
        writers.awaitProgress(30);
        long stopPause = writers.longestPauseMillis();
        try (MoveConsole console = new MoveConsole(gateway)) {
          for (String s : n2Shards) {
            Map<String, String> shard = shardRow(console, s);
            assertEquals("n1", shard.get("node"), shard.toString());
            // A failover takes the dead primary out of the set; a handover keeps it as a follower.
            assertTrue(shard.get("followers").startsWith("n2 "), shard.toString());
          }
        }

        writers.stop();
        assertEquals(Map.of(), writers.errors(), "no writer saw an error");
        for (String t : tenants) {
          writers.verify(t, gateway);
        }
        List<Long> drainTimes = handoverMillis(n1.logText().substring(n1From), "n2");
        List<Long> stopTimes = handoverMillis(n2.logText().substring(n2From), "n1");
        List<Long> moveTimes = handoverMillis(n2.logText().substring(n2From), "n3");
        assertEquals(drained.size(), drainTimes.size(), "n1 logged each handover of the drain");
        assertEquals(n2Shards.size(), stopTimes.size(), "n2 logged its handovers at its stop");
        assertEquals(1, moveTimes.size(), "n2 logged the move's handover");
        assertTrue(
            n3.logText().substring(n3From).contains("this node follows shard " + moved),
            "n3 drove the move");
        System.out.printf(
            "planned handover: drain of n1 handed %d shards over, each in %s ms, longest write"
                + " pause %d ms, snapshots to n1 after it %d; move of shard %s to n3 handed over in"
                + " %s ms, longest write pause %d ms, snapshots from n3 to the source %d; SIGTERM"
                + " of n2 handed %d shards over, each in %s ms, longest write pause %d ms; %d rows"
                + " acknowledged%n",
            drainTimes.size(),
            drainTimes,
            drainPause,
            drainSnapshots,
            moved,
            moveTimes,
            movePause,
            moveSnapshots,
            stopTimes.size(),
            stopTimes,
            stopPause,
            writers.acknowledged());
      } finally {
        writers.close();
      }
    }
  }

  /** Creates tenants through the console until one has its shard's primary on each node. */
  private static List<String> tenantsOnEachNode(int gateway) throws Exception {
    String onN1 = null;
    String onN2 = null;
    try (MoveConsole console = new MoveConsole(gateway)) {
      for (int i = 0; i < 40 && (onN1 == null || onN2 == null); i++) {
        String t = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        console.execute("CREATE TENANT " + t + " USER app PASSWORD 'pw'");
        String node = console.rows("SHOW PLACEMENT " + t).get(0).get("node");
        if (node.equals("n1") && onN1 == null) {
          onN1 = t;
        } else if (node.equals("n2") && onN2 == null) {
          onN2 = t;
        }
      }
    }
    assertTrue(onN1 != null && onN2 != null, "a tenant on each node");
    return List.of(onN1, onN2);
  }

  /** Waits until every assigned shard has its one follower in sync. */
  private static void awaitEveryShardInSync(int gateway) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              try (MoveConsole console = new MoveConsole(gateway)) {
                for (Map<String, String> shard : console.rows("SHOW SHARDS")) {
                  assertTrue(
                      shard.get("followers").matches(ReplicaCluster.IN_SYNC_FOLLOWER),
                      shard.toString());
                }
              }
            });
  }

  private static String phaseOf(MoveConsole console, String id) throws Exception {
    return console.rows("SHOW MOVES").stream()
        .filter(r -> r.get("id").equals(id))
        .map(r -> r.get("phase"))
        .findFirst()
        .orElse("");
  }

  private static Map<String, String> shardRow(MoveConsole console, String shard) throws Exception {
    return console.rows("SHOW SHARDS").stream()
        .filter(r -> r.get("shard").equals(shard))
        .findFirst()
        .orElseThrow();
  }

  /** The distinct primaries of the assigned shards, sorted. */
  private static List<String> primaries(MoveConsole console) throws Exception {
    return console.rows("SHOW SHARDS").stream()
        .map(r -> r.get("node"))
        .distinct()
        .sorted()
        .toList();
  }

  /** How many tenant snapshots a primary logged sending to {@code follower}. */
  private static int snapshotsTo(String log, String follower) {
    Matcher m = Pattern.compile("sending follower " + follower + " a snapshot of ").matcher(log);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** How long each handover to {@code target} took, as the handing node logged it. */
  private static List<Long> handoverMillis(String log, String target) {
    List<Long> times = new ArrayList<>();
    Matcher m = HANDED_OVER.matcher(log);
    while (m.find()) {
      if (m.group(2).equals(target)) {
        times.add(Long.parseLong(m.group(3)));
      }
    }
    return times;
  }
}
