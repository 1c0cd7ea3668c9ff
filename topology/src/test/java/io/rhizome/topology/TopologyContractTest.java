/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
    assertEquals(List.of(created), all(t));
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
    assertEquals(List.of(), all(t));
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
    assertEquals(List.of(), all(t));
    assertEquals(Optional.empty(), t.dropTenant("acme"));
    // The name is free again; the shard keeps its owner.
    TenantRecord again = t.createTenant("acme", user("app2"));
    assertEquals(List.of(again), all(t));
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
    CachedTopology t = open(store, 4, () -> ADMIN);
    t.registerNode(node("n1"));
    TenantRecord acme = t.createTenant("acme", user("app"));
    assertEquals(Optional.of(acme), t.tenant("acme"));
    KeyLayout keys = new KeyLayout(clusterName);
    ShardRecord moved =
        t.shard(acme.getShard()).orElseThrow().toBuilder().setNodeId("n9").setEpoch(7).build();
    TenantRecord renamedUser = acme.toBuilder().setUsers(0, user("other")).build();

    store.sever();
    // Another process writes while this one's watch is deaf.
    store.txn(
        new Txn(
            List.of(),
            List.of(
                Put.of(keys.shard(acme.getShard()), moved.toByteArray()),
                Put.of(keys.tenant("acme"), renamedUser.toByteArray())),
            List.of()));
    assertEquals(Optional.of(acme), t.cachedTenant("acme"), "stale while deaf");
    assertEquals("n1", t.shard(acme.getShard()).orElseThrow().getNodeId());

    store.resync();
    // The map is loaded again; cached tenants are forgotten and read again on demand.
    eventually(() -> assertEquals(Optional.of(moved), t.shard(acme.getShard())));
    assertEquals(Optional.empty(), t.cachedTenant("acme"));
    assertEquals(Optional.of(renamedUser), t.tenant("acme"));

    // The new watch delivers again, to the tenants cached since.
    store.txn(new Txn(List.of(), List.of(), List.of(keys.tenant("acme"))));
    eventually(() -> assertEquals(Optional.empty(), t.cachedTenant("acme")));
    assertEquals(Optional.empty(), t.tenant("acme"));
  }

  @Test
  void tenantsAreCachedOnDemandAndKeptCurrentByTheWatch() throws Exception {
    Topology writer = open(16);
    writer.registerNode(node("n1"));
    TenantRecord acme = writer.createTenant("acme", user("app"));
    Topology reader = otherWriter(writer);

    // Another process (or, embedded, this one after a restart) holds no tenant until asked.
    CachedTopology fresh = open(openStoreOrShare(writer), 16, () -> ADMIN);
    assertEquals(0, fresh.cachedTenants(), "nothing loaded at start");
    assertEquals(Optional.empty(), fresh.cachedTenant("acme"));
    assertEquals(Optional.of(acme), fresh.tenant("acme"));
    assertEquals(Optional.of(acme), fresh.cachedTenant("acme"));

    TenantRecord changed =
        reader.updateTenant("acme", r -> r.toBuilder().addUsers(user("ro")).build());
    eventually(() -> assertEquals(Optional.of(changed), fresh.cachedTenant("acme")));
    reader.dropTenant("acme");
    eventually(() -> assertEquals(Optional.empty(), fresh.cachedTenant("acme")));
    assertEquals(Optional.empty(), fresh.tenant("acme"));
    // A name that does not exist is not remembered: created a moment later, it is found.
    assertEquals(Optional.empty(), fresh.tenant("globex"));
    TenantRecord globex = reader.createTenant("globex", user("app"));
    assertEquals(Optional.of(globex), fresh.tenant("globex"));
  }

  @Test
  void theTenantCacheIsBounded() throws Exception {
    Topology writer = open(16);
    writer.registerNode(node("n1"));
    for (int i = 0; i < 20; i++) {
      writer.createTenant("t" + i, user("app"));
    }
    CachedTopology small =
        CachedTopology.open(
            openStoreOrShare(writer), new ClusterBootstrap(clusterName, 16, () -> ADMIN), 5);
    opened.add(small);

    for (int i = 0; i < 20; i++) {
      assertEquals("t" + i, small.tenant("t" + i).orElseThrow().getName());
    }

    assertTrue(small.cachedTenants() <= 5, "cached: " + small.cachedTenants());
  }

  @Test
  void tenantsAreListedInPagesByNameWithAPrefix() throws Exception {
    Topology t = open(16);
    t.registerNode(node("n1"));
    List<String> names = new ArrayList<>();
    for (String name : List.of("b1", "a2", "a10", "c", "a1", "ab", "a")) {
      t.createTenant(name, user("app"));
      names.add(name);
    }
    names.sort(null);

    List<String> paged = new ArrayList<>();
    String after = "";
    int pages = 0;
    while (true) {
      TenantPage page = t.tenants(new TenantQuery("", after, 3));
      page.tenants().forEach(r -> paged.add(r.getName()));
      pages++;
      if (!page.more()) {
        break;
      }
      after = page.next().orElseThrow();
    }
    assertEquals(names, paged);
    assertEquals(3, pages);
    assertEquals(
        List.of("a", "a1", "a10", "a2", "ab"),
        t.tenants(new TenantQuery("a", "", 10)).tenants().stream()
            .map(TenantRecord::getName)
            .toList());
    TenantPage afterA1 = t.tenants(new TenantQuery("a", "a1", 2));
    assertEquals(
        List.of("a10", "a2"), afterA1.tenants().stream().map(TenantRecord::getName).toList());
    assertTrue(afterA1.more());
    assertEquals(Optional.of("a2"), afterA1.next());
    // A cursor that is not a tenant, or lies before the prefix, still orders by name.
    assertEquals(
        List.of("a2", "ab"),
        t.tenants(new TenantQuery("a", "a11", 10)).tenants().stream()
            .map(TenantRecord::getName)
            .toList());
    assertEquals(
        List.of("b1"),
        t.tenants(new TenantQuery("b", "a", 10)).tenants().stream()
            .map(TenantRecord::getName)
            .toList());
    assertEquals(List.of(), t.tenants(new TenantQuery("z", "", 10)).tenants());
    assertEquals(7, t.tenantCount());
    assertThrows(IllegalArgumentException.class, () -> new TenantQuery("A", "", 1));
    assertThrows(IllegalArgumentException.class, () -> new TenantQuery("", "x/y", 1));
    assertThrows(IllegalArgumentException.class, () -> new TenantQuery("", "", 0));
    assertThrows(
        IllegalArgumentException.class, () -> TenantQuery.first(TenantQuery.MAX_LIMIT + 1));
  }

  @Test
  void sharesShardTellsWhetherAnotherTenantLivesOnIt() throws Exception {
    Topology t = open(4);
    t.registerNode(node("n1"));
    TenantRecord a = t.createTenant("a", user("app"));
    assertFalse(t.sharesShard(a));
    String sibling = null;
    String elsewhere = null;
    for (int i = 0; sibling == null || elsewhere == null; i++) {
      String name = "t" + i;
      if (t.shardOf(name) == a.getShard()) {
        sibling = sibling == null ? name : sibling;
      } else {
        elsewhere = elsewhere == null ? name : elsewhere;
      }
    }
    t.createTenant(elsewhere, user("app"));
    assertFalse(t.sharesShard(a));
    t.createTenant(sibling, user("app"));
    assertTrue(t.sharesShard(a));
    TenantRecord alone = t.createTenant("own", user("app"), TenantPlacement.ownShard());
    assertFalse(t.sharesShard(alone));
  }

  @Test
  void importCreatesAbsentTenantsAddsMissingUsersAndIsIdempotent() throws Exception {
    Topology t = open(8);
    t.registerNode(node("n1"));
    t.registerNode(node("n2"));
    TenantRecord existing = t.createTenant("acme", user("app"));
    UserRecord app = user("app");
    UserRecord ro = user("ro");
    List<TenantImport> batch = new ArrayList<>();
    batch.add(new TenantImport("acme", List.of(app, ro)));
    for (int i = 0; i < 300; i++) {
      batch.add(new TenantImport("imp" + i, List.of(app)));
    }

    List<TenantImport.Result> results = t.importTenants(batch);

    assertEquals(301, results.size());
    assertEquals(
        new TenantImport.Result("acme", TenantImport.Outcome.USERS_ADDED, List.of("ro")),
        results.get(0));
    for (int i = 0; i < 300; i++) {
      assertEquals(
          new TenantImport.Result("imp" + i, TenantImport.Outcome.CREATED, List.of("app")),
          results.get(i + 1));
    }
    TenantRecord acme = t.tenant("acme").orElseThrow();
    assertEquals(existing.getUsers(0), acme.getUsers(0), "an existing user is left as it was");
    assertEquals(ro, acme.getUsers(1));
    TenantRecord imp7 = t.tenant("imp7").orElseThrow();
    assertEquals(t.shardOf("imp7"), imp7.getShard());
    assertEquals(List.of(app), imp7.getUsersList());
    assertEquals(301, t.tenantCount());
    // Every shard got an owner, spread over the nodes as single creates would.
    assertEquals(8, t.shards().size());
    assertEquals(
        Set.of("n1", "n2"),
        t.shards().stream()
            .map(ShardRecord::getNodeId)
            .collect(java.util.stream.Collectors.toSet()));
    for (ShardRecord s : t.shards()) {
      assertEquals(Optional.of(s), t.refreshShard(s.getShard()));
    }

    List<TenantImport.Result> again = t.importTenants(batch);
    assertTrue(
        again.stream().allMatch(r -> r.outcome() == TenantImport.Outcome.UNCHANGED), "re-run");
    assertEquals(301, t.tenantCount());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            t.importTenants(
                List.of(
                    new TenantImport("dup", List.of(app)), new TenantImport("dup", List.of(ro)))));
  }

  @Test
  void anImportOfATenantThisProcessDroppedIsReadAtOnce() throws Exception {
    Topology t = open(8);
    t.registerNode(node("n1"));
    t.createTenant("acme", user("app"));
    t.dropTenant("acme");
    assertEquals(Optional.empty(), t.tenant("acme"));

    UserRecord ro = user("ro");
    t.importTenants(List.of(new TenantImport("acme", List.of(ro))));

    // No wait for the watch: the drop's tombstone in this process's cache gives way at once.
    assertEquals(List.of(ro), t.tenant("acme").orElseThrow().getUsersList());
  }

  @Test
  void importWithoutALiveNodeFailsWithoutWriting() throws Exception {
    Topology t = open(8);
    TopologyException e =
        assertThrows(
            TopologyException.class,
            () -> t.importTenants(List.of(new TenantImport("acme", List.of(user("app"))))));
    assertEquals(Reason.NO_LIVE_NODES, e.reason());
    assertEquals(0, t.tenantCount());
  }

  /**
   * Another store of this test's cluster, or the one {@code first} uses when the backend allows one
   * process only.
   */
  protected MetaStore openStoreOrShare(Topology first) throws TopologyException {
    return openStore();
  }

  /** Every tenant, from a listing (the tests create few). */
  static List<TenantRecord> all(Topology t) throws TopologyException {
    return t.tenants(TenantQuery.first(TenantQuery.MAX_LIMIT)).tenants();
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
