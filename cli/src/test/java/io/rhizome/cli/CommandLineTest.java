/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class CommandLineTest {

  @Test
  void everyFlagOfEveryCommandIsExplainedInHelp() {
    List<String> undocumented = new ArrayList<>();
    walk(Main.commandLine(), undocumented);
    assertEquals(List.of(), undocumented);
  }

  private static void walk(CommandLine cl, List<String> undocumented) {
    CommandSpec spec = cl.getCommandSpec();
    for (OptionSpec o : spec.options()) {
      if (String.join("", o.description()).isBlank()) {
        undocumented.add(spec.qualifiedName() + " " + o.longestName());
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (String.join("", p.description()).isBlank()) {
        undocumented.add(spec.qualifiedName() + " " + p.paramLabel());
      }
    }
    cl.getSubcommands().values().forEach(sub -> walk(sub, undocumented));
  }

  @Test
  void theServerCommandsAndCtlAreThere() {
    assertEquals(
        List.of("standalone", "node", "gateway", "ctl", "help"),
        List.copyOf(Main.commandLine().getSubcommands().keySet()));
  }

  @Test
  void helpOfStandaloneNamesItsDefaults() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("standalone", "--help"));
    assertTrue(out.toString().contains("--data=DIR"), out::toString);
    assertTrue(out.toString().contains("127.0.0.1:5432"), out::toString);
  }

  @Test
  void helpOfTheServersExplainsTheAuthMethods() {
    for (String command : List.of("standalone", "node", "gateway")) {
      StringWriter out = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out));
      assertEquals(0, cl.execute(command, "--help"));
      assertTrue(out.toString().contains("--auth-method=METHOD"), out::toString);
      assertTrue(out.toString().contains("scram-sha-256"), out::toString);
    }
  }

  @Test
  void anUnknownAuthMethodIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("standalone", "--auth-method", "trust"));
    assertTrue(err.toString().contains("unknown auth method 'trust'"), err::toString);
  }

  @Test
  void missingRequiredFlagIsAUsageErrorNotACrash() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("node", "--id", "n1"));
    assertTrue(err.toString().contains("Missing required options"), err::toString);
  }

  @Test
  void hostPortParsesNamesAndBracketedIpv6() {
    assertEquals(new HostPort("127.0.0.1", 5432), HostPort.parse("127.0.0.1:5432"));
    assertEquals(new HostPort("::1", 7000), HostPort.parse("[::1]:7000"));
    assertEquals("[::1]:7000", HostPort.parse("[::1]:7000").toString());
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost:"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:99999"));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:http"));
  }

  @Test
  void aBadListenAddressIsReportedAsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("standalone", "--data", "x", "--listen", "nope"));
    assertFalse(err.toString().isBlank());
  }

  @Test
  void tlsFlagsThatDoNotGoTogetherAreUsageErrors() {
    for (List<String> flags :
        List.of(
            List.of("--tls-key", "server.key"),
            List.of("--tls-cert", "server.crt"),
            List.of("--tls-required"))) {
      StringWriter err = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err));
      List<String> args = new ArrayList<>(List.of("gateway", "--etcd", "http://127.0.0.1:1"));
      args.addAll(flags);
      assertEquals(2, cl.execute(args.toArray(String[]::new)), flags::toString);
      assertTrue(err.toString().contains("--tls-"), err::toString);
    }
  }

  @Test
  void clusterTlsAndEtcdFlagsThatDoNotGoTogetherAreUsageErrorsOfBothServers() {
    List<List<String>> wrong =
        List.of(
            List.of("--cluster-tls-ca", "ca.crt"),
            List.of("--cluster-tls-cert", "n.crt", "--cluster-tls-key", "n.key"),
            List.of("--cluster-tls-required"),
            List.of("--etcd-cert", "c.crt"),
            List.of("--etcd-user", "rhizome"),
            List.of("--etcd-password-file", "pw"),
            List.of("--etcd-ca", "ca.crt"));
    for (String command : List.of("node", "gateway")) {
      for (List<String> flags : wrong) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of(command, "--etcd", "http://127.0.0.1:1"));
        if (command.equals("node")) {
          args.addAll(List.of("--id", "n1", "--listen", "127.0.0.1:1", "--data", "unused"));
        }
        args.addAll(flags);
        assertEquals(2, cl.execute(args.toArray(String[]::new)), () -> command + " " + flags);
        String expected = flags.get(0).startsWith("--etcd") ? "--etcd" : "--cluster-tls-";
        assertTrue(err.toString().contains(expected), err::toString);
      }
    }
  }

  @Test
  void etcdUrlsMixingHttpAndHttpsAreAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("gateway", "--etcd", "https://127.0.0.1:1,http://127.0.0.1:2"));
    assertTrue(err.toString().contains("https://"), err::toString);
  }
}
