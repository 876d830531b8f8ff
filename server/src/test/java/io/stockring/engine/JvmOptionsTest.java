package io.stockring.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chronicle JVM flags live in server/jvm.options (read by the launcher) and in the root pom
 * (surefire and failsafe): they must be the same list, and analytics must be off in it. The
 * server's tuning flags ({@code -XX:}) are the launcher's alone: tests run without them.
 */
class JvmOptionsTest
{
    @Test
    void launcherAndBuildUseTheSameChronicleFlags() throws Exception
    {
        final List<String> options = Files.readAllLines(Path.of("jvm.options")).stream()
            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("-XX:")).toList();
        final Matcher m = Pattern.compile("<chronicle\\.jvm\\.args>(.*?)</chronicle\\.jvm\\.args>", Pattern.DOTALL)
            .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertTrue(m.find(), "root pom has no chronicle.jvm.args");
        assertEquals(options, List.of(m.group(1).strip().split("\\s+")));
        assertTrue(options.contains("-Dchronicle.analytics.disable=true"));
    }
}
