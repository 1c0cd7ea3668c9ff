/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static io.rhizome.topology.TopologyContractTest.ADMIN;
import static io.rhizome.topology.TopologyContractTest.node;
import static io.rhizome.topology.TopologyContractTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.TopologyException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Relocating a tenant that shares its shard onto a private shard of its own, on every backend. */
@Timeout(30)
abstract class RelocationContractTest {
  private static final int SHARD_COUNT = 16;

  private final List<Topology> opened = new CopyOnWriteArrayList<>();

  /** Run once just before the next transaction reaches the store (to interleave two writers). */
  private final AtomicReference<ThrowingRunnable> beforeNextTxn = new AtomicReference<>();

  private Topology t;
  private TenantRecord a;
  private ShardRecord shared;

  protected abstract MetaStore openStore() throws TopologyException;

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @BeforeEach
  void twoTenantsShareAShard() throws Exception {
    String cluster =
        "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    t =
        CachedTopology.open(
            new HookedStore(openStore()), new ClusterBootstrap(cluster, SHARD_COUNT, () -> ADMIN));
    opened.add(t);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    a = t.createTenant("a", user("app"));
    String sibling = sameShardAs(a.getShard());
    t.createTenant(sibling, user("app"));
    shared = t.refreshShard(a.getShard()).orElseThrow();
  }

  @AfterEach
  void closeOpened() {
    opened.forEach(Topology::close);
  }

  private String sameShardAs(int shard) {
    for (int i = 0; ; i++) {
      String name = "t" + i;
      if (!name.equals("a") && t.shardOf(name) == shard) {
        return name;
      }
    }
  }

  @Test
  void beginAssignsAPrivateShardOnTheSameOwnerAndIsIdempotent() throws Exception {
    TenantRecord relocating = t.beginRelocation("a");

    assertEquals(a.getShard(), relocating.getShard());
    assertEquals(SHARD_COUNT, relocating.getRelocatingToShard());
    ShardRecord privateShard = t.refreshShard(SHARD_COUNT).orElseThrow();
    assertEquals(shared.getNodeId(), privateShard.getNodeId());
    assertEquals(1, privateShard.getEpoch());
    // The shared shard's placement is rewritten unchanged.
    assertEquals(Optional.of(shared), t.refreshShard(a.getShard()));
    assertEquals(relocating, t.beginRelocation("a"));
    assertEquals(Optional.of(relocating), t.tenant("a"));
  }

  @Test
  void completeMovesTheRecordToThePrivateShardAndIsIdempotent() throws Exception {
    TenantRecord relocating = t.beginRelocation("a");
    int to = relocating.getRelocatingToShard();

    TenantRecord done = t.completeRelocation("a", to);

    assertEquals(to, done.getShard());
    assertEquals(0, done.getRelocatingToShard());
    assertEquals(a.getUsersList(), done.getUsersList());
    assertEquals(Optional.of(done), t.tenant("a"));
    assertEquals(done, t.completeRelocation("a", to));
    // The tenant now has its shard to itself: a move of it is an ordinary move.
    MoveRecord move = t.startMove(to, other(shared.getNodeId()), "operator");
    assertEquals(MovePhase.MOVE_COPYING, move.getPhase());
  }

  @Test
  void completeNeedsTheRelocationItCompletes() throws Exception {
    TopologyException notRelocating =
        assertThrows(TopologyException.class, () -> t.completeRelocation("a", SHARD_COUNT));
    assertEquals(Reason.FAILED_PRECONDITION, notRelocating.reason());
    int to = t.beginRelocation("a").getRelocatingToShard();
    TopologyException wrongShard =
        assertThrows(TopologyException.class, () -> t.completeRelocation("a", to + 1));
    assertEquals(Reason.FAILED_PRECONDITION, wrongShard.reason());
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(TopologyException.class, () -> t.beginRelocation("nobody")).reason());
  }

  @Test
  void neitherShardMovesWhileTheTenantIsRelocating() throws Exception {
    int to = t.beginRelocation("a").getRelocatingToShard();
    String target = other(shared.getNodeId());

    for (int shard : new int[] {a.getShard(), to}) {
      TopologyException refused =
          assertThrows(TopologyException.class, () -> t.startMove(shard, target, "operator"));
      assertEquals(Reason.FAILED_PRECONDITION, refused.reason(), "shard " + shard);
    }
    assertEquals(Optional.empty(), t.move(a.getShard()));

    t.completeRelocation("a", to);
    assertEquals(a.getShard(), t.startMove(a.getShard(), target, "operator").getShard());
  }

  @Test
  void aRelocationIsRefusedWhileItsShardMoves() throws Exception {
    t.startMove(a.getShard(), other(shared.getNodeId()), "operator");

    TopologyException refused = assertThrows(TopologyException.class, () -> t.beginRelocation("a"));

    assertEquals(Reason.ALREADY_EXISTS, refused.reason());
    assertEquals(0, t.tenant("a").orElseThrow().getRelocatingToShard());
    assertEquals(Optional.empty(), t.refreshShard(SHARD_COUNT));
  }

  @Test
  void aMoveThatReadTheShardBeforeARelocationBeganSeesItAndIsRefused() throws Exception {
    // The move reads the shard's placement, then the relocation commits before the move's write.
    beforeNextTxn.set(() -> t.beginRelocation("a"));

    TopologyException refused =
        assertThrows(
            TopologyException.class,
            () -> t.startMove(a.getShard(), other(shared.getNodeId()), "operator"));

    assertEquals(Reason.FAILED_PRECONDITION, refused.reason());
    assertEquals(Optional.empty(), t.move(a.getShard()));
    assertTrue(t.tenant("a").orElseThrow().getRelocatingToShard() != 0);
  }

  @Test
  void aRelocationThatReadTheShardBeforeAMoveStartedIsRefused() throws Exception {
    String target = other(shared.getNodeId());
    beforeNextTxn.set(() -> t.startMove(a.getShard(), target, "operator"));

    TopologyException refused = assertThrows(TopologyException.class, () -> t.beginRelocation("a"));

    assertEquals(Reason.ALREADY_EXISTS, refused.reason());
    assertEquals(0, t.tenant("a").orElseThrow().getRelocatingToShard());
    assertEquals(Optional.empty(), t.refreshShard(SHARD_COUNT));
  }

  private static String other(String nodeId) {
    return nodeId.equals("n1") ? "n2" : "n1";
  }

  /** The real store, with a hook run before one transaction. */
  private final class HookedStore extends ForwardingStore {
    HookedStore(MetaStore real) {
      super(real);
    }

    @Override
    public TxnResult txn(Txn txn) throws TopologyException {
      ThrowingRunnable hook = beforeNextTxn.getAndSet(null);
      if (hook != null) {
        try {
          hook.run();
        } catch (Exception e) {
          throw new AssertionError("the interleaved write failed", e);
        }
      }
      return real.txn(txn);
    }
  }
}
