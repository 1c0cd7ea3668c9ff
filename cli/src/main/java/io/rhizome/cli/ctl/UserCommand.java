/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ctl user create|password}: a tenant's users. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Add users to a tenant and set their passwords.",
    subcommands = {UserCommand.Create.class, UserCommand.Password.class})
public final class UserCommand {
  @ParentCommand CtlCommand ctl;

  /** The options both subcommands share. */
  abstract static class UserPassword implements Callable<Integer> {
    @ParentCommand UserCommand users;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "User name.")
    String name;

    @Option(
        names = "--tenant",
        required = true,
        paramLabel = "NAME",
        description = "The tenant (database) the user belongs to.")
    String tenant;

    @Option(
        names = "--password-stdin",
        required = true,
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    /** CREATE or ALTER. */
    abstract String verb();

    @Override
    public Integer call() throws Exception {
      CtlInput.requireIdentifier("user name", name);
      CtlInput.requireIdentifier("tenant name", tenant);
      String password = CtlInput.readPassword();
      try (ConsoleClient console = users.ctl.connect()) {
        console.execute(
            verb()
                + " USER "
                + name
                + " IN TENANT "
                + tenant
                + " PASSWORD "
                + SqlLiterals.quote(password));
        users.ctl.printer().printDone(done(), name, spec.commandLine().getOut());
      }
      return 0;
    }

    abstract String done();
  }

  /** {@code ctl user create USER --tenant NAME --password-stdin}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Add a user to a tenant.")
  static final class Create extends UserPassword {
    @Override
    String verb() {
      return "CREATE";
    }

    @Override
    String done() {
      return "created";
    }
  }

  /** {@code ctl user password USER --tenant NAME --password-stdin}. */
  @Command(
      name = "password",
      mixinStandardHelpOptions = true,
      description = "Set a user's password; open sessions keep running.")
  static final class Password extends UserPassword {
    @Override
    String verb() {
      return "ALTER";
    }

    @Override
    String done() {
      return "changed the password of";
    }
  }
}
