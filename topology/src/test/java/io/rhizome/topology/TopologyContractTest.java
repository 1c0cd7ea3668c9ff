/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.rhizome.proto.ClusterRecord;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.NodeState;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.MetaStore.Put;
import io.rhizome.topology.MetaStore.Txn;
import io.rhizome.topology.TopologyException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour every backend must show. Subclasses say where a store lives; each test gets its own
 * cluster name so tests can share one etcd.
 */
@Timeout(30)
abstract class TopologyContractTest {
  static final UserRecord ADMIN = user("admin");

  protected String clusterName;
  private final List<Topology> opened = new CopyOnWriteArrayList<>();

  /** Opens a new store where this test's cluster lives (same data dir, same etcd). */
  protected abstract MetaStore openStore() throws TopologyException;

  @BeforeEach
  void nameCluster() {
    clusterName = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  @AfterEach
  void closeOpened() {
    for (Topology t : opened) {
      t.close();
    }
  }

  /**
   * A second writer to the same cluster: another client of the same store where the store allows
   * several (etcd), else {@code first} itself (the embedded store has one process by design).
   */
  protected Topology otherWriter(Topology first) throws TopologyException {
    return open(openStore(), 16, () -> ADMIN);
  }

  protected CachedTopology open(int shards) throws TopologyException {
    return open(openStore(), shards, () -> ADMIN);
  }

  protected CachedTopology open(MetaStore store, int shards, Supplier<UserRecord> admin)
      throws TopologyException {
    CachedTopology t = CachedTopology.open(store, new ClusterBootstrap(clusterName, shards, admin));
    opened.add(t);
    return t;
  }

  static UserRecord user(String name) {
    byte[] salt = new byte[16];
    ThreadLocalRandom.current().nextBytes(salt);
    return UserRecord.newBuilder()
        .setFormat(1)
        .setName(name)
        .setScram(
            ScramVerifier.newBuilder()
                .setSalt(ByteString.copyFrom(salt))
                .setIterations(4096)
                .setStoredKey(ByteString.copyFrom(salt))
                .setServerKey(ByteString.copyFrom(salt)))
        .build();
  }

  static NodeRecord node(String id) {
    return node(id, "inprocess:" + id, NodeState.NODE_UP);
  }

  static NodeRecord node(String id, String address, NodeState state) {
    return NodeRecord.newBuilder()
        .setFormat(1)
        .setId(id)
        .setAddress(address)
        .setState(state)
        .setStartedUnixMs(System.currentTimeMillis())
        .build();
  }

  static void eventually(ThrowingRunnable assertion) {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(assertion);
  }

  /** Tenant names that hash to pairwise different shards. */
  static List<String> namesOnDistinctShards(Topology t, int count) {
    List<String> names = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; names.size() < count; i++) {
      String name = "tenant-" + i;
      if (used.add(t.shardOf(name))) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void firstOpenCreatesTheClusterWithItsAdmin() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Topology t =
        open(
            openStore(),
            8,
            () -> {
              asked.incrementAndGet();
              return ADMIN;
            });

    ClusterRecord c = t.cluster();
    assertEquals(clusterName, c.getName());
    assertEquals(8, c.getShardCount());
    assertEquals(1, c.getHashVersion());
    assertEquals(1, c.getFormat());
    assertEquals(1, asked.get());
    assertEquals(Optional.of(ADMIN), t.adminUser());
  }

  @Test
  void reopeningKeepsTheClusterAndNeverAsksForTheAdminAgain() throws Exception {
    Topology first = open(8);
    ClusterRecord created = first.cluster();
    first.close();

    Topology again = open(openStore(), 16, () -> fail("admin asked for an existing cluster"));

    assertEquals(created, again.cluster());
    assertEquals(Optional.of(ADMIN), again.adminUser());
  }

  @Test
  void failingAdminSupplierLeavesTheClusterUncreated() throws Exception {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                open(
                    openStore(),
                    8,
                    () -> {
                      throw new IllegalStateException("set RHIZOME_ADMIN_PASSWORD");
                    }));
    assertEquals("set RHIZOME_ADMIN_PASSWORD", e.getMessage());

    // The creation claim was released: the next process creates the cluster at once.
    Topology t = open(8);
    assertEquals(Optional.of(ADMIN), t.adminUser());
  }

  @Test
  void shardOfFollowsTheClustersHash() throws Exception {
    Topology t = open(256);
    assertEquals(160, t.shardOf("acme"));
    assertEquals(231, t.shardOf("globex"));
  }

