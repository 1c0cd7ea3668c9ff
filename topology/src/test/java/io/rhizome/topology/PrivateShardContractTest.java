/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static io.rhizome.topology.TopologyContractTest.ADMIN;
import static io.rhizome.topology.TopologyContractTest.eventually;
import static io.rhizome.topology.TopologyContractTest.node;
import static io.rhizome.topology.TopologyContractTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.TopologyException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tenants created on a private shard of their own (TenantPlacement.ownShard) on every backend. */
@Timeout(30)
abstract class PrivateShardContractTest {
  private static final int SHARD_COUNT = 16;

  private String clusterName;
  private final List<Topology> opened = new CopyOnWriteArrayList<>();
  private Topology t;

  protected abstract MetaStore openStore() throws TopologyException;

  @BeforeEach
  void createClusterWithTwoNodes() throws Exception {
    clusterName = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    t = open();
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(Topology::close);
  }

  private Topology open() throws TopologyException {
    Topology topology =
        CachedTopology.open(
            openStore(), new ClusterBootstrap(clusterName, SHARD_COUNT, () -> ADMIN));
    opened.add(topology);
    return topology;
  }

  @Test
  void eachOwnShardTenantGetsTheNextFreeShardAboveTheHashedOnes() throws Exception {
    TenantRecord a = t.createTenant("a", user("app"), TenantPlacement.ownShard());
    TenantRecord b = t.createTenant("b", user("app"), TenantPlacement.ownShard());

    assertEquals(SHARD_COUNT, a.getShard());
    assertEquals(SHARD_COUNT + 1, b.getShard());
    assertEquals(Optional.of(a), t.tenant("a"));
    ShardRecord placement = t.refreshShard(a.getShard()).orElseThrow();
    assertEquals(1, placement.getEpoch());
    assertEquals(Optional.of(placement), t.shard(a.getShard()));
    // The least loaded node: the second private shard goes to the node the first did not take.
    assertEquals(
        List.of("n1", "n2"),
        List.of(
            t.shard(a.getShard()).orElseThrow().getNodeId(),
            t.shard(b.getShard()).orElseThrow().getNodeId()));
  }

  @Test
  void aDroppedTenantsShardNumberIsNotReused() throws Exception {
    TenantRecord a = t.createTenant("a", user("app"), TenantPlacement.ownShard());
    t.dropTenant("a");

    TenantRecord b = t.createTenant("b", user("app"), TenantPlacement.ownShard());

    assertEquals(a.getShard() + 1, b.getShard());
  }

  @Test
  void anOwnShardCanBePinnedToANode() throws Exception {
    TenantRecord a = t.createTenant("a", user("app"), TenantPlacement.ownShardOn("n2"));
    TenantRecord b = t.createTenant("b", user("app"), TenantPlacement.ownShardOn("n2"));

    assertEquals("n2", t.shard(a.getShard()).orElseThrow().getNodeId());
    assertEquals("n2", t.shard(b.getShard()).orElseThrow().getNodeId());
  }

  @Test
  void aPinnedNodeMustBeLiveAndNotDraining() throws Exception {
    TopologyException missing =
        assertThrows(
            TopologyException.class,
            () -> t.createTenant("a", user("app"), TenantPlacement.ownShardOn("n9")));
    assertEquals(Reason.NOT_FOUND, missing.reason());

    t.setDraining("n2", true);
    TopologyException draining =
        assertThrows(
            TopologyException.class,
            () -> t.createTenant("a", user("app"), TenantPlacement.ownShardOn("n2")));
    assertEquals(Reason.FAILED_PRECONDITION, draining.reason());

    // Neither refusal left anything behind.
    assertEquals(Optional.empty(), t.tenant("a"));
    assertEquals(Optional.empty(), t.refreshShard(SHARD_COUNT));
    TenantRecord a = t.createTenant("a", user("app"), TenantPlacement.ownShard());
    assertEquals(SHARD_COUNT, a.getShard());
    assertEquals("n1", t.shard(SHARD_COUNT).orElseThrow().getNodeId());
  }

  @Test
  void anExistingTenantIsRefusedWhateverThePlacement() throws Exception {
    t.createTenant("a", user("app"));

    TopologyException e =
        assertThrows(
            TopologyException.class,
            () -> t.createTenant("a", user("app"), TenantPlacement.ownShard()));

    assertEquals(Reason.ALREADY_EXISTS, e.reason());
    assertEquals(Optional.empty(), t.refreshShard(SHARD_COUNT));
  }

  @Test
  void withNoEligibleNodeNothingIsCreated() throws Exception {
    t.setDraining("n1", true);
    t.setDraining("n2", true);

    TopologyException e =
        assertThrows(
            TopologyException.class,
            () -> t.createTenant("a", user("app"), TenantPlacement.ownShard()));

    assertEquals(Reason.NO_LIVE_NODES, e.reason());
    assertEquals(Optional.empty(), t.tenant("a"));
  }

  @Test
  void aPrivateShardMovesLikeAnyOther() throws Exception {
    int shard = t.createTenant("a", user("app"), TenantPlacement.ownShardOn("n1")).getShard();

    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      ShardRecord placement = t.flipShard(freeze.move(), freeze);
      assertEquals("n2", placement.getNodeId());
      assertEquals(2, placement.getEpoch());
    }
    t.updateMove(shard, move.getId(), m -> m.toBuilder().setPhase(MovePhase.MOVE_DONE).build());

    assertEquals(Optional.of("n2"), t.refreshShard(shard).map(ShardRecord::getNodeId));
    assertEquals(shard, t.tenant("a").orElseThrow().getShard());
    assertEquals(true, t.thawShard(shard, "n2", 2));
  }

  @Test
  void anotherProcessSeesThePrivateShard() throws Exception {
    Topology other = otherProcess(t);
    TenantRecord a = t.createTenant("a", user("app"), TenantPlacement.ownShardOn("n2"));

    eventually(
        () -> {
          assertEquals(Optional.of(a), other.tenant("a"));
          assertEquals("n2", other.shard(a.getShard()).orElseThrow().getNodeId());
        });
  }

  @Test
  void shardNumbersAreCheckedAgainstTheKeyRangeNotTheShardCount() throws Exception {
    assertEquals(Optional.empty(), t.refreshShard(Topology.MAX_SHARD));
    assertThrows(IllegalArgumentException.class, () -> t.refreshShard(Topology.MAX_SHARD + 1));
    assertThrows(IllegalArgumentException.class, () -> t.refreshShard(-1));
  }

  /** A second process's view of the cluster where the store allows one, else the first's. */
  protected Topology otherProcess(Topology first) throws TopologyException {
    return open();
  }
}
