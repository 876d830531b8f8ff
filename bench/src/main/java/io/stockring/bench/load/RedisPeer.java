package io.stockring.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Redis with a Lua check-and-decrement: all lines or none, atomically (a script runs alone).
 * Started as {@code redis-server} on a free loopback port with a temporary directory, no RDB
 * snapshots, and the AOF policy given ({@code always}: fsync before replying, the closest to
 * stockring's sync; {@code everysec}; {@code none}: memory only).
 */
final class RedisPeer implements Peer
{
    static final String SCRIPT = String.join("\n",
        "for i = 1, #KEYS do",
        "  local a = tonumber(redis.call('HGET', KEYS[i], 'available') or '0')",
        "  if a < tonumber(ARGV[i]) then return 0 end",
        "end",
        "for i = 1, #KEYS do",
        "  redis.call('HINCRBY', KEYS[i], 'available', -tonumber(ARGV[i]))",
        "  redis.call('HINCRBY', KEYS[i], 'reserved', tonumber(ARGV[i]))",
        "end",
        "return 1");

    private final Process process;
    private final Path dir;
    private final int port;
    private final String fsync;
    private final ThreadLocal<Resp> connection;
    private final ConcurrentLinkedQueue<Resp> connections = new ConcurrentLinkedQueue<>();
    private String sha;
    private String[] skus;

    RedisPeer(final String fsync) throws IOException, InterruptedException
    {
        this.fsync = fsync;
        this.dir = Files.createTempDirectory("stockring-peer-redis-");
        this.port = freePort();
        final boolean aof = !"none".equals(fsync);
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--dir", dir.toString(), "--save", "", "--appendonly", aof ? "yes" : "no", "--appendfsync",
            aof ? fsync : "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        connection = ThreadLocal.withInitial(() ->
        {
            try
            {
                final Resp r = new Resp("127.0.0.1", port);
                connections.add(r);
                return r;
            }
            catch (final IOException e)
            {
                throw new IllegalStateException("redis: cannot connect: " + e.getMessage(), e);
            }
        });
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            try (Resp r = new Resp("127.0.0.1", port))
            {
                if ("PONG".equals(r.call("PING")))
                {
                    break;
                }
            }
            catch (final IOException e)
            {
                if (System.nanoTime() > deadline || !process.isAlive())
                {
                    close();
                    throw new IllegalStateException("redis-server did not start (see " + dir + ")");
                }
                Thread.sleep(50);
            }
        }
    }

    static boolean installed()
    {
        return onPath("redis-server");
    }

    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public String durability()
    {
        return "none".equals(fsync) ? "memory only (no AOF, no RDB)" :
            "AOF appendfsync " + fsync + ("always".equals(fsync) ? " (fsync before each reply)" :
                " (fsync once a second)");
    }

    @Override
    public void setup(final String[] skuCodes, final long stockPerSku) throws Exception
    {
        this.skus = skuCodes;
        final Resp r = connection.get();
        sha = (String)r.call("SCRIPT", "LOAD", SCRIPT);
        for (int from = 0; from < skuCodes.length; from += 1_000)
        {
            final int to = Math.min(skuCodes.length, from + 1_000);
            for (int i = from; i < to; i++)
            {
                r.send("HSET", skuCodes[i], "available", Long.toString(i == 0 ? 100 * stockPerSku : stockPerSku),
                    "reserved", "0");
            }
            r.flush();
            for (int i = from; i < to; i++)
            {
                r.read();
            }
        }
    }

    @Override
    public boolean reserve(final String[] lineSkus, final long[] quantities) throws Exception
    {
        final int n = lineSkus.length;
        final String[] args = new String[3 + 2 * n];
        args[0] = "EVALSHA";
        args[1] = sha;
        args[2] = Integer.toString(n);
        for (int i = 0; i < n; i++)
        {
            args[3 + i] = lineSkus[i];
            args[3 + n + i] = Long.toString(quantities[i]);
        }
        return Long.valueOf(1).equals(connection.get().call(args));
    }

    @Override
    public String check(final long acknowledged, final long unknown) throws Exception
    {
        final Resp r = connection.get();
        long reserved = 0;
        long minAvailable = Long.MAX_VALUE;
        for (int from = 0; from < skus.length; from += 1_000)
        {
            final int to = Math.min(skus.length, from + 1_000);
            for (int i = from; i < to; i++)
            {
                r.send("HMGET", skus[i], "available", "reserved");
            }
            r.flush();
            for (int i = from; i < to; i++)
            {
                final List<?> v = (List<?>)r.read();
                minAvailable = Math.min(minAvailable, Long.parseLong((String)v.get(0)));
                reserved += Long.parseLong((String)v.get(1));
            }
        }
        if (reserved < acknowledged || reserved > acknowledged + unknown || minAvailable < 0)
        {
            return String.format(Locale.ROOT, "reserved %d, acknowledged %d (+%d unknown), min available %d", reserved,
                acknowledged, unknown, minAvailable);
        }
        return null;
    }

    @Override
    public void close()
    {
        for (final Resp r : connections)
        {
            try
            {
                r.close();
            }
            catch (final IOException e)
            {
                // closing anyway
            }
        }
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        PeerFiles.deleteTree(dir);
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }

    static boolean onPath(final String program)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String d : path.split(java.io.File.pathSeparator))
        {
            if (Files.isExecutable(Path.of(d, program)))
            {
                return true;
            }
        }
        return false;
    }
}
