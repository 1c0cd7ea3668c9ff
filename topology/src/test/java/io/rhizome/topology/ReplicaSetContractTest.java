/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static io.rhizome.topology.TopologyContractTest.ADMIN;
import static io.rhizome.topology.TopologyContractTest.eventually;
import static io.rhizome.topology.TopologyContractTest.node;
import static io.rhizome.topology.TopologyContractTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.TopologyException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replica sets in the shard record (docs/replication.md), the same on every backend. */
@Timeout(60)
abstract class ReplicaSetContractTest {
  private String clusterName;
  private final List<Topology> opened = new CopyOnWriteArrayList<>();

  protected abstract MetaStore openStore() throws TopologyException;

  /** A second process on the same cluster (the embedded store allows only one: the same). */
  protected Topology otherProcess(Topology first) throws TopologyException {
    return open(1);
  }

  @BeforeEach
  void name() {
    clusterName = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(Topology::close);
  }

  protected Topology open(int replicationFactor) throws TopologyException {
    Topology topology =
        CachedTopology.open(
            openStore(),
            new ClusterBootstrap(
                clusterName,
                16,
                () -> ADMIN,
                AuthMethod.AUTH_METHOD_UNSPECIFIED,
                replicationFactor));
    opened.add(topology);
    return topology;
  }

  /** Registrations by node id, for tests that end one (a failover needs the primary gone). */
  private final java.util.Map<String, NodeRegistration> registrations = new java.util.HashMap<>();

  private void register(Topology t, String... ids) throws TopologyException {
    for (String id : ids) {
      registrations.put(id, t.registerNode(node(id)));
    }
  }

  private static NodeRecord zoned(String id, String zone) {
    return node(id).toBuilder().setZone(zone).build();
  }

  private static ShardRecord shardOf(Topology t, String tenant) throws TopologyException {
    TenantRecord record = t.tenant(tenant).orElseThrow();
    return t.refreshShard(record.getShard()).orElseThrow();
  }

  private static List<String> followerIds(ShardRecord shard) {
    return shard.getFollowersList().stream().map(ShardFollower::getNodeId).toList();
  }

  private static FollowerState stateOf(ShardRecord shard, String node) {
    return shard.getFollowersList().stream()
        .filter(f -> f.getNodeId().equals(node))
        .findFirst()
        .orElseThrow()
        .getState();
  }

  @Test
  void theFactorIsFixedWhenTheClusterIsCreated() throws Exception {
    Topology t = open(3);
    assertEquals(3, t.cluster().getReplicationFactor());

    Topology joined = otherProcess(t);
    assertEquals(3, joined.cluster().getReplicationFactor());
  }

  @Test
  void aNewShardGetsInSyncFollowersOnOtherNodes() throws Exception {
    Topology t = open(3);
    for (String id : List.of("n1", "n2", "n3", "n4")) {
      t.registerNode(node(id));
    }
    eventually(() -> assertEquals(4, t.nodes().size()));

    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());

