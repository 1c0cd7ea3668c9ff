/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether traffic to or from a host stays on this machine, for warnings about plaintext. */
final class Loopback {
  private Loopback() {}

  /**
   * True for loopback addresses and names that resolve to one ({@code localhost}); false for the
   * wildcard address, other addresses and names that do not resolve.
   */
  static boolean is(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
