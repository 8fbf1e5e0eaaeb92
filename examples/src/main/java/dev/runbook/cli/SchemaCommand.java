package dev.runbook.cli;

import dev.runbook.yaml.RunbookLoader;
import picocli.CommandLine.Command;

/**
 * {@code runbook schema}: prints the JSON Schema of the format, with the check, action and notifier types known
 * (plugins included), for editors and CI. Exit 0.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Prints the JSON Schema of the runbook format (plugin types included), for editors.",
                "Example: runbook schema > runbook.schema.json"})
public final class SchemaCommand extends Verb {
    @Override
    public Integer call() {
        String schema = new RunbookLoader(registry(), environment(), java.time.Clock.systemDefaultZone()).schema();
        out().println(schema.strip());
        return 0;
    }
}
