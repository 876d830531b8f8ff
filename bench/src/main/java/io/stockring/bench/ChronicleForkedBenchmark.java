package io.stockring.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.util.concurrent.TimeUnit;

/**
 * What every benchmark of this module shares, in one place (JMH annotations are inherited):
 * throughput in operations per second, and one fork that starts with the Chronicle JVM flags of
 * server/jvm.options (checked by BenchJvmTest) and a fixed heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {BenchJvm.CHRONICLE_ANALYTICS_OFF, BenchJvm.EXPORT_JDK_INTERNAL_REF,
    BenchJvm.EXPORT_SUN_NIO_CH, BenchJvm.EXPORT_SUN_MISC, BenchJvm.EXPORT_JAVAC_FILE, BenchJvm.OPEN_JAVAC,
    BenchJvm.OPEN_LANG, BenchJvm.OPEN_LANG_REFLECT, BenchJvm.OPEN_IO, BenchJvm.OPEN_UTIL, BenchJvm.OPEN_NIO,
    BenchJvm.OPEN_JDK_INTERNAL_MISC,
    BenchJvm.HEAP_MIN, BenchJvm.HEAP_MAX})
public abstract class ChronicleForkedBenchmark
{
}
