/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static io.rhizome.topology.TopologyContractTest.ADMIN;
import static io.rhizome.topology.TopologyContractTest.eventually;
import static io.rhizome.topology.TopologyContractTest.node;
import static io.rhizome.topology.TopologyContractTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.TopologyException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metadata steps of a shard move (start, freeze, thaw, flip, cancel) on every backend. */
@Timeout(30)
abstract class ShardMoveContractTest {
  private String clusterName;
  private final List<Topology> opened = new CopyOnWriteArrayList<>();
  private Topology t;
  private int shard;

  protected abstract MetaStore openStore() throws TopologyException;

  @BeforeEach
  void createClusterWithATenantOnN1() throws Exception {
    clusterName = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    t = open();
    t.registerNode(node("n1"));
    TenantRecord acme = t.createTenant("acme", user("app"));
    shard = acme.getShard();
    t.registerNode(node("n2"));
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(Topology::close);
  }

  private Topology open() throws TopologyException {
    Topology topology =
        CachedTopology.open(openStore(), new ClusterBootstrap(clusterName, 16, () -> ADMIN));
    opened.add(topology);
    return topology;
  }

  @Test
  void startedMoveIsCopyingFromTheCurrentPlacement() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");

    assertEquals(MovePhase.MOVE_COPYING, move.getPhase());
    assertEquals("n1", move.getFromNode());
    assertEquals("n2", move.getToNode());
    assertEquals(1, move.getFromEpoch());
    assertEquals(8, move.getId().length());
    assertEquals(Optional.of(move), t.move(shard));
    assertEquals(List.of(move), t.moves());
  }

  @Test
  void aShardHasAtMostOneUnfinishedMove() throws Exception {
    t.startMove(shard, "n2", "operator");

    TopologyException e =
        assertThrows(TopologyException.class, () -> t.startMove(shard, "n2", "operator"));
    assertEquals(Reason.ALREADY_EXISTS, e.reason());
  }

  @Test
  void movesNeedALiveNonDrainingDestinationThatIsNotTheOwner() throws Exception {
    assertEquals(
        Reason.FAILED_PRECONDITION,
        assertThrows(TopologyException.class, () -> t.startMove(shard, "n1", "operator")).reason());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(TopologyException.class, () -> t.startMove(shard, "n9", "operator")).reason());
    int unassigned = (shard + 1) % 16;
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(TopologyException.class, () -> t.startMove(unassigned, "n2", "operator"))
            .reason());
    t.setDraining("n2", true);
    assertEquals(Set.of("n2"), t.drainingNodes());
    assertEquals(
        Reason.FAILED_PRECONDITION,
        assertThrows(TopologyException.class, () -> t.startMove(shard, "n2", "operator")).reason());
    t.setDraining("n2", false);
    assertEquals(Set.of(), t.drainingNodes());
    t.startMove(shard, "n2", "operator");
  }

  @Test
  void drainingNodesTakeNoNewShards() throws Exception {
    t.setDraining("n2", true);
    t.setDraining("n1", true);

    TopologyException e =
        assertThrows(TopologyException.class, () -> t.createTenant("other", user("app")));
    // Unless "other" shares acme's shard, it needs a new owner and none is eligible.
    if (t.shardOf("other") != shard) {
      assertEquals(Reason.NO_LIVE_NODES, e.reason());
    }
  }

  @Test
  void flipMovesThePlacementToTheDestinationAtTheNextEpoch() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      assertEquals(MovePhase.MOVE_FROZEN, freeze.move().getPhase());
      assertEquals(1, t.refreshFreeze(shard).orElseThrow().getEpoch());
      assertEquals(move.getId(), t.freeze(shard).orElseThrow().getMoveId());

      ShardRecord placement = t.flipShard(freeze.move(), freeze);

      assertEquals("n2", placement.getNodeId());
      assertEquals(2, placement.getEpoch());
      assertEquals(Optional.of(placement), t.refreshShard(shard));
      assertEquals(MovePhase.MOVE_CLEANUP, t.move(shard).orElseThrow().getPhase());
      assertEquals(Optional.empty(), t.refreshFreeze(shard));
    }
    MoveRecord done =
        t.updateMove(shard, move.getId(), m -> m.toBuilder().setPhase(MovePhase.MOVE_DONE).build());
    assertEquals(MovePhase.MOVE_DONE, done.getPhase());
    // Finished: the shard may move again, from its new placement.
    MoveRecord back = t.startMove(shard, "n1", "operator");
    assertEquals(2, back.getFromEpoch());
    assertEquals("n2", back.getFromNode());
  }

  @Test
  void aSourceThatThawedFirstMakesTheFlipFail() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      assertTrue(t.thawShard(shard, "n1", 1));

      TopologyException e =
          assertThrows(TopologyException.class, () -> t.flipShard(freeze.move(), freeze));

      assertEquals(Reason.FAILED_PRECONDITION, e.reason());
      assertEquals("n1", t.refreshShard(shard).orElseThrow().getNodeId());
      assertEquals(1, t.refreshShard(shard).orElseThrow().getEpoch());
    }
  }

  @Test
  void aSourceCannotThawAfterTheFlip() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      t.flipShard(freeze.move(), freeze);
    }

    assertFalse(t.thawShard(shard, "n1", 1));
  }

  @Test
  void closingTheFreezeEndsIt() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    Topology.Freeze freeze = t.freezeShard(move);

    freeze.close();

    assertEquals(Optional.empty(), t.refreshFreeze(shard));
    eventually(() -> assertEquals(Optional.empty(), t.freeze(shard)));
  }

  @Test
  void aShardCannotBeFrozenTwice() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      TopologyException e = assertThrows(TopologyException.class, () -> t.freezeShard(move));
      assertEquals(Reason.FAILED_PRECONDITION, e.reason());
    }
  }

  @Test
  void cancellingAnUnfrozenMoveFinishesIt() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");

    MoveRecord cancelled = t.cancelMove(move.getId());

    assertEquals(MovePhase.MOVE_CANCELLED, cancelled.getPhase());
    assertEquals(
        Reason.FAILED_PRECONDITION,
        assertThrows(TopologyException.class, () -> t.freezeShard(move)).reason());
    assertEquals(
        Reason.FAILED_PRECONDITION,
        assertThrows(TopologyException.class, () -> t.cancelMove(move.getId())).reason());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(TopologyException.class, () -> t.cancelMove("nope")).reason());
  }

  @Test
  void cancellingAFrozenMoveAsksTheMoverAndBlocksTheFlip() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      MoveRecord asked = t.cancelMove(move.getId());

      assertEquals(MovePhase.MOVE_FROZEN, asked.getPhase());
      assertTrue(asked.getCancelRequested());
      assertEquals(
          Reason.FAILED_PRECONDITION,
          assertThrows(TopologyException.class, () -> t.flipShard(freeze.move(), freeze)).reason());
    }
    // The freeze is gone (the mover died or let go): a second cancel finishes the move.
    assertEquals(MovePhase.MOVE_CANCELLED, t.cancelMove(move.getId()).getPhase());
  }

  @Test
  void onlyTheFlipEntersCleanup() throws Exception {
    MoveRecord move = t.startMove(shard, "n2", "operator");

    assertThrows(
        IllegalArgumentException.class,
        () ->
            t.updateMove(
                shard, move.getId(), m -> m.toBuilder().setPhase(MovePhase.MOVE_CLEANUP).build()));
    assertThrows(
        IllegalArgumentException.class,
        () -> t.updateMove(shard, move.getId(), m -> m.toBuilder().setToNode("n3").build()));
    MoveRecord progressed =
        t.updateMove(shard, move.getId(), m -> m.toBuilder().setBytesCopied(42).build());
    assertEquals(42, progressed.getBytesCopied());
  }

  @Test
  void anotherProcessSeesMovesFreezesAndDrainsThroughItsCache() throws Exception {
    Topology other = otherProcess(t);
    MoveRecord move = t.startMove(shard, "n2", "operator");
    t.setDraining("n1", true);
    try (Topology.Freeze freeze = t.freezeShard(move)) {
      eventually(
          () -> {
            assertEquals(move.getId(), other.freeze(shard).orElseThrow().getMoveId());
            assertEquals(MovePhase.MOVE_FROZEN, other.move(shard).orElseThrow().getPhase());
            assertEquals(Set.of("n1"), other.drainingNodes());
          });
      t.flipShard(freeze.move(), freeze);
    }
    eventually(
        () -> {
          assertEquals(Optional.empty(), other.freeze(shard));
          assertEquals("n2", other.shard(shard).orElseThrow().getNodeId());
        });
  }

  /** A second process's view of the cluster where the store allows one, else the first's. */
  protected Topology otherProcess(Topology first) throws TopologyException {
    return open();
  }
}
