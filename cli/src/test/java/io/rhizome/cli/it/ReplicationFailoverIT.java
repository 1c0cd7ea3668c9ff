/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Synchronous replication seen from clients (docs/replication.md): three nodes with replication
 * factor 2, two gateways, pgjdbc and psycopg writers appending client-side sequence numbers to
 * their tenants in auto-commit mode. After each fault every acknowledged row is present exactly
 * once, the writers go on, and the etcd history shows at most one primary per epoch of every shard.
 *
 * <p>One cluster and one set of writers serve the whole class: each test starts from a fully
 * replicated cluster (every shard has a live primary and an in-sync follower on a live node), makes
 * its fault, waits for explicit states (the map in etcd as SHOW SHARDS and SHOW PLACEMENT answer
 * it, the writers' acknowledgements) and checks every row acknowledged so far. The test that loses
 * a node for good runs last. Failover time over many kills is measured by bench/replication.sh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationFailoverIT {
  private static final int TENANTS = 24;
  private static final int PSYCOPG_TENANTS = 8;

  private ReplicaCluster cluster;
  private List<String> tenants;
  private SequenceWriters jdbc;
  private PythonWriters python;

  /** The writers' errors by SQLSTATE when the current test started. */
  private Map<String, Long> errorsBefore;

  @BeforeAll
  void startClusterAndWriters() throws Exception {
    Assumptions.assumeTrue(PythonWriters.available(), "the psycopg writers need python3-psycopg2");
    cluster = new ReplicaCluster("replication");
    tenants = cluster.createTenants(TENANTS);
    jdbc = new SequenceWriters(tenants.subList(PSYCOPG_TENANTS, TENANTS), cluster.gateways());
    jdbc.start();
    python =
        new PythonWriters(
            cluster.scratch(), tenants.subList(0, PSYCOPG_TENANTS), cluster.gateways());
    progress(10, Duration.ofSeconds(60));
  }

  @BeforeEach
  void fullyReplicated() throws Exception {
    cluster.awaitFullyReplicated(Duration.ofSeconds(90));
    errorsBefore = errors();
  }

  @AfterAll
  void stop() throws Exception {
    if (python != null) {
      python.close();
    }
    if (jdbc != null) {
      jdbc.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Crash points at each step of the commit path (docs/replication.md): the armed node halts there
   * at its next commit; once it is back and the shard fully replicated again, nothing acknowledged
   * is lost.
   */
  @Test
  @Order(1)
  void aCrashAtEachStepOfTheCommitPathLosesNothingAcknowledged() throws Exception {
    for (String point :
        List.of("primary-committed", "primary-sent", "follower-synced", "primary-acked")) {
      int shard = busyShard();
      String victim =
          point.startsWith("follower") ? followerOf(shard) : cluster.shardPrimary(shard);
      cluster.arm(victim, point);
      await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.node(victim).isAlive());
      progress(5, Duration.ofSeconds(30));
      cluster.start(victim);
      cluster.awaitFullyReplicated(Duration.ofSeconds(90));
      progress(5, Duration.ofSeconds(30));
    }
    verifyAcknowledged();
  }

  /**
   * A follower of a busy shard is killed while commits stream to it: its primary takes it out of
   * the in-sync set (etcd), and goes on. Started again at once on its data, it catches up from its
   * own copies and is that shard's in-sync follower again (it is back well within the lease plus
   * {@link ReplicaCluster#REPLACE_AFTER_SECONDS}, so its place is kept); a planned handover then
   * makes it the shard's primary and nothing acknowledged is lost.
   */
  @Test
  @Order(2)
  void aFollowerKilledMidStreamRejoinsAndCanBePromoted() throws Exception {
    int shard = busyShard();
    String follower = followerOf(shard);

    cluster.node(follower).kill();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> !shardRow(shard).get("followers").matches(ReplicaCluster.IN_SYNC_FOLLOWER));
    cluster.start(follower);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              String followers = shardRow(shard).get("followers");
              return followers.matches(ReplicaCluster.IN_SYNC_FOLLOWER)
                  && followers.startsWith(follower + " ");
            });
    progress(5, Duration.ofSeconds(30));

    Result promoted =
        LocalCluster.ctl(
            cluster.gateways().get(0), "--json", "shard", "promote", "" + shard, "--to", follower);
    assertEquals(0, promoted.exitCode(), promoted::toString);
    assertEquals(follower, cluster.shardPrimary(shard));
    progress(10, Duration.ofSeconds(30));
    verifyAcknowledged();
  }

  /**
   * The primary of a busy shard is paused (SIGSTOP) past its lease: its follower seals the old
   * epoch and is promoted. Resumed, the old primary cannot get an acknowledgement for anything it
   * had in flight (its answers are 40003, or the writes are re-routed); any row it had confirmed
   * after the failover would be missing on the new primary, which the verification finds. It
   * rejoins as a follower.
   */
  @Test
  @Order(3)
  void aPausedPrimaryAcknowledgesNothingAfterTheFailoverAndRejoins() throws Exception {
    String tenant = tenants.get(PSYCOPG_TENANTS);
    String victim = cluster.placement(tenant).get("node");

    cluster.node(victim).freeze();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> !cluster.placement(tenant).get("node").equals(victim));
    } finally {
      cluster.node(victim).thaw();
    }
    // Requests that waited on the paused node get their answers now: a commit it made but cannot
    // confirm is 40003, a write it may no longer take is re-routed.
    progress(5, Duration.ofSeconds(60));
    cluster.awaitFullyReplicated(Duration.ofSeconds(90));
    progress(10, Duration.ofSeconds(30));
    verifyAcknowledged();
  }

  /**
   * The primary of a busy shard is killed and its data directory deleted: writers resume within 10
   * s seeing nothing but connection errors (an INSERT in flight on the dead node), no shard is
   * served by the lost node, the factor is restored on the two left, and every acknowledged row is
   * there exactly once. Runs last: the node stays lost.
   */
  @Test
  @Order(4)
  void aKilledPrimaryAndItsDiskLoseNoAcknowledgedWriteAndTheFactorIsRestored() throws Exception {
    String victim = cluster.shardPrimary(busyShard());

    long killed = System.nanoTime();
    cluster.killAndWipe(victim);
    progress(5, Duration.ofSeconds(10));
    long resumedMillis = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(resumedMillis < 10_000, "writers resumed after " + resumedMillis + " ms");
    System.out.println("writers resumed " + resumedMillis + " ms after the primary was killed");

    cluster.awaitFullyReplicated(Duration.ofSeconds(90));
    for (Map<String, String> shard : cluster.shards()) {
      assertNotEquals(victim, shard.get("node"), "no shard is served by the lost node");
    }
    progress(10, Duration.ofSeconds(30));
    Map<String, Long> errors = errorsSince(errorsBefore);
    for (String state : errors.keySet()) {
      assertTrue(
          state.equals("None") || state.equals("null") || state.startsWith("08"),
          "writers saw only connection failures: " + errors);
    }
    verifyAcknowledged();
  }

  /** Every tenant gets {@code rows} more acknowledged rows within {@code within}. */
  private void progress(int rows, Duration within) throws Exception {
    jdbc.awaitProgress(rows);
    python.awaitProgress(rows, within);
  }

  /** The shard of the first pgjdbc tenant: one the writers keep busy. */
  private int busyShard() throws Exception {
    return Integer.parseInt(cluster.placement(tenants.get(PSYCOPG_TENANTS)).get("shard"));
  }

  private Map<String, String> shardRow(int shard) throws Exception {
    for (Map<String, String> row : cluster.shards()) {
      if (Integer.parseInt(row.get("shard")) == shard) {
        return row;
      }
    }
    throw new AssertionError("no shard " + shard);
  }

  private String followerOf(int shard) throws Exception {
    return shardRow(shard).get("followers").substring(0, 2);
  }

  /**
   * Every row acknowledged so far is there exactly once (read through the second gateway while the
   * writers go on), and the etcd history shows at most one primary per epoch of every shard.
   */
  private void verifyAcknowledged() throws Exception {
    int port = cluster.gateways().get(1);
    for (String t : tenants.subList(PSYCOPG_TENANTS, TENANTS)) {
      jdbc.verify(t, port);
    }
    python.verify(port);
    assertTrue(jdbc.acknowledged() > 0 && python.acknowledged() > 0);
    for (Map.Entry<String, List<EtcdHistory.Placement>> shard :
        EtcdHistory.shardPlacements(cluster.etcd()).entrySet()) {
      Map<Long, Set<String>> primaries = new HashMap<>();
      for (EtcdHistory.Placement p : shard.getValue()) {
        primaries.computeIfAbsent(p.epoch(), e -> new TreeSet<>()).add(p.node());
      }
      primaries.forEach(
          (epoch, nodes) ->
              assertEquals(
                  1,
                  nodes.size(),
                  shard.getKey() + " had primaries " + nodes + " at epoch " + epoch));
    }
  }

  /** Both writers' errors so far, by SQLSTATE. */
  private Map<String, Long> errors() throws Exception {
    Map<String, Long> errors = new TreeMap<>(jdbc.errors());
    python.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
    return errors;
  }

  /** The errors since {@code before}, by SQLSTATE. */
  private Map<String, Long> errorsSince(Map<String, Long> before) throws Exception {
    Map<String, Long> since = new TreeMap<>();
    errors()
        .forEach(
            (state, n) -> {
              long more = n - before.getOrDefault(state, 0L);
              if (more > 0) {
                since.put(state, more);
              }
            });
    return since;
  }
}
