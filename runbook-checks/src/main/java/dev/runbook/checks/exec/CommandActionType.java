package dev.runbook.checks.exec;

import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.ShellScript;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code command} action: runs a program in its own process group (no shell unless {@code shell:} is
 * given), expanding {@code ${captured.NAME}} in its arguments, script and environment values. Exit 0 is
 * {@code done}, any other exit {@code failed}, past the timeout {@code timed_out} with the whole process group
 * killed. {@code capture: NAME} keeps the trimmed stdout for later steps. In dry-run nothing runs.
 *
 * <p>Stateless and thread-safe; {@code execute} blocks until the program ends or its timeout passes.
 */
@TypeName("command")
public final class CommandActionType implements ActionType<CommandActionType.Params> {
    private static final Pattern CAPTURE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * Parameters of the {@code command} action.
     *
     * @param run     argv, run without a shell
     * @param shell   a command line for {@code /bin/sh -c} (only when given)
     * @param env     extra environment variables
     * @param cwd     working directory, relative to the runbook's directory
     * @param capture keep trimmed stdout as {@code ${captured.<capture>}}
     */
    public record Params(List<String> run, @ShellScript String shell, Map<String, String> env, String cwd, String capture) {
    }

    @Override
    public String name() {
        return "command";
    }

    /** {@code run:} is an argv list (runbook-format §5): a command line as one text is refused at load time. */
    @Override
    public void shorthands(WrittenParameters written) {
        CommandCheckType.refuseRunAsText(written);
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "runs a program in its own process group; capture: NAME keeps its stdout for later steps";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        CommandLine line = CommandLine.of("command", p.run(), p.shell(), p.env(), p.cwd(), context);
        String capture = p.capture();
        if (capture != null && !CAPTURE_NAME.matcher(capture).matches()) {
            throw new IllegalArgumentException("command: capture must match [a-z_][a-z0-9_]*, found '" + capture + "'");
        }
        return Action.describedByDryRun(ctx -> execute(line, capture, ctx));
    }

    private static ActionResult execute(CommandLine template, String capture, ActionContext ctx)
            throws InterruptedException {
        if (ctx.dryRun()) {
            String shown;
            try {
                shown = template.expanded(ctx::expand).display();
            } catch (IllegalArgumentException e) {
                shown = template.display(); // values captured earlier do not exist in a dry run
            }
            return ActionResult.dryRun("would run: " + shown + (capture == null ? "" : " (capturing stdout as "
                    + capture + ")"));
        }
        CommandLine line = template.expanded(ctx::expand);
        if (line.cwd() != null && !Files.isDirectory(line.cwd())) {
            return ActionResult.failed("working directory " + line.cwd() + " does not exist");
        }
        CommandRunner.Result r;
        try {
            r = CommandRunner.run(line.argv(), line.env(), line.cwd(), ctx.timeout(), CommandRunner.DEFAULT_CAPTURE_LIMIT);
        } catch (CommandRunner.CommandNotFoundException e) {
            return ActionResult.failed(e.getMessage());
        } catch (IOException e) {
            return ActionResult.failed("could not run " + line.argv().get(0) + ": " + e.getMessage());
        }
        if (r.timedOut()) {
            return ActionResult.timedOut("timed out after " + Quantity.humanize(ctx.timeout().toNanos() / 1e9,
                    Unit.SECONDS) + ": " + line.display() + " (process group killed)");
        }
        String first = r.firstLine();
        if (r.exitCode() != 0) {
            return ActionResult.failed("exit code " + r.exitCode() + (first.isEmpty() ? "" : ": " + first));
        }
        if (capture != null) {
            ctx.capture(capture, r.stdout().strip());
        }
        return ActionResult.done(first.isEmpty() ? "ran " + line.display() : first);
    }
}
