package io.stockring.bench;

import java.util.List;

/**
 * JVM flags of every benchmark fork, one constant per flag, so that {@code @Fork(jvmArgsPrepend = ...)}
 * can name them (annotation values must be compile-time constants).
 *
 * <p>The Chronicle flags mirror {@code server/jvm.options} line by line, and {@code BenchJvmTest}
 * fails the build when they drift. Chronicle Map dies in its class generator without the exports
 * and opens; the analytics switch keeps it from phoning home and must be set in every JVM that
 * loads it, benchmark forks included.
 */
public final class BenchJvm
{
    public static final String CHRONICLE_ANALYTICS_OFF = "-Dchronicle.analytics.disable=true";
    public static final String EXPORT_JDK_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORT_SUN_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORT_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPEN_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Aeron's media driver (cluster mode) reads the JDK's internal misc classes. */
    public static final String OPEN_JDK_INTERNAL_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** A fixed heap, so that heap resizing is not part of any figure. */
    public static final String HEAP_MIN = "-Xms2g";
    public static final String HEAP_MAX = "-Xmx2g";

    private BenchJvm()
    {
    }

    /** The Chronicle flags in the order of {@code server/jvm.options}. */
    public static List<String> chronicleFlags()
    {
        return List.of(CHRONICLE_ANALYTICS_OFF, EXPORT_JDK_INTERNAL_REF, EXPORT_SUN_NIO_CH, EXPORT_SUN_MISC,
            EXPORT_JAVAC_FILE, OPEN_JAVAC, OPEN_LANG, OPEN_LANG_REFLECT, OPEN_IO, OPEN_UTIL, OPEN_NIO,
            OPEN_JDK_INTERNAL_MISC);
    }
}
