/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rhizome.proto.AuthMethod;
import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.MetaStore.Event;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.TopologyException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTopologyTest extends TopologyContractTest {
  @TempDir Path dataDir;

  @Override
  protected MetaStore openStore() throws TopologyException {
    return SqliteMetaStore.open(dataDir);
  }

  @Override
  protected List<String> threadPrefixes() {
    return List.of("rhizome-topology-", "rhizome-meta-watch");
  }

  @Override
  protected Topology otherWriter(Topology first) {
    return first; // the data dir is locked to one process
  }

  @Override
  protected MetaStore openStoreOrShare(Topology first) {
    // One process owns the data dir: a second topology shares the first one's store.
    return new ForwardingStore(((CachedTopology) first).store()) {
      @Override
      public void close() {
        // the first topology closes it
      }
    };
  }

  private ClusterBootstrap bootstrap() {
    return new ClusterBootstrap(clusterName, 4, () -> ADMIN);
  }

  @Test
  void aSecondOpenOfTheSameDataDirFailsWithDataDirInUse() throws Exception {
    try (Topology first = Topologies.embedded(dataDir, bootstrap())) {
      TopologyException e =
          assertThrows(TopologyException.class, () -> Topologies.embedded(dataDir, bootstrap()));
      assertEquals(Reason.UNAVAILABLE, e.reason());
      assertTrue(e.getMessage().contains("data dir in use"), e.getMessage());
      assertEquals(4, first.cluster().getShardCount());
    }
    // Closing released the lock.
    try (Topology again = Topologies.embedded(dataDir, bootstrap())) {
      assertEquals(4, again.cluster().getShardCount());
    }
  }

  @Test
  void aClusterIsCreatedWithScramUnlessAnotherAuthMethodIsNamed() throws Exception {
    try (Topology created = Topologies.embedded(dataDir, bootstrap())) {
      assertEquals(AuthMethod.AUTH_SCRAM_SHA_256, created.cluster().getAuthMethod());
    }
  }

  @Test
  void theAuthMethodIsFixedAtCreationAndAJoinerNamingAnotherIsRefused() throws Exception {
    ClusterBootstrap md5 = new ClusterBootstrap(clusterName, 4, () -> ADMIN, AuthMethod.AUTH_MD5);
    try (Topology created = Topologies.embedded(dataDir, md5)) {
      assertEquals(AuthMethod.AUTH_MD5, created.cluster().getAuthMethod());
    }
    try (Topology joined = Topologies.embedded(dataDir, bootstrap())) {
      assertEquals(AuthMethod.AUTH_MD5, AuthMethods.of(joined.cluster()));
    }
    try (Topology joined = Topologies.embedded(dataDir, md5)) {
      assertEquals(AuthMethod.AUTH_MD5, AuthMethods.of(joined.cluster()));
    }
    ClusterBootstrap scram =
        new ClusterBootstrap(clusterName, 4, () -> ADMIN, AuthMethod.AUTH_SCRAM_SHA_256);
    TopologyException e =
        assertThrows(TopologyException.class, () -> Topologies.embedded(dataDir, scram));
    assertEquals(Reason.INCOMPATIBLE, e.reason());
    assertTrue(e.getMessage().contains("created with auth method md5"), e.getMessage());
    // The refused open released the data dir.
    try (Topology again = Topologies.embedded(dataDir, bootstrap())) {
      assertEquals(AuthMethod.AUTH_MD5, again.cluster().getAuthMethod());
    }
  }

  @Test
  void registrationsOfACrashedProcessAreGoneAfterRestartButTenantsStay() throws Exception {
    MetaStore crashing = openStore();
    Topology before = open(crashing, 4, () -> ADMIN);
    before.registerNode(node("n1"));
    TenantRecord acme = before.createTenant("acme", user("app"));
    crashing.close(); // the process dies without revoking its lease

    try (Topology after = Topologies.embedded(dataDir, bootstrap())) {
      assertEquals(List.of(), after.nodes());
      assertEquals(List.of(acme), after.tenants(TenantQuery.first(10)).tenants());
      assertEquals("n1", after.shard(acme.getShard()).orElseThrow().getNodeId());
    }
  }

  @Test
  void watchStartingBeforeTheKeptHistoryAsksForResync() throws Exception {
    try (SqliteMetaStore store = SqliteMetaStore.open(dataDir, 2)) {
      long revision = 0;
      for (int i = 0; i < 5; i++) {
        byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
        revision =
            store.txn(new Txn(List.of(), List.of(Put.of("/k/" + i, v)), List.of())).revision();
      }
      CompletableFuture<String> resync = new CompletableFuture<>();
      CompletableFuture<List<Event>> recent = new CompletableFuture<>();

      try (AutoCloseable old = store.watch("/k/", 1, listener(new CompletableFuture<>(), resync));
          AutoCloseable near =
              store.watch("/k/", revision, listener(recent, new CompletableFuture<>()))) {
        assertTrue(resync.get(5, TimeUnit.SECONDS).contains("no longer in the history"));
        List<Event> events = recent.get(5, TimeUnit.SECONDS);
        assertEquals(1, events.size());
        assertEquals("/k/4", events.get(0).key());
        assertEquals(revision, events.get(0).modRevision());
      }
    }
  }

  @Test
  void lostLeaseBoundKeysAreNotReadBackAfterReopen() throws Exception {
    try (SqliteMetaStore store = SqliteMetaStore.open(dataDir)) {
      MetaStore.Lease lease = store.grantLease((id, why) -> {});
      store.txn(
          new Txn(List.of(), List.of(new Put("/n/a", new byte[] {1}, lease.id())), List.of()));
      assertTrue(store.get("/n/a").isPresent());
    }
    try (SqliteMetaStore store = SqliteMetaStore.open(dataDir)) {
      assertEquals(Optional.empty(), store.get("/n/a"));
    }
  }

  private static MetaStore.WatchListener listener(
      CompletableFuture<List<Event>> events, CompletableFuture<String> resync) {
    return new MetaStore.WatchListener() {
      @Override
      public void onEvents(List<Event> e) {
        events.complete(e);
      }

      @Override
      public void onResyncNeeded(String reason) {
        resync.complete(reason);
      }
    };
  }
}