    assertEquals(1, shard.getEpoch());
    assertEquals(2, shard.getFollowersCount());
    Set<String> set = new java.util.HashSet<>(followerIds(shard));
    set.add(shard.getNodeId());
    assertEquals(3, set.size(), "primary and followers on three different nodes: " + shard);
    for (ShardFollower f : shard.getFollowersList()) {
      assertEquals(FollowerState.IN_SYNC, f.getState());
      assertEquals(1, f.getEpoch());
    }
    assertEquals(3, t.replicaSets().replicationFactor(shard));
  }

  @Test
  void anImportGivesTheShardsItAssignsTheirFollowers() throws Exception {
    Topology t = open(2);
    register(t, "n1", "n2");
    eventually(() -> assertEquals(2, t.nodes().size()));
    List<TenantImport> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(new TenantImport("imp" + i, List.of(user("app"))));
    }

    t.importTenants(batch);

    for (int i = 0; i < 40; i++) {
      ShardRecord shard = shardOf(t, "imp" + i);
      assertEquals(1, shard.getFollowersCount(), "a replicated shard: " + shard);
      ShardFollower follower = shard.getFollowers(0);
      assertNotEquals(shard.getNodeId(), follower.getNodeId());
      assertEquals(FollowerState.IN_SYNC, follower.getState());
    }
  }

  @Test
  void followersGoToOtherZonesFirst() throws Exception {
    Topology t = open(3);
    t.registerNode(zoned("a1", "a"));
    t.registerNode(zoned("a2", "a"));
    t.registerNode(zoned("b1", "b"));
    t.registerNode(zoned("c1", "c"));
    eventually(() -> assertEquals(4, t.nodes().size()));

    for (String tenant : TopologyContractTest.namesOnDistinctShards(t, 4)) {
      ShardRecord shard = shardOf(t, t.createTenant(tenant, user("app")).getName());
      Set<String> zones = new java.util.HashSet<>();
      zones.add(shard.getNodeId().substring(0, 1));
      followerIds(shard).forEach(f -> zones.add(f.substring(0, 1)));
      assertEquals(3, zones.size(), "one copy per zone: " + shard);
    }
  }

  @Test
  void aSmallClusterGetsAsManyFollowersAsItHasOtherNodes() throws Exception {
    Topology t = open(3);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(2, t.nodes().size()));

    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());

    assertEquals(1, shard.getFollowersCount(), shard.toString());
    assertNotEquals(shard.getNodeId(), shard.getFollowers(0).getNodeId());
    t.registerNode(node("n3"));
    eventually(() -> assertEquals(Optional.of("n3"), t.replicaSets().nextFollower(shard)));
  }

  @Test
  void replicationFactorOneHasNoFollowers() throws Exception {
    Topology t = open(1);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(2, t.nodes().size()));

    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());

    assertEquals(0, shard.getFollowersCount());
    assertEquals(Optional.empty(), t.replicaSets().nextFollower(shard));
  }

  @Test
  void aPrivateShardMayHaveAFactorOfItsOwn() throws Exception {
    Topology t = open(1);
    for (String id : List.of("n1", "n2", "n3")) {
      t.registerNode(node(id));
    }
    eventually(() -> assertEquals(3, t.nodes().size()));

    TenantRecord big =
        t.createTenant(
            "big", user("app"), TenantPlacement.ownShardOn("n1").withReplicationFactor(3));
    ShardRecord shard = t.refreshShard(big.getShard()).orElseThrow();

    assertEquals(3, shard.getReplicationFactor());
    assertEquals(3, t.replicaSets().replicationFactor(shard));
    assertEquals("n1", shard.getNodeId());
    assertEquals(Set.of("n2", "n3"), Set.copyOf(followerIds(shard)));
    assertThrows(
        IllegalArgumentException.class, () -> TenantPlacement.hashed().withReplicationFactor(2));
  }

  @Test
  void thePrimaryDropsALaggingFollowerFromTheInSyncSet() throws Exception {
    Topology t = open(3);
    for (String id : List.of("n1", "n2", "n3")) {
      t.registerNode(node(id));
    }
    eventually(() -> assertEquals(3, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String lagging = shard.getFollowers(0).getNodeId();

    ShardRecord dropped =
        t.replicaSets()
            .dropFromInSync(
                shard.getShard(), shard.getNodeId(), shard.getEpoch(), List.of(lagging));

    assertEquals(FollowerState.CATCHING_UP, stateOf(dropped, lagging));
    assertEquals(shard.getEpoch(), dropped.getEpoch());
    assertEquals(dropped, t.refreshShard(shard.getShard()).orElseThrow());
    // Idempotent: a second drop of the same follower (another commit thread) changes nothing.
    assertEquals(
        dropped,
        t.replicaSets()
            .dropFromInSync(
                shard.getShard(), shard.getNodeId(), shard.getEpoch(), List.of(lagging)));

    ShardRecord back =
        t.replicaSets().markInSync(shard.getShard(), shard.getNodeId(), shard.getEpoch(), lagging);
    assertEquals(FollowerState.IN_SYNC, stateOf(back, lagging));
  }

  @Test
  void onlyThePrimaryAtItsEpochChangesTheSet() throws Exception {
    Topology t = open(2);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(2, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String follower = shard.getFollowers(0).getNodeId();
    ReplicaSets sets = t.replicaSets();

    TopologyException wrongNode =
        assertThrows(
            TopologyException.class,
            () -> sets.dropFromInSync(shard.getShard(), follower, 1, List.of(shard.getNodeId())));
    assertEquals(Reason.FENCED, wrongNode.reason());
    TopologyException wrongEpoch =
        assertThrows(
            TopologyException.class,
            () -> sets.addFollower(shard.getShard(), shard.getNodeId(), 7, "n9"));
    assertEquals(Reason.FENCED, wrongEpoch.reason());
    assertEquals(shard, t.refreshShard(shard.getShard()).orElseThrow());
  }

  @Test
  void promotionMakesTheFollowerPrimaryAtTheNextEpochAndFencesTheOldPrimary() throws Exception {
    Topology t = open(3);
    register(t, "n1", "n2", "n3");
    eventually(() -> assertEquals(3, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String old = shard.getNodeId();
    String candidate = shard.getFollowers(0).getNodeId();
    String other = shard.getFollowers(1).getNodeId();

    TopologyException stillThere =
        assertThrows(
            TopologyException.class,
            () ->
                t.replicaSets().promote(shard.getShard(), old, shard.getEpoch(), candidate, false));
    assertEquals(Reason.FAILED_PRECONDITION, stillThere.reason(), "no failover of a live primary");
    registrations.get(old).close(); // its lease ends

    ShardRecord promoted =
        t.replicaSets().promote(shard.getShard(), old, shard.getEpoch(), candidate, false);

    assertEquals(candidate, promoted.getNodeId());
    assertEquals(shard.getEpoch() + 1, promoted.getEpoch());
    assertEquals(List.of(other), followerIds(promoted), "the old primary left the set");
    assertEquals(FollowerState.IN_SYNC, stateOf(promoted, other));
    assertEquals(promoted.getEpoch(), promoted.getFollowers(0).getEpoch());
    // The old primary's attempt to drop the new one (it stopped acknowledging) is fenced.
    TopologyException fenced =
        assertThrows(
            TopologyException.class,
            () ->
                t.replicaSets()
                    .dropFromInSync(shard.getShard(), old, shard.getEpoch(), List.of(candidate)));
    assertEquals(Reason.FENCED, fenced.reason());
    Topology elsewhere = otherProcess(t);
    eventually(
        () -> assertEquals(Optional.of(promoted), elsewhere.shard(shard.getShard()), "watched"));
  }

  @Test
  void aPlannedHandoverKeepsTheOldPrimaryAsAnInSyncFollower() throws Exception {
    Topology t = open(2);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(2, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String old = shard.getNodeId();
    String target = shard.getFollowers(0).getNodeId();

    ShardRecord handed = t.replicaSets().promote(shard.getShard(), old, 1, target, true);

    assertEquals(target, handed.getNodeId());
    assertEquals(2, handed.getEpoch());
    assertEquals(List.of(old), followerIds(handed));
    assertEquals(FollowerState.IN_SYNC, stateOf(handed, old));
  }

  @Test
  void aHandoverGoesToALiveInSyncFollowerThatIsNotDrainingFirst() throws Exception {
    Topology t = open(3);
    register(t, "n1", "n2", "n3");
    eventually(() -> assertEquals(3, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    List<String> followers = followerIds(shard).stream().sorted().toList();
    String first = followers.get(0);
    String second = followers.get(1);
    assertEquals(followers, t.replicaSets().handoverTargets(shard), "ties go by id");

    t.setDraining(first, true);
    eventually(() -> assertEquals(List.of(second, first), t.replicaSets().handoverTargets(shard)));

    ShardRecord lagging =
        t.replicaSets().dropFromInSync(shard.getShard(), shard.getNodeId(), 1, List.of(second));
    assertEquals(List.of(first), t.replicaSets().handoverTargets(lagging), "in sync only");

    registrations.get(first).close();
    eventually(() -> assertEquals(List.of(), t.replicaSets().handoverTargets(lagging), "live"));
  }

  @Test
  void aShardWithOneCopyHasNoHandoverTarget() throws Exception {
    Topology t = open(1);
    register(t, "n1", "n2");
    eventually(() -> assertEquals(2, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());

    assertEquals(List.of(), t.replicaSets().handoverTargets(shard));
  }

  @Test
  void onlyAnInSyncFollowerCanBePromoted() throws Exception {
    Topology t = open(3);
    for (String id : List.of("n1", "n2", "n3")) {
      t.registerNode(node(id));
    }
    eventually(() -> assertEquals(3, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String lagging = shard.getFollowers(0).getNodeId();
    t.replicaSets().dropFromInSync(shard.getShard(), shard.getNodeId(), 1, List.of(lagging));

    TopologyException refused =
        assertThrows(
            TopologyException.class,
            () -> t.replicaSets().promote(shard.getShard(), shard.getNodeId(), 1, lagging, false));
    assertEquals(Reason.FAILED_PRECONDITION, refused.reason());
    TopologyException stranger =
        assertThrows(
            TopologyException.class,
            () -> t.replicaSets().promote(shard.getShard(), shard.getNodeId(), 1, "n9", false));
    assertEquals(Reason.FAILED_PRECONDITION, stranger.reason());
  }

  @Test
  void racingPromotionsMakeExactlyOnePrimaryPerEpoch() throws Exception {
    Topology t = open(3);
    register(t, "n1", "n2", "n3");
    eventually(() -> assertEquals(3, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    Topology second = otherProcess(t);
    registrations.get(shard.getNodeId()).close();
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<String>> attempts = new ArrayList<>();
    List<Topology> processes = List.of(t, second);
    for (int i = 0; i < 2; i++) {
      String candidate = shard.getFollowers(i).getNodeId();
      Topology process = processes.get(i);
      attempts.add(
          () -> {
            go.await();
            try {
              return process
                  .replicaSets()
                  .promote(shard.getShard(), shard.getNodeId(), 1, candidate, false)
                  .getNodeId();
            } catch (TopologyException e) {
              assertEquals(Reason.FENCED, e.reason());
              return null;
            }
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Callable<String> attempt : attempts) {
        results.add(pool.submit(attempt));
      }
      go.countDown();
      List<String> winners = new ArrayList<>();
      for (Future<String> r : results) {
        String winner = r.get();
        if (winner != null) {
          winners.add(winner);
        }
      }
      assertEquals(1, winners.size(), "one winner: " + winners);
      ShardRecord now = t.refreshShard(shard.getShard()).orElseThrow();
      assertEquals(winners.get(0), now.getNodeId());
      assertEquals(2, now.getEpoch());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void followersCanBeAddedAndRemoved() throws Exception {
    Topology t = open(2);
    t.registerNode(node("n1"));
    eventually(() -> assertEquals(1, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    assertEquals(0, shard.getFollowersCount());
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(Optional.of("n2"), t.replicaSets().nextFollower(shard)));

    ShardRecord added = t.replicaSets().addFollower(shard.getShard(), "n1", 1, "n2");
    assertEquals(FollowerState.CATCHING_UP, stateOf(added, "n2"));
    assertEquals(Optional.empty(), t.replicaSets().nextFollower(added), "the set is full");
    assertEquals(added, t.replicaSets().addFollower(shard.getShard(), "n1", 1, "n2"));
    assertEquals(
        Reason.FAILED_PRECONDITION,
        assertThrows(
                TopologyException.class,
                () -> t.replicaSets().addFollower(shard.getShard(), "n1", 1, "n1"))
            .reason());

    ShardRecord removed = t.replicaSets().removeFollower(shard.getShard(), "n1", 1, "n2");
    assertEquals(0, removed.getFollowersCount());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(
                TopologyException.class,
                () -> t.replicaSets().markInSync(shard.getShard(), "n1", 1, "n2"))
            .reason());
  }

  @Test
  void aMoveKeepsTheOtherFollowersButTheyMustCatchUp() throws Exception {
    Topology t = open(2);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    eventually(() -> assertEquals(2, t.nodes().size()));
    ShardRecord shard = shardOf(t, t.createTenant("acme", user("app")).getName());
    String follower = shard.getFollowers(0).getNodeId();
    t.registerNode(node("n3"));
    eventually(() -> assertEquals(3, t.nodes().size()));

    MoveRecord move = t.startMove(shard.getShard(), "n3", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      ShardRecord flipped = t.flipShard(move, freeze);
      assertEquals("n3", flipped.getNodeId());
      assertEquals(List.of(follower), followerIds(flipped));
      assertEquals(FollowerState.CATCHING_UP, stateOf(flipped, follower));
      assertEquals(2, flipped.getFollowers(0).getEpoch());
    }
    assertTrue(t.refreshShard(shard.getShard()).isPresent());
  }
}
