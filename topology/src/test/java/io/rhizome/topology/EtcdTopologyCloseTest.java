/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import static io.rhizome.topology.TopologyContractTest.ADMIN;
import static io.rhizome.topology.TopologyContractTest.eventually;
import static io.rhizome.topology.TopologyContractTest.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rhizome.proto.NodeRecord;
import io.rhizome.testkit.Etcd;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shutting a process down must not wait on etcd: a node stopped while etcd is unreachable still has
 * to exit within seconds. Each test gets its own etcd, since some stop it.
 */
@Timeout(120)
class EtcdTopologyCloseTest {
  /**
   * Far above what a close may take, so a close that waits for a call timeout is caught (the bound
   * below is generous, not a speed requirement).
   */
  private static final Duration LONG_CALL_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration CLOSE_BOUND = Duration.ofSeconds(15);

  /** Long enough that a node leaving within the test's patience proves its lease was revoked. */
  private static final long LONG_LEASE_TTL_SECONDS = 60;

  private Etcd etcd;
  private String clusterName;

  @BeforeEach
  void startEtcd() {
    etcd = Etcd.start();
    clusterName = "c" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  @AfterEach
  void stopEtcd() {
    etcd.close();
  }

  private CachedTopology open(long leaseTtlSeconds) throws TopologyException {
    return CachedTopology.open(
        new EtcdMetaStore(etcd.endpoints(), LONG_CALL_TIMEOUT, leaseTtlSeconds),
        new ClusterBootstrap(clusterName, 4, () -> ADMIN));
  }

  @Test
  void closeWhileEtcdIsDownIsBoundedAndLeavesNoNonDaemonThreads() throws Exception {
    assumeTrue(
        etcd.isLocal(), "needs an etcd this test may stop; ETCD_ENDPOINTS is someone else's");
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Topology topology = open(10);
    NodeRegistration n1 = topology.registerNode(node("n1"));
    topology.registerNode(node("n2"));
    topology.registerNode(node("n3"));

    etcd.close();
    long start = System.nanoTime();
    n1.close(); // as a node server does before its topology closes
    topology.close(); // n2 and n3 are still registered: close releases them
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(took.compareTo(CLOSE_BOUND) < 0, "closing with etcd down took " + took);
    // Polled on this thread, so the poller is not itself a new non-daemon thread.
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertEquals(
                    List.of(),
                    Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                        .map(Thread::getName)
                        .toList(),
                    "non-daemon threads started by the topology that outlived close()"));
  }

  @Test
  void closeRevokesTheRegistrationsOfAnEtcdThatIsUp() throws Exception {
    Topology leaving = open(LONG_LEASE_TTL_SECONDS);
    try (Topology watching = open(LONG_LEASE_TTL_SECONDS)) {
      NodeRecord n1 = node("n1");
      leaving.registerNode(n1);
      eventually(() -> assertEquals(List.of(n1), watching.nodes()));

      leaving.close();

      // Well before the TTL: only a revoke removes n1 this soon.
      eventually(() -> assertEquals(List.of(), watching.nodes()));
    }
  }
}
