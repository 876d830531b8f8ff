package io.stockring.core;

import io.stockring.core.command.Command;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the core what docs/architecture.md says it is: nothing of gRPC, protobuf or the
 * Disruptor (the enforcer checks the dependencies; this checks the code itself, so that a
 * transitive jar cannot sneak one in), nothing of the server's packages, and no cycle between
 * core's own packages. Read from the compiled classes: every type a class names (fields,
 * signatures, calls, constants) is in its constant pool.
 */
class CoreArchitectureTest
{
    private static final List<String> BANNED = List.of("io/grpc/", "com/google/protobuf/", "com/lmax/");
    private static final String CORE = "io/stockring/core/";
    private static final Pattern TYPE_NAME = Pattern.compile("((?:[a-zA-Z_$][\\w$]*/)+)[\\w$]+");

    @Test
    void coreNamesNoTypeOfGrpcProtobufTheDisruptorOrTheServer() throws IOException
    {
        final Map<String, Set<String>> uses = packageUses(coreClasses());
        assertFalse(uses.isEmpty(), "no core classes found");
        final List<String> violations = new ArrayList<>();
        uses.forEach((from, targets) ->
        {
            for (final String to : targets)
            {
                final boolean banned = BANNED.stream().anyMatch(to::startsWith);
                final boolean otherStockring = to.startsWith("io/stockring/") && !to.startsWith(CORE);
                if (banned || otherStockring)
                {
                    violations.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), violations, "core must stay free of the transport and of the server");
    }

    @Test
    void corePackagesFormNoCycle() throws IOException
    {
        final Map<String, Set<String>> graph = new TreeMap<>();
        packageUses(coreClasses()).forEach((from, targets) ->
        {
            final Set<String> inCore = new TreeSet<>();
            for (final String to : targets)
            {
                if (to.startsWith(CORE) && !to.equals(from))
                {
                    inCore.add(to);
                }
            }
            graph.put(from, inCore);
        });
        assertTrue(graph.size() >= 4, "expected core's packages, found " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "package cycles in core");
    }

    @Test
    void theCycleCheckFindsACycle()
    {
        final Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a/", Set.of("b/"));
        graph.put("b/", Set.of("c/"));
        graph.put("c/", Set.of("a/"));
        graph.put("d/", Set.of("a/"));
        assertEquals(List.of(Set.of("a/", "b/", "c/")), cycles(graph));
    }

    private static List<Path> coreClasses() throws IOException
    {
        final Path root;
        try
        {
            root = Path.of(Command.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.walk(root))
        {
            return files.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    /** Package of each class file -> the packages of every type its constant pool names. */
    private static Map<String, Set<String>> packageUses(final List<Path> classFiles) throws IOException
    {
        final Map<String, Set<String>> uses = new TreeMap<>();
        for (final Path file : classFiles)
        {
            try (InputStream in = Files.newInputStream(file))
            {
                final ClassNames names = ClassNames.read(new DataInputStream(in));
                uses.computeIfAbsent(packageOf(names.self), k -> new TreeSet<>()).addAll(names.packages);
            }
        }
        return uses;
    }

    private static String packageOf(final String internalName)
    {
        return internalName.substring(0, internalName.lastIndexOf('/') + 1);
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<Set<String>> cycles(final Map<String, Set<String>> graph)
    {
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<Set<String>> out = new ArrayList<>();
        final int[] next = {0};
        for (final String v : graph.keySet())
        {
            if (!index.containsKey(v))
            {
                connect(v, graph, index, low, stack, onStack, out, next);
            }
        }
        return out;
    }

    private static void connect(final String v, final Map<String, Set<String>> graph, final Map<String, Integer> index,
        final Map<String, Integer> low, final Deque<String> stack, final Set<String> onStack,
        final List<Set<String>> out, final int[] next)
    {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (final String w : graph.getOrDefault(v, Set.of()))
        {
            if (!index.containsKey(w))
            {
                connect(w, graph, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            }
            else if (onStack.contains(w))
            {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v)))
        {
            final Set<String> component = new TreeSet<>();
            String w;
            do
            {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            }
            while (!w.equals(v));
            if (component.size() > 1)
            {
                out.add(component);
            }
        }
    }

    /** The class's own name and the packages of the types its constant pool names (JVMS 4.4). */
    private record ClassNames(String self, Set<String> packages)
    {
        static ClassNames read(final DataInputStream in) throws IOException
        {
            if (in.readInt() != 0xCAFEBABE)
            {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            final int count = in.readUnsignedShort();
            final String[] utf8 = new String[count];
            final int[] classIndex = new int[count];
            for (int i = 1; i < count; i++)
            {
                final int tag = in.readUnsignedByte();
                switch (tag)
                {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 ->
                    {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            final String self = utf8[classIndex[in.readUnsignedShort()]];
            final Set<String> packages = new TreeSet<>();
            for (final String s : utf8)
            {
                if (s == null)
                {
                    continue;
                }
                final Matcher m = TYPE_NAME.matcher(s);
                while (m.find())
                {
                    packages.add(m.group(1));
                }
            }
            return new ClassNames(self, packages);
        }
    }
}
