package io.stockring.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code stockring serve --cluster FILE}: which member this node is and where every member
 * listens. A properties file:
 *
 * <pre>
 *   node.id = 0
 *   members = 10.0.0.1:20000, 10.0.0.2:20000, 10.0.0.3:20000   # host:basePort, in id order
 *   leader.heartbeat.timeout.ms = 1000                          # optional: failover takes 1-2x this
 * </pre>
 *
 * Each member uses five ports from its base (ingress, consensus, log, catch-up, archive). The
 * node's directories are under the server's {@code --data-dir}. Every member must be given the
 * same {@code members} line; a node cannot check the others' files, so say so in the runbook.
 */
public final class ClusterFile
{
    private static final Set<String> KEYS = Set.of("node.id", "members", "leader.heartbeat.timeout.ms");

    private ClusterFile()
    {
    }

    /** Reads and checks the file; every problem is an IllegalArgumentException naming the file and the key. */
    public static ClusterNode.Settings load(final Path file, final Path dataDir, final boolean sync) throws IOException
    {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(r);
        }
        catch (final NoSuchFileException e)
        {
            throw new IllegalArgumentException("cluster file " + file + " does not exist");
        }
        for (final String key : p.stringPropertyNames())
        {
            if (!KEYS.contains(key))
            {
                throw new IllegalArgumentException("cluster file " + file + ": unknown key '" + key + "' (known: " +
                    String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        final String members = p.getProperty("members");
        if (members == null || members.isBlank())
        {
            throw new IllegalArgumentException("cluster file " + file + ": 'members' is missing (host:basePort of " +
                "every member, comma separated, in id order)");
        }
        final List<String> list = Arrays.stream(members.split(",")).map(String::strip).toList();
        if (list.size() < 3 || list.size() % 2 == 0)
        {
            throw new IllegalArgumentException("cluster file " + file + ": " + list.size() + " members; a cluster " +
                "needs an odd number, at least 3, to keep a majority when one is lost");
        }
        if (Set.copyOf(list).size() != list.size())
        {
            throw new IllegalArgumentException("cluster file " + file + ": a member is listed twice in 'members'");
        }
        final int nodeId = intOf(file, p, "node.id", -1);
        final long heartbeatMs = intOf(file, p, "leader.heartbeat.timeout.ms", 1_000);
        if (heartbeatMs < 100 || heartbeatMs > 60_000)
        {
            throw new IllegalArgumentException("cluster file " + file + ": 'leader.heartbeat.timeout.ms' must be " +
                "100 to 60000, not " + heartbeatMs);
        }
        try
        {
            return new ClusterNode.Settings(nodeId, list, dataDir, sync ? 1 : 0, heartbeatMs, 10_000);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("cluster file " + file + ": " + e.getMessage());
        }
    }

    private static int intOf(final Path file, final Properties p, final String key, final int byDefault)
    {
        final String v = p.getProperty(key);
        if (v == null)
        {
            if (byDefault < 0)
            {
                throw new IllegalArgumentException("cluster file " + file + ": '" + key + "' is missing");
            }
            return byDefault;
        }
        try
        {
            return Integer.parseInt(v.strip());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("cluster file " + file + ": '" + key + "' must be a whole number, not '" +
                v.strip() + "'");
        }
    }

    /** The file for member {@code nodeId} of a cluster on loopback ({@code stockring cluster local}). */
    public static String local(final int nodeId, final List<String> members)
    {
        return "# written by 'stockring cluster local'\nnode.id=" + nodeId + "\nmembers=" + String.join(",", members) +
            "\n";
    }
}
