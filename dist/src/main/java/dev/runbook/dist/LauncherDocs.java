package dev.runbook.dist;

import dev.runbook.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the packages ship beside the launcher, from its own picocli model, at build time: bash and zsh
 * completion (picocli's {@link AutoComplete} generator) and the man pages' AsciiDoc sources (picocli-codegen's
 * {@link ManPageGenerator}; the build turns them into troff with asciidoctor).
 *
 * <pre>{@code java -cp ... dev.runbook.dist.LauncherDocs OUT_DIR}</pre>
 *
 * <p>Writes {@code OUT_DIR/completion/runbook.bash}, {@code OUT_DIR/completion/_runbook} and
 * {@code OUT_DIR/man/runbook*.adoc}. Not thread-safe (one call per process); blocks on file I/O.
 */
public final class LauncherDocs {
    private LauncherDocs() {
    }

    /** Generates into {@code args[0]}; exits 2 on a usage error, 1 if a file cannot be written. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: LauncherDocs OUT_DIR");
            System.exit(2);
        }
        try {
            write(Path.of(args[0]));
        } catch (IOException | RuntimeException e) {
            System.err.println("LauncherDocs: could not write into " + args[0] + ": " + e);
            System.exit(1);
        }
    }

    /** Writes completion scripts and man page sources under {@code out}. */
    public static void write(Path out) throws IOException {
        CommandLine cl = Main.fullCommandLine();
        // picocli's completion command keeps its own name (generate-completion) under the name the launcher gives it
        CommandLine completionVerb = cl.getSubcommands().get("completion");
        if (completionVerb != null) {
            completionVerb.getCommandSpec().name("completion");
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        String bash = AutoComplete.bash("runbook", cl);
        Files.writeString(completion.resolve("runbook.bash"), bash, StandardCharsets.UTF_8);
        // zsh: picocli's script runs under zsh through bashcompinit; a #compdef header lets zsh autoload it
        Files.writeString(completion.resolve("_runbook"),
                "#compdef runbook\n# runbook's completion for zsh: picocli's script through zsh's bashcompinit\n"
                        + "autoload -U +X bashcompinit && bashcompinit\n" + bash, StandardCharsets.UTF_8);
        File man = Files.createDirectories(out.resolve("man")).toFile();
        int rc = ManPageGenerator.generateManPage(man, null, new boolean[0], true, cl.getCommandSpec());
        if (rc != 0) {
            throw new IOException("picocli's man page generator failed with exit code " + rc);
        }
    }
}
