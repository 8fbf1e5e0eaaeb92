package dev.runbook.cli;

import picocli.CommandLine.Command;

/**
 * {@code runbook demo}: builds a sandbox of the seed's world in a temporary directory and runs the seed
 * runbook's procedures against it. See {@link dev.runbook.cli.demo.DemoSandbox}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the seed runbook against a sandbox of its world (a health service, a database, "
                + "backups, logs, a TLS endpoint, a stub systemctl) in a temporary directory. Under a minute.")
public final class DemoCommand extends Verb {
    @Override
    public Integer call() {
        err().println("runbook: demo is being built");
        return Main.USAGE;
    }
}
