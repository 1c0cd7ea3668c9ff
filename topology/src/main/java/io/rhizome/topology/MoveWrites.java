/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.DrainRecord;
import io.rhizome.proto.FollowerState;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.MovePhase;
import io.rhizome.proto.MoveRecord;
import io.rhizome.proto.ShardFollower;
import io.rhizome.proto.ShardRecord;
import io.rhizome.topology.MetaStore.Compare;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Lease;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.MetaStore.TxnResult;
import io.rhizome.topology.TopologyException.Reason;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata side of shard moves, each step one compare-and-set transaction (see the package
 * docs, "Shard moves"). The safety argument rests on two compares: the flip requires the freeze
 * record the mover wrote, and the source's thaw deletes that record only while the source still
 * owns the shard at the moved epoch; so exactly one of "flip" and "source serves writes again" can
 * happen.
 */
final class MoveWrites {
  private static final Logger LOG = LoggerFactory.getLogger(MoveWrites.class);

  private final MetaStore store;
  private final KeyLayout keys;
  private final VersionedCache cache;

  private final TenantWrites relocations;

  MoveWrites(MetaStore store, KeyLayout keys, VersionedCache cache, TenantWrites relocations) {
    this.store = store;
    this.keys = keys;
    this.cache = cache;
    this.relocations = relocations;
  }

  static boolean finished(MoveRecord move) {
    return move.getPhase() == MovePhase.MOVE_DONE || move.getPhase() == MovePhase.MOVE_CANCELLED;
  }

