/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.grpc.stub.StreamObserver;
import io.rhizome.node.store.TenantHandles;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.WarmRequest;
import io.rhizome.proto.WarmResponse;
import io.rhizome.proto.WarmResponse.Outcome;
import io.rhizome.topology.TenantNames;
import io.rhizome.topology.TopologyException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code NodeSession.Warm}: makes a tenant's next session open fast without opening one. The
 * gateway asks while its client runs the password exchange (the client's PBKDF2 takes a millisecond
 * or more), so the tenant's record read and its file open, the two costs of a cold session open,
 * happen meanwhile instead of after authentication.
 *
 * <p>An unauthenticated client can cause this (the gateway asks only for a tenant and user that
 * exist, from a source and user without recent password failures), so it is bounded and can do
 * nothing a session could not: warm-ups run on their own {@code executor} (a couple of threads, no
 * queue: a warm-up that finds them busy is skipped, and sessions' workers are never taken); they
 * are admitted by the {@link SessionRegistry} under a session's refusals and checked against the
 * record and the shard's ownership as an open is; the file is opened only if it exists, into an
 * ordinary idle handle of the bounded {@link TenantHandles}, never leased.
 */
final class TenantWarmups {
  private static final Logger LOG = LoggerFactory.getLogger(TenantWarmups.class);

  private final SessionEnvironment env;
  private final Executor executor;

  /**
   * @param executor runs the warm-ups; rejects what it has no free thread for
   */
  TenantWarmups(SessionEnvironment env, Executor executor) {
    this.env = env;
    this.executor = executor;
  }

  /** Answers on an executor thread, or at once when the request is skipped. */
  void warm(WarmRequest request, StreamObserver<WarmResponse> response) {
    if (!TenantNames.isValid(request.getTenant())) {
      answer(response, Outcome.SKIPPED);
      return;
    }
    try {
      executor.execute(() -> answer(response, run(request)));
    } catch (RejectedExecutionException busy) {
      answer(response, Outcome.SKIPPED);
    }
  }

  /**
   * Runs one warm-up; blocks on the metadata read and the file open, which run side by side when a
   * second warm-up thread is free (they take about the same time, a millisecond each on a quiet
   * machine): the file is looked for at the shard the gateway named, which this node owns at that
   * epoch, and closed again if the record says otherwise.
   */
  Outcome run(WarmRequest request) {
    String name = request.getTenant();
    int shard = request.getShard();
    // Admitted first, checked after: a drop, relocation or shard release that begins after the
    // admission waits for this warm-up, and one that began before is seen by the checks below.
    Optional<CompletableFuture<Void>> admitted = env.registry().admitWarmup(name);
    if (admitted.isEmpty()) {
      return Outcome.SKIPPED;
    }
    CompletableFuture<TenantHandles.Warmed> opening = new CompletableFuture<>();
    try {
      if (env.ownership().refusal(shard, request.getEpoch()).isPresent()) {
        opening.complete(null);
        return Outcome.SKIPPED;
      }
      try {
        executor.execute(() -> open(shard, name, opening));
      } catch (RejectedExecutionException busy) {
        opening.complete(null); // opened below, after the read
      }
      Optional<TenantRecord> record = readRecord(name);
      boolean placed =
          record.isPresent()
              && record.get().getShard() == shard
              && record.get().getRelocatingToShard() == 0;
      TenantHandles.Warmed warmed = opening.join();
      if (!placed) {
        if (warmed == TenantHandles.Warmed.OPENED) {
          env.handles().closeIdle(shard, name);
        }
        return Outcome.SKIPPED;
      }
      if (warmed == null) {
        warmed = env.handles().warm(shard, name);
      }
      return switch (warmed) {
        case OPENED -> Outcome.OPENED;
        case ALREADY_OPEN -> Outcome.ALREADY_OPEN;
        case NO_FILE, FULL, HELD -> Outcome.SKIPPED;
      };
    } catch (SQLException | RuntimeException e) {
      // The message may hold a path: the type only.
      LOG.debug("warm-up of {} failed: {}", name, e.getClass().getName());
      return Outcome.SKIPPED;
    } finally {
      // Never leaves a handle opening behind: a drop waiting for this warm-up may delete the file.
      opening.handle((warmed, error) -> null).join();
      env.registry().endWarmup(name, admitted.get());
    }
  }

  private void open(int shard, String name, CompletableFuture<TenantHandles.Warmed> opening) {
    try {
      opening.complete(env.handles().warm(shard, name));
    } catch (SQLException | RuntimeException e) {
      opening.completeExceptionally(e);
    }
  }

  /** The tenant's record (cached by the read for its session); empty when unknown or unreadable. */
  private Optional<TenantRecord> readRecord(String name) {
    try {
      return env.topology().tenant(name);
    } catch (TopologyException e) {
      LOG.debug("warm-up of {}: tenant lookup failed: {}", name, e.reason());
      return Optional.empty();
    }
  }

  private static void answer(StreamObserver<WarmResponse> response, Outcome outcome) {
    response.onNext(WarmResponse.newBuilder().setOutcome(outcome).build());
    response.onCompleted();
  }
}
