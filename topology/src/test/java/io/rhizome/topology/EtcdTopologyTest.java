/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.testkit.Etcd;
import io.rhizome.testkit.FreePort;
import io.rhizome.topology.MetaStore.Event;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.TopologyException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EtcdTopologyTest extends TopologyContractTest {
  /** Short, so a dead process's registration expires within the test's patience. */
  private static final long TEST_LEASE_TTL_SECONDS = 2;

  private static Etcd etcd;
  private ExecutorService pool;

  @BeforeAll
  static void startEtcd() {
    etcd = Etcd.start();
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Override
  protected MetaStore openStore() {
    return new EtcdMetaStore(
        etcd.endpoints(), EtcdMetaStore.DEFAULT_CALL_TIMEOUT, TEST_LEASE_TTL_SECONDS);
  }

  @Override
  protected List<String> threadPrefixes() {
    return List.of("rhizome-topology-", "vert.x-", "vertx-", "jetcd-");
  }

  /** Runs both calls at once (released together) and returns their results. */
  private <T> List<T> together(Callable<T> a, Callable<T> b) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> c : List.of(a, b)) {
      futures.add(
          pool.submit(
              () -> {
                gate.await();
                return c.call();
              }));
    }
    gate.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(20, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void processesStartingTogetherCreateTheClusterOnce() throws Exception {
    for (int round = 0; round < 3; round++) {
      nameCluster();
      AtomicInteger asked = new AtomicInteger();
      Callable<Topology> start =
          () ->
              open(
                  openStore(),
                  8,
                  () -> {
                    asked.incrementAndGet();
                    return ADMIN;
                  });

      List<Topology> both = together(start, start);

      assertEquals(both.get(0).cluster(), both.get(1).cluster());
      assertEquals(1, asked.get(), "admin supplier calls");
      assertEquals(Optional.of(ADMIN), both.get(0).adminUser());
      assertEquals(Optional.of(ADMIN), both.get(1).adminUser());
    }
  }

  @Test
  void tenantCreatedByOneProcessIsSeenByAnother() throws Exception {
    Topology a = open(16);
    Topology b = open(16);
    a.registerNode(node("n1"));

    TenantRecord acme = a.createTenant("acme", user("app"));
    // b reads the tenant on demand and keeps it; the watch keeps its copy current.
    assertEquals(Optional.of(acme), b.tenant("acme"));
    assertEquals(Optional.of(acme), b.cachedTenant("acme"));
    eventually(() -> assertEquals("n1", b.shard(acme.getShard()).orElseThrow().getNodeId()));
    TenantRecord changed = a.updateTenant("acme", r -> r.toBuilder().addUsers(user("ro")).build());
    eventually(() -> assertEquals(Optional.of(changed), b.cachedTenant("acme")));

    TenantRecord globex = a.createTenant("globex", user("app"));
    assertEquals(Optional.of(globex), b.tenant("globex"));
    assertEquals("n1", b.refreshShard(globex.getShard()).orElseThrow().getNodeId());

    assertEquals(Optional.of(changed), a.dropTenant("acme"));
    eventually(() -> assertEquals(Optional.empty(), b.cachedTenant("acme")));
    assertEquals(Optional.empty(), b.tenant("acme"));
    assertEquals(Optional.of(globex), b.cachedTenant("globex"));
  }

  @Test
  void racingCreatesOnOneUnassignedShardAssignItExactlyOnce() throws Exception {
    Topology a = open(8);
    Topology b = open(8);
    a.registerNode(node("n1"));
    b.registerNode(node("n2"));
    eventually(() -> assertEquals(2, a.nodes().size()));
    eventually(() -> assertEquals(2, b.nodes().size()));
    Map<Integer, List<String>> byShard = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      byShard.computeIfAbsent(a.shardOf("t" + i), s -> new ArrayList<>()).add("t" + i);
    }

    // Every write of a shard record, to prove no assignment was ever overwritten.
    KeyLayout keys = new KeyLayout(clusterName);
    MetaStore observer = openStore();
    Queue<Event> shardWrites = new ConcurrentLinkedQueue<>();
    CompletableFuture<Void> markerSeen = new CompletableFuture<>();
    AutoCloseable watch =
        observer.watch(
            keys.root(),
            observer.list(keys.root()).revision() + 1,
            new MetaStore.WatchListener() {
              @Override
              public void onEvents(List<Event> events) {
                for (Event e : events) {
                  if (e.key().startsWith(keys.shardsPrefix())) {
                    shardWrites.add(e);
                  } else if (e.key().endsWith("/test-marker")) {
                    markerSeen.complete(null);
                  }
                }
              }

              @Override
              public void onResyncNeeded(String reason) {
                markerSeen.completeExceptionally(new AssertionError(reason));
              }
            });

    for (List<String> sameShard : byShard.values()) {
      String x = sameShard.get(0);
      String y = sameShard.get(1);
      List<TenantRecord> created =
          together(() -> a.createTenant(x, user("app")), () -> b.createTenant(y, user("app")));

      int shard = created.get(0).getShard();
      assertEquals(shard, created.get(1).getShard());
      ShardRecord seenByA = a.refreshShard(shard).orElseThrow();
      assertEquals(seenByA, b.refreshShard(shard).orElseThrow());
      assertEquals(1, seenByA.getEpoch());
    }
    eventually(() -> assertEquals(8, b.shards().size()));
    assertEquals(a.shards(), b.shards());

    // Watch events arrive in revision order: once the marker is seen, so is every shard write.
    observer.txn(
        new Txn(List.of(), List.of(Put.of(keys.root() + "test-marker", new byte[0])), List.of()));
    markerSeen.get(10, TimeUnit.SECONDS);
    watch.close();
    observer.close();
    assertEquals(8, shardWrites.size(), "shard record writes");
    assertEquals(8, shardWrites.stream().map(Event::key).distinct().count());
  }

  @Test
  void nodeRegisteredInOneProcessAppearsInAnotherAndLeavesOnClose() throws Exception {
    Topology a = open(4);
    Topology b = open(4);
    NodeRecord n1 = node("n1");

    NodeRegistration registration = a.registerNode(n1);
    eventually(() -> assertEquals(List.of(n1), b.nodes()));

    registration.close();
    eventually(() -> assertEquals(List.of(), b.nodes()));
  }

  @Test
  void nodeOfAProcessThatDiedLeavesWhenItsLeaseExpires() throws Exception {
    MetaStore dying = openStore();
    Topology a = open(dying, 4, () -> ADMIN);
    Topology b = open(4);
    a.registerNode(node("n1"));
    eventually(() -> assertTrue(b.node("n1").isPresent()));

    dying.close(); // the client goes away without revoking: only the TTL can remove n1

    eventually(() -> assertEquals(List.of(), b.nodes()));
  }

  @Test
  void watchFromACompactedRevisionAsksForResync() throws Exception {
    String prefix = "/rhizome-test/" + clusterName + "/";
    try (MetaStore store = openStore();
        Client raw = Client.builder().endpoints(etcd.endpoints().toArray(URI[]::new)).build()) {
      long revision = 0;
      for (int i = 0; i < 3; i++) {
        byte[] v = ("v" + i).getBytes(StandardCharsets.UTF_8);
        revision =
            store.txn(new Txn(List.of(), List.of(Put.of(prefix + i, v)), List.of())).revision();
      }
      raw.getKVClient().compact(revision).get(5, TimeUnit.SECONDS);

      CompletableFuture<String> resync = new CompletableFuture<>();
      try (AutoCloseable w =
          store.watch(
              prefix,
              revision - 1,
              new MetaStore.WatchListener() {
                @Override
                public void onEvents(List<Event> events) {}

                @Override
                public void onResyncNeeded(String reason) {
                  resync.complete(reason);
                }
              })) {
        assertTrue(resync.get(10, TimeUnit.SECONDS).contains("compacted"));
      }
    }
  }

  @Test
  void unreachableEtcdFailsWithUnavailableWithinTheCallTimeout() {
    URI nobody = URI.create("http://127.0.0.1:" + FreePort.pick());
    MetaStore store = new EtcdMetaStore(List.of(nobody), Duration.ofMillis(500), 2);
    long start = System.nanoTime();

    TopologyException e =
        assertThrows(
            TopologyException.class,
            () -> CachedTopology.open(store, new ClusterBootstrap(clusterName, 4, () -> ADMIN)));

    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took too long");
  }

  @Test
  void publicFactoryJoinsTheCluster() throws Exception {
    Topology created = open(8);
    try (Topology joined =
        Topologies.etcd(etcd.endpoints(), new ClusterBootstrap(clusterName, 99, () -> ADMIN))) {
      assertEquals(created.cluster(), joined.cluster());
    }
  }
}
