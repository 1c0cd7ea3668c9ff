/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedReplicaSetTest extends ReplicaSetContractTest {
  @TempDir Path dataDir;

  @Override
  protected MetaStore openStore() throws TopologyException {
    return SqliteMetaStore.open(dataDir);
  }

  @Override
  protected Topology otherProcess(Topology first) {
    return first; // the data dir is locked to one process
  }
}