  MoveRecord start(int shard, String toNode, String reason) throws TopologyException {
    for (int attempt = 1; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      Entry shardEntry =
          store
              .get(keys.shard(shard))
              .orElseThrow(
                  () ->
                      new TopologyException(
                          Reason.NOT_FOUND, "shard " + shard + " has no owner to move from"));
      ShardRecord placement = Records.parse(shardEntry, ShardRecord.parser());
      if (placement.getNodeId().equals(toNode)) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION, "node " + toNode + " already owns shard " + shard);
      }
      // Read after the placement: a relocation that began later re-put the placement, so the
      // compare below fails and the next attempt sees it here.
      Optional<String> relocating = relocations.relocatingTenantOf(shard);
      if (relocating.isPresent()) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION,
            "tenant "
                + relocating.get()
                + " is being relocated out of or into shard "
                + shard
                + "; move it when that is done");
      }
      Entry nodeEntry =
          store
              .get(keys.node(toNode))
              .orElseThrow(
                  () -> new TopologyException(Reason.NOT_FOUND, "node " + toNode + " is not live"));
      if (store.get(keys.drain(toNode)).isPresent()) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION, "node " + toNode + " is draining: it takes no new shards");
      }
      Optional<Entry> moveEntry = store.get(keys.move(shard));
      if (moveEntry.isPresent()) {
        MoveRecord last = Records.parse(moveEntry.get(), MoveRecord.parser());
        if (!finished(last)) {
          throw new TopologyException(
              Reason.ALREADY_EXISTS,
              "shard " + shard + " is already moving (move " + last.getId() + ")");
        }
      }
      long now = System.currentTimeMillis();
      MoveRecord move =
          MoveRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setId(newId())
              .setShard(shard)
              .setFromNode(placement.getNodeId())
              .setToNode(toNode)
              .setFromEpoch(placement.getEpoch())
              .setPhase(MovePhase.MOVE_COPYING)
              .setReason(reason)
              .setCreatedUnixMs(now)
              .setUpdatedUnixMs(now)
              .build();
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(
                      new Compare(shardEntry.key(), shardEntry.modRevision()),
                      new Compare(nodeEntry.key(), nodeEntry.modRevision()),
                      Compare.absent(keys.drain(toNode)),
                      new Compare(keys.move(shard), moveEntry.map(Entry::modRevision).orElse(0L))),
                  List.of(Put.of(keys.move(shard), move.toByteArray())),
                  List.of()));
      if (result.succeeded()) {
        cache.learnMove(shard, move, result.revision());
        LOG.info(
            "move {}: shard {} from {} (epoch {}) to {} ({})",
            move.getId(),
            shard,
            move.getFromNode(),
            move.getFromEpoch(),
            toNode,
            reason);
        return move;
      }
    }
    throw TenantWrites.conflict("starting a move of shard " + shard);
  }

  MoveRecord update(int shard, String id, UnaryOperator<MoveRecord> change)
      throws TopologyException {
    for (int attempt = 1; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      Entry entry = moveEntry(shard, id);
      MoveRecord stored = Records.parse(entry, MoveRecord.parser());
      MoveRecord changed =
          change.apply(stored).toBuilder().setUpdatedUnixMs(System.currentTimeMillis()).build();
      if (!sameMove(stored, changed)) {
        throw new IllegalArgumentException(
            "an update must keep the move's id, shard, nodes, epoch");
      }
      if (changed.getPhase() == MovePhase.MOVE_CLEANUP
          && stored.getPhase() != MovePhase.MOVE_CLEANUP) {
        throw new IllegalArgumentException("only the flip enters the cleanup phase");
      }
      if (stored.getPhase() == MovePhase.MOVE_CLEANUP
          && changed.getPhase() != MovePhase.MOVE_CLEANUP
          && changed.getPhase() != MovePhase.MOVE_DONE) {
        throw new IllegalArgumentException("a flipped move can only finish");
      }
      if (put(entry, changed)) {
        return changed;
      }
    }
    throw TenantWrites.conflict("updating move " + id);
  }

  /**
   * A move that holds no freeze is cancelled at once (the mover, if alive, fails its next freeze or
   * flip and cleans up); one that is frozen gets cancel_requested and its mover rolls back, or,
   * when the mover is dead, its lease ends the freeze and a second cancel finishes it.
   */
  MoveRecord cancel(String id) throws TopologyException {
    for (int attempt = 1; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      Entry entry = null;
      MoveRecord stored = null;
      for (Entry e : store.list(keys.movesPrefix()).entries()) {
        MoveRecord m = Records.parse(e, MoveRecord.parser());
        if (m.getId().equals(id)) {
          entry = e;
          stored = m;
        }
      }
      if (stored == null) {
        throw new TopologyException(Reason.NOT_FOUND, "no move " + id);
      }
      if (finished(stored) || stored.getPhase() == MovePhase.MOVE_CLEANUP) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION,
            "move " + id + " is " + phaseWord(stored.getPhase()) + ": too late to cancel");
      }
      String freezeKey = keys.freeze(stored.getShard());
      boolean frozen = store.get(freezeKey).isPresent();
      long now = System.currentTimeMillis();
      MoveRecord.Builder changed =
          stored.toBuilder().setCancelRequested(true).setUpdatedUnixMs(now);
      if (!frozen) {
        changed
            .setPhase(MovePhase.MOVE_CANCELLED)
            .setFinishedUnixMs(now)
            .setError(stored.getError().isEmpty() ? "cancelled" : stored.getError());
      }
      MoveRecord record = changed.build();
      List<Compare> compares = List.of(new Compare(entry.key(), entry.modRevision()));
      if (!frozen) {
        compares = List.of(compares.get(0), Compare.absent(freezeKey));
      }
      TxnResult result =
          store.txn(
              new Txn(compares, List.of(Put.of(entry.key(), record.toByteArray())), List.of()));
      if (result.succeeded()) {
        cache.learnMove(record.getShard(), record, result.revision());
        LOG.info("move {}: cancel requested ({})", id, phaseWord(record.getPhase()));
        return record;
      }
    }
    throw TenantWrites.conflict("cancelling move " + id);
  }

  FreezeHandle freeze(MoveRecord move) throws TopologyException {
    int shard = move.getShard();
    Entry shardEntry = ownedShard(move);
    Entry moveEntry = moveEntry(shard, move.getId());
    MoveRecord stored = Records.parse(moveEntry, MoveRecord.parser());
    if (stored.getCancelRequested() || finished(stored)) {
      throw new TopologyException(Reason.FAILED_PRECONDITION, "move " + move.getId() + " is over");
    }
    long now = System.currentTimeMillis();
    FreezeRecord record =
        FreezeRecord.newBuilder()
            .setFormat(Records.RECORD_FORMAT)
            .setShard(shard)
            .setEpoch(move.getFromEpoch())
            .setMoveId(move.getId())
            .setToNode(move.getToNode())
            .setFrozenUnixMs(now)
            .build();
    MoveRecord frozen =
        stored.toBuilder().setPhase(MovePhase.MOVE_FROZEN).setUpdatedUnixMs(now).build();
    Lease lease =
        store.grantLease(
            (leaseId, reason) -> LOG.warn("move {}: freeze lease lost ({})", move.getId(), reason));
    boolean held = false;
    try {
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(
                      new Compare(shardEntry.key(), shardEntry.modRevision()),
                      new Compare(moveEntry.key(), moveEntry.modRevision()),
                      Compare.absent(keys.freeze(shard))),
                  List.of(
                      new Put(keys.freeze(shard), record.toByteArray(), lease.id()),
                      Put.of(moveEntry.key(), frozen.toByteArray())),
                  List.of()));
      if (!result.succeeded()) {
        throw new TopologyException(
            Reason.FAILED_PRECONDITION,
            "shard " + shard + " changed, is frozen already, or its move changed");
      }
      held = true;
      cache.learnFreeze(shard, record, result.revision());
      cache.learnMove(shard, frozen, result.revision());
      return new FreezeHandle(record, frozen, result.revision(), lease);
    } finally {
      if (!held) {
        revokeQuietly(lease);
      }
    }
  }

  boolean thaw(int shard, String nodeId, long epoch) throws TopologyException {
    for (int attempt = 1; attempt <= TenantWrites.WRITE_ATTEMPTS; attempt++) {
      Optional<Entry> shardEntry = store.get(keys.shard(shard));
      if (shardEntry.isEmpty()) {
        return false;
      }
      ShardRecord placement = Records.parse(shardEntry.get(), ShardRecord.parser());
      if (!placement.getNodeId().equals(nodeId) || placement.getEpoch() != epoch) {
        return false;
      }
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(new Compare(shardEntry.get().key(), shardEntry.get().modRevision())),
                  List.of(),
                  List.of(keys.freeze(shard))));
      if (result.succeeded()) {
        cache.learnFreezeDeleted(shard, result.revision());
        return true;
      }
    }
    throw TenantWrites.conflict("thawing shard " + shard);
  }

  ShardRecord flip(MoveRecord move, Topology.Freeze freeze) throws TopologyException {
    int shard = move.getShard();
    Entry shardEntry = ownedShard(move);
    Optional<Entry> freezeEntry = store.get(keys.freeze(shard));
    if (freezeEntry.isEmpty() || freezeEntry.get().modRevision() != freeze.modRevision()) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION, "the freeze of shard " + shard + " ended before the flip");
    }
    Entry moveEntry = moveEntry(shard, move.getId());
    MoveRecord stored = Records.parse(moveEntry, MoveRecord.parser());
    if (stored.getCancelRequested() || stored.getPhase() != MovePhase.MOVE_FROZEN) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION, "move " + move.getId() + " was cancelled or is not frozen");
    }
    ShardRecord placement = flipped(Records.parse(shardEntry, ShardRecord.parser()), move);
    MoveRecord flipped =
        stored.toBuilder()
            .setPhase(MovePhase.MOVE_CLEANUP)
            .setBytesCopied(move.getBytesCopied())
            .setTenantsCopied(move.getTenantsCopied())
            .setUpdatedUnixMs(System.currentTimeMillis())
            .build();
    TxnResult result =
        store.txn(
            new Txn(
                List.of(
                    new Compare(shardEntry.key(), shardEntry.modRevision()),
                    new Compare(freezeEntry.get().key(), freeze.modRevision()),
                    new Compare(moveEntry.key(), moveEntry.modRevision())),
                List.of(
                    Put.of(shardEntry.key(), placement.toByteArray()),
                    Put.of(moveEntry.key(), flipped.toByteArray())),
                List.of(freezeEntry.get().key())));
    if (!result.succeeded()) {
      throw new TopologyException(
          Reason.FAILED_PRECONDITION, "shard " + shard + " changed during the flip");
    }
    cache.learnShard(shard, placement, result.revision());
    cache.learnMove(shard, flipped, result.revision());
    cache.learnFreezeDeleted(shard, result.revision());
    LOG.info(
        "move {}: shard {} flipped to {} at epoch {}",
        move.getId(),
        shard,
        placement.getNodeId(),
        placement.getEpoch());
    return placement;
  }

  /**
   * The placement after a move's flip: the destination at the next epoch. The destination's files
   * are copies, not the source's WAL history, so the followers it keeps (all but itself) must catch
   * up from it before they count as in sync again.
   */
  static ShardRecord flipped(ShardRecord current, MoveRecord move) {
    long epoch = move.getFromEpoch() + 1;
    ShardRecord.Builder b =
        current.toBuilder().setNodeId(move.getToNode()).setEpoch(epoch).clearFollowers();
    for (ShardFollower f : current.getFollowersList()) {
      if (!f.getNodeId().equals(move.getToNode())) {
        b.addFollowers(f.toBuilder().setEpoch(epoch).setState(FollowerState.CATCHING_UP));
      }
    }
    return b.build();
  }

  void setDraining(String nodeId, boolean draining) throws TopologyException {
    String key = keys.drain(nodeId);
    if (draining) {
      if (store.get(key).isPresent()) {
        return;
      }
      DrainRecord record =
          DrainRecord.newBuilder()
              .setFormat(Records.RECORD_FORMAT)
              .setNodeId(nodeId)
              .setSinceUnixMs(System.currentTimeMillis())
              .build();
      TxnResult result =
          store.txn(
              new Txn(
                  List.of(Compare.absent(key)),
                  List.of(Put.of(key, record.toByteArray())),
                  List.of()));
      if (result.succeeded()) {
        cache.learnDrain(nodeId, record, result.revision());
        LOG.info("node {} marked draining", nodeId);
      }
      // Else another writer marked it a moment ago: the same outcome.
    } else {
      TxnResult result = store.txn(new Txn(List.of(), List.of(), List.of(key)));
      cache.learnDrainDeleted(nodeId, result.revision());
      LOG.info("node {} no longer draining", nodeId);
    }
  }

  /** The shard's entry, which must still place it at the move's source and epoch. */
  private Entry ownedShard(MoveRecord move) throws TopologyException {
    Optional<Entry> entry = store.get(keys.shard(move.getShard()));
    if (entry.isPresent()) {
      ShardRecord placement = Records.parse(entry.get(), ShardRecord.parser());
      if (placement.getNodeId().equals(move.getFromNode())
          && placement.getEpoch() == move.getFromEpoch()) {
        return entry.get();
      }
    }
    throw new TopologyException(
        Reason.FAILED_PRECONDITION,
        "shard " + move.getShard() + " is no longer on " + move.getFromNode() + " at its epoch");
  }

  private Entry moveEntry(int shard, String id) throws TopologyException {
    Optional<Entry> entry = store.get(keys.move(shard));
    if (entry.isPresent() && Records.parse(entry.get(), MoveRecord.parser()).getId().equals(id)) {
      return entry.get();
    }
    throw new TopologyException(Reason.NOT_FOUND, "no move " + id + " of shard " + shard);
  }

  private boolean put(Entry entry, MoveRecord record) throws TopologyException {
    TxnResult result =
        store.txn(
            new Txn(
                List.of(new Compare(entry.key(), entry.modRevision())),
                List.of(Put.of(entry.key(), record.toByteArray())),
                List.of()));
    if (result.succeeded()) {
      cache.learnMove(record.getShard(), record, result.revision());
    }
    return result.succeeded();
  }

  private static boolean sameMove(MoveRecord a, MoveRecord b) {
    return a.getId().equals(b.getId())
        && a.getShard() == b.getShard()
        && a.getFromNode().equals(b.getFromNode())
        && a.getToNode().equals(b.getToNode())
        && a.getFromEpoch() == b.getFromEpoch();
  }

  static String phaseWord(MovePhase phase) {
    return switch (phase) {
      case MOVE_COPYING -> "copying";
      case MOVE_FROZEN -> "frozen";
      case MOVE_CLEANUP -> "cleanup";
      case MOVE_DONE -> "done";
      case MOVE_CANCELLED -> "cancelled";
      default -> "unknown";
    };
  }

  private static String newId() {
    byte[] bytes = new byte[4];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void revokeQuietly(Lease lease) {
    try {
      lease.revoke();
    } catch (TopologyException | RuntimeException e) {
      LOG.debug("revoking an unused freeze lease failed; it expires by itself", e);
    }
  }

  /** A freeze record this process holds under its own lease. */
  static final class FreezeHandle implements Topology.Freeze {
    private final FreezeRecord record;
    private final MoveRecord move;
    private final long modRevision;
    private final Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    FreezeHandle(FreezeRecord record, MoveRecord move, long modRevision, Lease lease) {
      this.record = record;
      this.move = move;
      this.modRevision = modRevision;
      this.lease = lease;
    }

    @Override
    public FreezeRecord record() {
      return record;
    }

    @Override
    public MoveRecord move() {
      return move;
    }

    @Override
    public long modRevision() {
      return modRevision;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        revokeQuietly(lease);
      }
    }
  }
}
