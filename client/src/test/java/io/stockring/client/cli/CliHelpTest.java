package io.stockring.client.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command line of the CLI answers {@code --help} with its usage and exit code 0. */
class CliHelpTest
{
    @Test
    void everyCommandPrintsItsUsageOnHelpAndExitsZero()
    {
        final List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Cli()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "the walk found the subcommands: " + paths);

        for (final List<String> path : paths)
        {
            final List<String> args = new ArrayList<>(path);
            args.add("--help");
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int code = Cli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            assertEquals(0, code, String.join(" ", args) + " exit code; stderr: " + err);
            assertTrue(out.toString().startsWith("Usage: stockring cli"), String.join(" ", args) + " printed: " + out);
            assertEquals("", err.toString(), String.join(" ", args) + " wrote to stderr");
        }
    }

    @Test
    void aMistypedOptionIsRefusedWithExitCodeTwo()
    {
        final StringWriter err = new StringWriter();
        final int code = Cli.run(new String[] {"plan", "--no-such-option"}, new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
        assertEquals(2, code);
        assertFalse(err.toString().isEmpty());
    }

    private static void collect(final CommandLine command, final List<String> path, final List<List<String>> paths)
    {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) ->
        {
            if (name.equals(sub.getCommandName()))
            {
                final List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
            }
        });
    }
}