  @Test
  void createTenantAssignsItsShardToTheLiveNodeAtEpochOne() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1"));
    UserRecord app = user("app");

    TenantRecord created = t.createTenant("acme", app);

    assertEquals("acme", created.getName());
    assertEquals(t.shardOf("acme"), created.getShard());
    assertEquals(List.of(app), created.getUsersList());
    assertEquals(1, created.getFormat());
    ShardRecord shard = t.shard(created.getShard()).orElseThrow();
    assertEquals("n1", shard.getNodeId());
    assertEquals(1, shard.getEpoch());
    assertEquals(created.getShard(), shard.getShard());
    assertEquals(Optional.of(created), t.tenant("acme"));
    assertEquals(List.of(created), t.tenants());
    assertEquals(List.of(shard), t.shards());
    assertEquals(Optional.of(shard), t.refreshShard(created.getShard()));
  }

  @Test
  void creatingAnExistingTenantFailsWithAlreadyExists() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1"));
    TenantRecord first = t.createTenant("acme", user("app"));

    TopologyException e =
        assertThrows(TopologyException.class, () -> t.createTenant("acme", user("other")));

    assertEquals(Reason.ALREADY_EXISTS, e.reason());
    assertEquals(Optional.of(first), t.tenant("acme"));
  }

  @Test
  void tenantWhoseShardHasNoOwnerNeedsALiveNode() throws Exception {
    Topology t = open(16);

    TopologyException e =
        assertThrows(TopologyException.class, () -> t.createTenant("acme", user("app")));

    assertEquals(Reason.NO_LIVE_NODES, e.reason());
    assertEquals(Optional.empty(), t.tenant("acme"));
    assertEquals(List.of(), t.shards());
  }

  @Test
  void invalidTenantNamesAreRejectedBeforeTheStore() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1"));
    for (String bad : List.of("", "Acme", "../etc", "a/b", "a.db", "-x")) {
      assertThrows(IllegalArgumentException.class, () -> t.createTenant(bad, user("app")), bad);
      assertThrows(IllegalArgumentException.class, () -> t.dropTenant(bad), bad);
      assertEquals(Optional.empty(), t.tenant(bad), bad);
    }
    assertEquals(List.of(), t.tenants());
  }

  @Test
  void newShardsGoToTheNodeWithTheFewestShards() throws Exception {
    Topology t = open(64);
    t.registerNode(node("n2"));
    t.registerNode(node("n1"));
    List<String> names = namesOnDistinctShards(t, 4);

    List<String> owners = new ArrayList<>();
    for (String name : names) {
      TenantRecord r = t.createTenant(name, user("app"));
      owners.add(t.shard(r.getShard()).orElseThrow().getNodeId());
    }

    // Ties go to the lowest id, so the owners alternate starting with n1.
    assertEquals(List.of("n1", "n2", "n1", "n2"), owners);
  }

  @Test
  void tenantOnAnOwnedShardKeepsTheOwner() throws Exception {
    Topology t = open(1);
    t.registerNode(node("n1"));
    t.createTenant("acme", user("app"));
    t.registerNode(node("n0"));

    TenantRecord second = t.createTenant("globex", user("app"));

    assertEquals(0, second.getShard());
    ShardRecord shard = t.refreshShard(0).orElseThrow();
    assertEquals("n1", shard.getNodeId());
    assertEquals(1, shard.getEpoch());
  }

  @Test
  void drainingNodesGetNoNewShards() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1", "inprocess:n1", NodeState.NODE_DRAINING));
    t.registerNode(node("n2"));

    TenantRecord r = t.createTenant("acme", user("app"));

    assertEquals("n2", t.shard(r.getShard()).orElseThrow().getNodeId());
  }

  @Test
  void dropTenantRemovesItAndReturnsTheRecord() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1"));
    TenantRecord created = t.createTenant("acme", user("app"));

    assertEquals(Optional.of(created), t.dropTenant("acme"));

    assertEquals(Optional.empty(), t.tenant("acme"));
    assertEquals(List.of(), t.tenants());
    assertEquals(Optional.empty(), t.dropTenant("acme"));
    // The name is free again; the shard keeps its owner.
    TenantRecord again = t.createTenant("acme", user("app2"));
    assertEquals(List.of(again), t.tenants());
    assertEquals("n1", t.shard(again.getShard()).orElseThrow().getNodeId());
  }

  @Test
  void concurrentTenantUpdatesAreNeverLost() throws Exception {
    Topology first = open(16);
    first.registerNode(node("n1"));
    first.createTenant("acme", user("app"));
    Topology second = otherWriter(first);
    int perWriter = 15;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    AtomicInteger applied = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (Topology writer : List.of(first, second)) {
      for (int w = 0; w < 2; w++) {
        String prefix = "u" + writers.size() + "x";
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                      UserRecord added = user(prefix + i);
                      while (true) {
                        try {
                          writer.updateTenant("acme", r -> r.toBuilder().addUsers(added).build());
                          applied.incrementAndGet();
                          break;
                        } catch (TopologyException e) {
                          if (e.reason() != TopologyException.Reason.CONFLICT) {
                            throw e;
                          }
                        }
                      }
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        thread.start();
        writers.add(thread);
      }
    }
    start.countDown();
    for (Thread thread : writers) {
      thread.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(4 * perWriter, applied.get());
    TenantRecord stored = first.updateTenant("acme", r -> r); // reads the store
    assertEquals(1 + 4 * perWriter, stored.getUsersCount(), "every update kept");
    assertThrows(
        IllegalArgumentException.class,
        () -> first.updateTenant("acme", r -> r.toBuilder().setShard(r.getShard() + 1).build()));
    TopologyException missing =
        assertThrows(TopologyException.class, () -> first.updateTenant("nope", r -> r));
    assertEquals(TopologyException.Reason.NOT_FOUND, missing.reason());
  }

  @Test
  void registeredNodeIsLiveUntilItsRegistrationCloses() throws Exception {
    Topology t = open(4);
    NodeRecord n1 = node("n1");

    NodeRegistration registration = t.registerNode(n1);

    assertEquals(List.of(n1), t.nodes());
    assertEquals(Optional.of(n1), t.node("n1"));
    registration.close();
    assertEquals(List.of(), t.nodes());
    assertEquals(Optional.empty(), t.node("n1"));
    registration.close(); // idempotent
  }

  @Test
  void nodeRestartedAfterACrashRegistersUnderItsIdAgain() throws Exception {
    MetaStore crashing = openStore();
    Topology before = open(crashing, 4, () -> ADMIN);
    before.registerNode(node("n1", "old:1", NodeState.NODE_UP));
    crashing.close(); // the process dies: nothing is revoked

    Topology after = open(openStore(), 4, () -> ADMIN);
    NodeRecord restarted = node("n1", "new:2", NodeState.NODE_UP);
    after.registerNode(restarted);

    assertEquals(Optional.of(restarted), after.node("n1"));
    eventually(() -> assertEquals(List.of(restarted), after.nodes()));
  }

  @Test
  void cacheReloadsWhenTheWatchLosesEvents() throws Exception {
    SeveringStore store = new SeveringStore(openStore());
    Topology t = open(store, 4, () -> ADMIN);
    KeyLayout keys = new KeyLayout(clusterName);
    TenantRecord ghost =
        TenantRecord.newBuilder()
            .setFormat(1)
            .setName("ghost")
            .setShard(t.shardOf("ghost"))
            .build();

    store.sever();
    // Another process writes while this one's watch is deaf.
    store.txn(
        new Txn(List.of(), List.of(Put.of(keys.tenant("ghost"), ghost.toByteArray())), List.of()));
    assertEquals(List.of(), t.tenants());

    store.resync();
    eventually(() -> assertEquals(List.of(ghost), t.tenants()));

    // The new watch delivers again.
    store.txn(new Txn(List.of(), List.of(), List.of(keys.tenant("ghost"))));
    eventually(() -> assertEquals(List.of(), t.tenants()));
  }

  /** Name prefixes of the threads a topology of this backend starts. */
  protected List<String> threadPrefixes() {
    return List.of("rhizome-topology-" + clusterName);
  }

  @Test
  void closeStopsTheTopologysThreads() throws Exception {
    Topology t = open(4);
    t.registerNode(node("n1"));
    t.createTenant("acme", user("app"));

    t.close();

    eventually(
        () -> {
          List<String> alive =
              Thread.getAllStackTraces().keySet().stream()
                  .filter(Thread::isAlive)
                  .map(Thread::getName)
                  .filter(n -> threadPrefixes().stream().anyMatch(n::startsWith))
                  .toList();
          assertEquals(List.of(), alive, "threads that outlived close()");
        });
  }
}
