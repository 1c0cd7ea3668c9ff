/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.node.exec.Errors;
import io.rhizome.node.exec.FencedException;
import io.rhizome.node.exec.WriteFence;
import io.rhizome.node.move.ShardWrites;
import io.rhizome.node.replica.CommitHook;
import io.rhizome.node.replica.CommitUnconfirmedException;
import io.rhizome.node.store.WalSync;
import io.rhizome.proto.FreezeRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.WrongDbServer;
import io.rhizome.topology.Topology;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's write fence: before every statement that may write, the node must own the shard at
 * the session's epoch and the shard must not be frozen for a move; a statement that passes counts
 * as a write in progress until {@link #release()}. A request already in progress is not stopped by
 * a freeze that came after it passed: the freeze waits for it instead.
 *
 * <p>Frozen means frozen here ({@link ShardWrites}, set by FreezeShard) or a FreezeRecord for the
 * session's epoch in the topology's cache: the latter keeps a source that restarted mid-freeze from
 * committing until the mover is done with the record.
 *
 * <p>After each commit that wrote it waits for the shard's replication ({@link CommitHook}), or on
 * a shard with one copy for the sync of the tenant's WAL ({@link WalSync}); a commit that cannot be
 * confirmed ends the session with 40003.
 */
final class SessionFence implements WriteFence {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFence.class);

  private final Ownership ownership;
  private final Topology topology;
  private final String nodeId;
  private final int shard;
  private final long epoch;
  private final ShardWrites.Writer writer;
  private final CommitHook replication;
  private final WalSync walSync;

  SessionFence(SessionEnvironment env, int shard, long epoch, String tenant) {
    this.ownership = env.ownership();
    this.topology = env.topology();
    this.nodeId = env.nodeId();
    this.shard = shard;
    this.epoch = epoch;
    this.writer = env.writes().writer(shard, epoch, tenant);
    this.replication = env.replication().hook(shard, epoch, tenant);
    this.walSync =
        replication == CommitHook.NONE ? env.store().walSync(shard, tenant) : WalSync.NONE;
  }

  @Override
  public boolean committed() throws FencedException {
    boolean overgrown;
    try {
      overgrown = walSync.committed();
    } catch (IOException e) {
      // Its message may hold a path: the type only, as for other I/O failures of tenant files.
      LOG.error("syncing the WAL of shard {} failed: {}", shard, e.getClass().getName());
      throw new FencedException(
          Errors.error(
              SqlState.STATEMENT_COMPLETION_UNKNOWN,
              "this commit could not be synced to disk; whether it survives a crash is unknown"));
    }
    try {
      replication.committed();
    } catch (CommitUnconfirmedException e) {
      throw new FencedException(
          Errors.error(
              SqlState.STATEMENT_COMPLETION_UNKNOWN,
              e.fenced()
                  ? "the database failed over to another node before this commit was confirmed;"
                      + " whether it took effect is unknown"
                  : "this commit could not be confirmed by the database's replicas; whether it"
                      + " took effect is unknown"));
    }
    return overgrown;
  }

  @Override
  public boolean commitsWait() {
    return replication != CommitHook.NONE;
  }

  @Override
  public void check() throws FencedException {
    Optional<WrongDbServer> lost = ownership.cachedRefusal(shard, epoch);
    if (lost.isPresent()) {
      throw new FencedException(wrongServer(lost.get()));
    }
    if (writer.entered()) {
      // The request began before any freeze: the freeze waits for it to finish.
      return;
    }
    Optional<FreezeRecord> recorded = topology.freeze(shard);
    if (recorded.isPresent() && recorded.get().getEpoch() == epoch || !writer.enter()) {
      throw new FencedException(frozen());
    }
  }

  /** The request that passed the fence has answered, or the session ended. */
  void release() {
    writer.release();
  }

  /** The session ended: its descriptor of the WAL is closed. */
  void close() {
    walSync.close();
  }

  private io.rhizome.proto.Error frozen() {
    return Errors.error(
            SqlState.CANNOT_CONNECT_NOW,
            "writes to shard " + shard + " are paused while it moves to another node; retry")
        .toBuilder()
        .setWrongDbServer(
            WrongDbServer.newBuilder()
                .setShard(shard)
                .setEpoch(epoch)
                .setOwnerHint(nodeId)
                .setFrozen(true))
        .build();
  }

  /** For the log: why a session's write was fenced. */
  static String why(io.rhizome.proto.Error error) {
    if (SqlState.STATEMENT_COMPLETION_UNKNOWN.code().equals(error.getSqlstate())) {
      return "a commit could not be confirmed (synced, or by the shard's replicas)";
    }
    return error.getWrongDbServer().getFrozen()
        ? "its shard is frozen for a move"
        : "its shard moved away";
  }

  /** The error that tells the gateway where the shard is (as far as this node knows). */
  static io.rhizome.proto.Error wrongServer(WrongDbServer wrong) {
    return Errors.error(
            SqlState.CANNOT_CONNECT_NOW,
            "shard " + wrong.getShard() + " is not served by this node at the requested epoch")
        .toBuilder()
        .setWrongDbServer(wrong)
        .build();
  }
}
