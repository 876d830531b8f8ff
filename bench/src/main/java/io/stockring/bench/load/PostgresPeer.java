package io.stockring.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL with a conditional update: {@code UPDATE stock SET available = available - n, ...
 * WHERE sku = ? AND available >= n}; a cart of several lines is one transaction, lines in SKU
 * order (no deadlocks), rolled back when a line finds too little. Started from the installed
 * binaries ({@code /usr/lib/postgresql/N/bin}) on a free loopback port with a temporary cluster,
 * {@code fsync=on, synchronous_commit=on}: a commit is acknowledged after its WAL is flushed
 * (group commit), the same promise as stockring's sync. As root the server runs as user postgres.
 */
final class PostgresPeer implements Peer
{
    private static final String RESERVE = "UPDATE stock SET available = available - ?, reserved = reserved + ? " +
        "WHERE sku = ? AND available >= ?";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final Process process;
    private final boolean asPostgresUser;
    private final ThreadLocal<Connection> connection;
    private final ConcurrentLinkedQueue<Connection> connections = new ConcurrentLinkedQueue<>();

    PostgresPeer() throws IOException, InterruptedException
    {
        bin = binaries();
        if (bin == null)
        {
            throw new IllegalStateException("postgresql: no binaries under /usr/lib/postgresql/*/bin");
        }
        asPostgresUser = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("stockring-peer-pg-");
        if (asPostgresUser)
        {
            final UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
            Files.setOwner(dir, owner);
        }
        port = RedisPeer.freePort();
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("pg").toString(), "-U", "load", "-A",
            "trust", "-E", "UTF8", "--no-sync"));
        process = new ProcessBuilder(command(List.of(bin.resolve("postgres").toString(), "-D",
            dir.resolve("pg").toString(), "-p", Integer.toString(port), "-k", dir.toString(), "-c",
            "listen_addresses=127.0.0.1", "-c", "fsync=on", "-c", "synchronous_commit=on", "-c",
            "max_connections=200", "-c", "shared_buffers=256MB")))
            .redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
        connection = ThreadLocal.withInitial(() ->
        {
            try
            {
                final Connection c = DriverManager.getConnection(url(), "load", "");
                connections.add(c);
                return c;
            }
            catch (final SQLException e)
            {
                throw new IllegalStateException("postgresql: cannot connect: " + e.getMessage(), e);
            }
        });
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true)
        {
            try (Connection c = DriverManager.getConnection(url(), "load", ""))
            {
                if (c.isValid(2))
                {
                    break;
                }
            }
            catch (final SQLException e)
            {
                if (System.nanoTime() > deadline || !process.isAlive())
                {
                    close();
                    throw new IllegalStateException("postgres did not start (see " + dir + "/postgres.log)");
                }
                Thread.sleep(100);
            }
        }
    }

    static boolean installed()
    {
        return binaries() != null;
    }

    private static Path binaries()
    {
        final Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root))
        {
            return null;
        }
        try (Stream<Path> versions = Files.list(root))
        {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                .max(Comparator.comparing(Path::toString)).orElse(null);
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    private String url()
    {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private List<String> command(final List<String> args)
    {
        final List<String> c = new ArrayList<>();
        if (asPostgresUser)
        {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(args);
        return c;
    }

    private void run(final List<String> args) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(command(args)).redirectErrorStream(true)
            .redirectOutput(dir.resolve(Path.of(args.get(0)).getFileName() + ".log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            p.destroyForcibly();
            throw new IllegalStateException("postgresql: " + String.join(" ", args) + " failed (see " + dir + ")");
        }
    }

    @Override
    public String name()
    {
        return "postgres";
    }

    @Override
    public String durability()
    {
        return "fsync=on, synchronous_commit=on (WAL flushed before each commit returns, group commit)";
    }

    @Override
    public void setup(final String[] skus, final long stockPerSku) throws Exception
    {
        try (Statement s = connection.get().createStatement())
        {
            s.execute("CREATE TABLE stock (sku text PRIMARY KEY, available bigint NOT NULL, reserved bigint NOT NULL)");
            s.execute(String.format(Locale.ROOT, "INSERT INTO stock SELECT 'LD' || lpad(i::text, 6, '0'), " +
                "CASE WHEN i = 0 THEN %d ELSE %d END, 0 FROM generate_series(0, %d) i", 100 * stockPerSku, stockPerSku,
                skus.length - 1));
            s.execute("VACUUM ANALYZE stock");
        }
    }

    @Override
    public boolean reserve(final String[] skus, final long[] quantities) throws Exception
    {
        final Connection c = connection.get();
        if (skus.length == 1)
        {
            return update(c, skus[0], quantities[0]);
        }
        final Integer[] order = new Integer[skus.length];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> skus[i]));
        c.setAutoCommit(false);
        try
        {
            for (final int i : order)
            {
                if (!update(c, skus[i], quantities[i]))
                {
                    c.rollback();
                    return false;
                }
            }
            c.commit();
            return true;
        }
        catch (final SQLException e)
        {
            c.rollback();
            throw e;
        }
        finally
        {
            c.setAutoCommit(true);
        }
    }

    private static boolean update(final Connection c, final String sku, final long quantity) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(RESERVE))
        {
            ps.setLong(1, quantity);
            ps.setLong(2, quantity);
            ps.setString(3, sku);
            ps.setLong(4, quantity);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public String check(final long acknowledged, final long unknown) throws Exception
    {
        try (Statement s = connection.get().createStatement();
            ResultSet rs = s.executeQuery("SELECT coalesce(sum(reserved), 0), min(available) FROM stock"))
        {
            rs.next();
            final long reserved = rs.getLong(1);
            final long minAvailable = rs.getLong(2);
            if (reserved < acknowledged || reserved > acknowledged + unknown || minAvailable < 0)
            {
                return String.format(Locale.ROOT, "reserved %d, acknowledged %d (+%d unknown), min available %d",
                    reserved, acknowledged, unknown, minAvailable);
            }
            return null;
        }
    }

    @Override
    public void close()
    {
        for (final Connection c : connections)
        {
            try
            {
                c.close();
            }
            catch (final SQLException e)
            {
                // closing anyway
            }
        }
        try
        {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("pg").toString(), "stop", "-m", "fast",
                "-w"));
        }
        catch (final IOException | IllegalStateException e)
        {
            System.err.println("[peer] postgres: pg_ctl stop: " + e.getMessage());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (process != null && process.isAlive())
        {
            process.destroy();
        }
        PeerFiles.deleteTree(dir);
    }
}
