/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** Switches logging to the format a server was asked for, before it logs anything of its own. */
final class LogSetup {
  private LogSetup() {}

  /** For {@code json}, reconfigures logback from {@code logback-json.xml} (its JsonEncoder). */
  static void apply(OpsOptions.LogFormat format) {
    if (format != OpsOptions.LogFormat.JSON) {
      return;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    URL config = LogSetup.class.getResource("/logback-json.xml");
    if (config == null) {
      throw new IllegalStateException("logback-json.xml is missing from the jar");
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.reset();
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure JSON logging", e);
    }
  }
}
