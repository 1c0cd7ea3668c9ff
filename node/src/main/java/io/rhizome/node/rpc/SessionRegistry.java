/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.SqlState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The node's open sessions by tenant: bounds their number, and lets a tenant drop or the node's
 * shutdown end them.
 *
 * <p>It also knows the warm-ups in flight ({@link TenantWarmups}: a tenant's file opened into the
 * handle cache without a session). They are admitted under the same refusals as a session (drop,
 * restore, relocation, shutdown) but count against no session limit and are listed nowhere;
 * whatever waits for a tenant's sessions to end before touching its files (a drop, a restore, a
 * relocation, a shard release, the shutdown) waits for its warm-ups too, which end by themselves
 * within a file open.
 */
final class SessionRegistry {
  enum Admission {
    ADMITTED,
    /** The node holds its maximum number of sessions. */
    FULL,
    /** The tenant has its maximum number of sessions on this node. */
    TENANT_FULL,
    /** The tenant is being dropped. */
    DROPPING,
    /** The tenant's files are being renamed to its own shard (TenantRelocation). */
    RELOCATING,
    SHUTTING_DOWN
  }

  private final int maxSessions;
  private final int maxPerTenant;
  private final Map<String, Set<SessionCall>> byTenant = new HashMap<>();
  private final Set<String> dropping = new HashSet<>();
  private final Set<String> relocating = new HashSet<>();
  private final Map<String, List<CompletableFuture<Void>>> warming = new HashMap<>();
  private int count;
  private boolean shuttingDown;

  /**
   * @param maxSessions open sessions of the node
   * @param maxPerTenant open sessions of one tenant, so one tenant cannot take the whole node
   */
  SessionRegistry(int maxSessions, int maxPerTenant) {
    this.maxSessions = maxSessions;
    this.maxPerTenant = maxPerTenant;
  }

  synchronized Admission admit(String tenant, SessionCall call) {
    if (shuttingDown) {
      return Admission.SHUTTING_DOWN;
    }
    if (dropping.contains(tenant)) {
      return Admission.DROPPING;
    }
    if (relocating.contains(tenant)) {
      return Admission.RELOCATING;
    }
    if (count >= maxSessions) {
      return Admission.FULL;
    }
    Set<SessionCall> calls = byTenant.computeIfAbsent(tenant, t -> new LinkedHashSet<>());
    if (calls.size() >= maxPerTenant) {
      return Admission.TENANT_FULL;
    }
    calls.add(call);
    count++;
    return Admission.ADMITTED;
  }

  /**
   * Admits a warm-up of {@code tenant} unless its sessions would be refused for what is happening
   * to its files (or the node is shutting down); empty when refused. The caller passes the token to
   * {@link #endWarmup} once the warm-up's handle is back in the cache (or it opened none).
   */
  synchronized Optional<CompletableFuture<Void>> admitWarmup(String tenant) {
    if (shuttingDown || dropping.contains(tenant) || relocating.contains(tenant)) {
      return Optional.empty();
    }
    CompletableFuture<Void> token = new CompletableFuture<>();
    warming.computeIfAbsent(tenant, t -> new ArrayList<>(1)).add(token);
    return Optional.of(token);
  }

  void endWarmup(String tenant, CompletableFuture<Void> token) {
    synchronized (this) {
      List<CompletableFuture<Void>> tokens = warming.get(tenant);
      if (tokens != null && tokens.remove(token) && tokens.isEmpty()) {
        warming.remove(tenant);
      }
    }
    token.complete(null);
  }

  synchronized void remove(String tenant, SessionCall call) {
    Set<SessionCall> calls = byTenant.get(tenant);
    if (calls != null && calls.remove(call)) {
      count--;
      if (calls.isEmpty()) {
        byTenant.remove(tenant);
      }
    }
  }

  /** Sessions open now. */
  synchronized int count() {
    return count;
  }

  /** Refuses new sessions from now on (57P03) and lists the open ones. */
  List<SessionCall> stopAdmittingAndList() {
    return stopAdmitting();
  }

  /** Sessions of {@code tenant} open now. */
  synchronized int openSessions(String tenant) {
    return byTenant.getOrDefault(tenant, Set.of()).size();
  }

  /** The tenants with open sessions (or warm-ups in flight) now. */
  synchronized Set<String> tenantsWithSessions() {
    if (warming.isEmpty()) {
      return Set.copyOf(byTenant.keySet());
    }
    Set<String> tenants = new HashSet<>(byTenant.keySet());
    tenants.addAll(warming.keySet());
    return Set.copyOf(tenants);
  }

  /** The open sessions of {@code tenant}, or of every tenant when it is empty, as of now. */
  synchronized List<SessionCall> sessions(String tenant) {
    if (!tenant.isEmpty()) {
      return List.copyOf(byTenant.getOrDefault(tenant, Set.of()));
    }
    List<SessionCall> calls = new ArrayList<>(count);
    byTenant.values().forEach(calls::addAll);
    return calls;
  }

