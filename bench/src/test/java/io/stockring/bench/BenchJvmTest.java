package io.stockring.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fork flags must not drift from server/jvm.options, the single source of the Chronicle flags. */
class BenchJvmTest
{
    /** Surefire runs with the module directory as working directory. */
    private static final Path JVM_OPTIONS = Path.of("..", "server", "jvm.options");

    private static List<String> jvmOptionsLines() throws Exception
    {
        return Files.readAllLines(JVM_OPTIONS, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            // The server's tuning flags (-XX:) are not Chronicle's and not the forks' to copy.
            .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("-XX:"))
            .collect(Collectors.toList());
    }

    @Test
    void chronicleFlagsEqualServerJvmOptions() throws Exception
    {
        assertEquals(jvmOptionsLines(), BenchJvm.chronicleFlags());
    }

    @Test
    void analyticsAreAlwaysOff() throws Exception
    {
        assertTrue(jvmOptionsLines().contains("-Dchronicle.analytics.disable=true"));
        assertTrue(BenchJvm.chronicleFlags().contains("-Dchronicle.analytics.disable=true"));
    }

    @Test
    void everyBenchmarkForkPrependsEveryFlag()
    {
        for (final Class<?> benchmark : List.of(EngineThroughputBenchmark.class, LedgerBenchmark.class,
            JournalBenchmark.class, RequestCodecBenchmark.class, StockScanBenchmark.class))
        {
            final Fork fork = benchmark.getAnnotation(Fork.class);
            assertNotNull(fork, benchmark.getSimpleName() + " has no @Fork");
            final List<String> prepended = List.of(fork.jvmArgsPrepend());
            assertEquals(BenchJvm.chronicleFlags(), prepended.subList(0, BenchJvm.chronicleFlags().size()),
                benchmark.getSimpleName());
            assertTrue(prepended.contains(BenchJvm.HEAP_MIN) && prepended.contains(BenchJvm.HEAP_MAX),
                benchmark.getSimpleName());
        }
    }
}
