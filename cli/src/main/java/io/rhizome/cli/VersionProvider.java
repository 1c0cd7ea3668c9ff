/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven stamps into the jar manifest. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"rhizome " + (v == null ? "(development build)" : v)};
  }
}