  /**
   * Refuses new sessions of {@code tenant} until {@link #endDrop} and ends its open ones.
   *
   * @return completes when every open session of the tenant has closed its connection
   */
  CompletableFuture<Void> beginDrop(String tenant) {
    List<SessionCall> calls;
    List<CompletableFuture<Void>> warmups;
    synchronized (this) {
      dropping.add(tenant);
      calls = new ArrayList<>(byTenant.getOrDefault(tenant, Set.of()));
      warmups = warmupsOf(tenant::equals);
    }
    return CompletableFuture.allOf(
        terminate(calls, SqlState.ADMIN_SHUTDOWN, "tenant was dropped"), allOf(warmups));
  }

  /**
   * Like {@link #beginDrop}, for a restore that replaces the tenant's files: new sessions are
   * refused until {@link #endDrop} and the open ones end.
   */
  CompletableFuture<Void> beginRestore(String tenant) {
    List<SessionCall> calls;
    List<CompletableFuture<Void>> warmups;
    synchronized (this) {
      dropping.add(tenant);
      calls = new ArrayList<>(byTenant.getOrDefault(tenant, Set.of()));
      warmups = warmupsOf(tenant::equals);
    }
    return CompletableFuture.allOf(
        terminate(calls, SqlState.ADMIN_SHUTDOWN, "tenant is being restored"), allOf(warmups));
  }

  /**
   * Refuses new sessions of {@code tenant} until {@link #endDrop}, if it has none open now.
   *
   * @return false, changing nothing, when the tenant has open sessions or a warm-up in flight, or
   *     is being dropped
   */
  synchronized boolean blockIfIdle(String tenant) {
    if (dropping.contains(tenant)
        || relocating.contains(tenant)
        || openSessions(tenant) > 0
        || warming.containsKey(tenant)) {
      return false;
    }
    dropping.add(tenant);
    return true;
  }

  /** Open sessions of the tenants {@code selected} accepts, ended now or not. */
  record Ended(int sessions, CompletableFuture<Void> closed) {}

  /**
   * Ends the open sessions of the tenants {@code selected} accepts with {@code error} (their shard
   * moved away: see {@link SessionCall#terminate(io.rhizome.proto.Error)}).
   */
  Ended endSessions(Predicate<String> selected, io.rhizome.proto.Error error) {
    List<SessionCall> calls = new ArrayList<>();
    List<CompletableFuture<Void>> warmups;
    synchronized (this) {
      byTenant.forEach(
          (tenant, sessions) -> {
            if (selected.test(tenant)) {
              calls.addAll(sessions);
            }
          });
      warmups = warmupsOf(selected);
    }
    return new Ended(
        calls.size(),
        CompletableFuture.allOf(
            CompletableFuture.allOf(
                calls.stream()
                    .map(call -> call.terminate(error))
                    .toArray(CompletableFuture[]::new)),
            allOf(warmups)));
  }

  /**
   * Refuses new sessions of {@code tenant} (RELOCATING) until {@link #endRelocation}; the caller
   * then ends its open ones.
   *
   * @return false, changing nothing, when the tenant is being dropped, restored or relocated
   */
  synchronized boolean beginRelocation(String tenant) {
    if (dropping.contains(tenant) || relocating.contains(tenant)) {
      return false;
    }
    relocating.add(tenant);
    return true;
  }

  synchronized boolean relocating(String tenant) {
    return relocating.contains(tenant);
  }

  synchronized void endRelocation(String tenant) {
    relocating.remove(tenant);
  }

  synchronized void endDrop(String tenant) {
    dropping.remove(tenant);
  }

  /** Refuses new sessions from now on and ends the open ones. */
  CompletableFuture<Void> shutdown() {
    List<SessionCall> calls = stopAdmitting();
    List<CompletableFuture<Void>> warmups;
    synchronized (this) {
      warmups = warmupsOf(tenant -> true); // none admitted after stopAdmitting
    }
    return CompletableFuture.allOf(
        terminate(calls, SqlState.ADMIN_SHUTDOWN, "the node is shutting down"), allOf(warmups));
  }

  /**
   * Closes the sessions still registered from the calling thread. Only for the end of shutdown,
   * when no executor thread can be running them any more.
   */
  void closeRemaining() {
    for (SessionCall call : stopAdmitting()) {
      call.closeNow();
    }
  }

  private synchronized List<SessionCall> stopAdmitting() {
    shuttingDown = true;
    List<SessionCall> calls = new ArrayList<>(count);
    byTenant.values().forEach(calls::addAll);
    return calls;
  }

  /**
   * The tokens of the warm-ups in flight of the tenants {@code selected} accepts. Holds the lock.
   */
  private List<CompletableFuture<Void>> warmupsOf(Predicate<String> selected) {
    List<CompletableFuture<Void>> tokens = new ArrayList<>();
    warming.forEach(
        (tenant, list) -> {
          if (selected.test(tenant)) {
            tokens.addAll(list);
          }
        });
    return tokens;
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
  }

  private static CompletableFuture<Void> terminate(
      List<SessionCall> calls, SqlState state, String message) {
    return CompletableFuture.allOf(
        calls.stream()
            .map(call -> call.terminate(state, message))
            .toArray(CompletableFuture[]::new));
  }
}
