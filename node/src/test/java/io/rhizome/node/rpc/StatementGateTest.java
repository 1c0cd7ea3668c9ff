/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementGateTest {
  private final List<String> granted = new ArrayList<>();

  private Runnable waiter(String name) {
    return () -> granted.add(name);
  }

  @Test
  void runsUpToTheLimitQueuesUpToTheQueueAndRefusesTheRest() {
    StatementGate gate = new StatementGate(2, 1);
    assertEquals(StatementGate.Entry.RUN, gate.enter(waiter("a")));
    assertEquals(StatementGate.Entry.RUN, gate.enter(waiter("b")));
    assertEquals(StatementGate.Entry.QUEUED, gate.enter(waiter("c")));
    assertEquals(StatementGate.Entry.FULL, gate.enter(waiter("d")));
    assertEquals(List.of(), granted);
    assertEquals(2, gate.running());
    assertEquals(1, gate.queued());
  }

  @Test
  void handsAFreedSlotToTheQueuedRequestsInOrder() {
    StatementGate gate = new StatementGate(1, 2);
    gate.enter(waiter("a"));
    gate.enter(waiter("b"));
    gate.enter(waiter("c"));
    gate.leave();
    assertEquals(List.of("b"), granted);
    assertEquals(1, gate.running());
    gate.leave();
    assertEquals(List.of("b", "c"), granted);
    gate.leave();
    assertEquals(0, gate.running());
    assertEquals(StatementGate.Entry.RUN, gate.enter(waiter("d")));
  }

  @Test
  void aWithdrawnRequestNeverGetsASlot() {
    StatementGate gate = new StatementGate(1, 1);
    gate.enter(waiter("a"));
    Runnable b = waiter("b");
    gate.enter(b);
    assertTrue(gate.withdraw(b));
    assertFalse(gate.withdraw(b));
    gate.leave();
    assertEquals(List.of(), granted);
    assertEquals(0, gate.running());
  }

  @Test
  void aZeroQueueRefusesAtOnce() {
    StatementGate gate = new StatementGate(1, 0);
    gate.enter(waiter("a"));
    assertEquals(StatementGate.Entry.FULL, gate.enter(waiter("b")));
  }
}
