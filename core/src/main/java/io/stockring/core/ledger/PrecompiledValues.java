package io.stockring.core.ledger;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.values.ValueModel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step (core's pom runs it after compiling): writes and compiles the classes Chronicle
 * Values would otherwise generate with javac the first time the ledger is opened, about 2.8 s of
 * every start-up on this machine (docs/decisions/0016). Chronicle looks for
 * {@code <package>.<Type>$$Native} and {@code $$Heap} on the value type's class loader before it
 * generates one, so compiled into the jar they are simply loaded. The source is Chronicle's own
 * generator's, from the Chronicle version on the build's classpath, so the two cannot drift.
 *
 * <p>Usage: {@code PrecompiledValues SOURCES_DIR CLASSES_DIR} with the module's classpath.
 */
public final class PrecompiledValues
{
    /**
     * Every value interface the ledger builds maps or flyweights of, and Chronicle Map's own
     * header state (every map file has one; by name, it is not public).
     */
    static final List<String> VALUE_TYPES = List.of(StockWords.class.getName(), CatalogValue.class.getName(),
        LongValue.class.getName(), "net.openhft.chronicle.hash.VanillaGlobalMutableState");

    private PrecompiledValues()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 2)
        {
            throw new IllegalArgumentException("usage: PrecompiledValues SOURCES_DIR CLASSES_DIR");
        }
        final Path sources = Path.of(args[0]);
        final Path classes = Path.of(args[1]);
        final Method nativeSource = generator("generateNativeClass");
        final Method heapSource = generator("generateHeapClass");
        final List<String> files = new ArrayList<>();
        for (final String name : VALUE_TYPES)
        {
            final Class<?> type = Class.forName(name);
            final ValueModel model = ValueModel.acquire(type);
            files.add(write(sources, type, type.getSimpleName() + ValueModel.$$NATIVE, nativeSource, model));
            files.add(write(sources, type, type.getSimpleName() + ValueModel.$$HEAP, heapSource, model));
        }
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final List<String> javacArgs = new ArrayList<>(List.of("-nowarn", "-proc:none", "--release", "17",
            "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        javacArgs.addAll(files);
        // Chronicle's generated code uses sun.misc.Unsafe: its warnings are not ours to fix, so
        // javac's output is shown only when it fails.
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final int exit = javac.run(null, output, output, javacArgs.toArray(String[]::new));
        if (exit != 0)
        {
            System.err.write(output.toByteArray());
            throw new IllegalStateException("javac failed on the generated value classes (exit " + exit + ")");
        }
        System.out.println("precompiled " + files.size() + " Chronicle value classes into " + classes);
    }

    private static Method generator(final String name) throws ClassNotFoundException, NoSuchMethodException
    {
        final Method m = Class.forName("net.openhft.chronicle.values.Generators")
            .getDeclaredMethod(name, ValueModel.class, String.class);
        m.setAccessible(true);
        return m;
    }

    private static String write(final Path sources, final Class<?> type, final String simpleName, final Method generator,
        final ValueModel model) throws ReflectiveOperationException, IOException
    {
        final String source = (String)generator.invoke(null, model, simpleName);
        final Path file = sources.resolve(type.getPackageName().replace('.', '/')).resolve(simpleName + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file.toString();
    }
}
