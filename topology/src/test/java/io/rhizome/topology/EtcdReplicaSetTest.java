/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.testkit.Etcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class EtcdReplicaSetTest extends ReplicaSetContractTest {
  private static Etcd etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = Etcd.start();
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @Override
  protected MetaStore openStore() {
    return new EtcdMetaStore(etcd.endpoints(), EtcdMetaStore.DEFAULT_CALL_TIMEOUT, 2);
  }
}
