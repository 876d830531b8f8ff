package io.stockring.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of a stockring cluster in this JVM: an Aeron media driver, archive and consensus
 * module ({@link ClusteredMediaDriver}) and the service container running the
 * {@link LedgerClusteredService}. Settings are the ones CLUSTER-NOTES measured on two cores:
 * backoff idle strategies (busy spinning starves the machine), small terms (150-170 MB RSS a
 * node instead of 600-700 MB) and a one-second leader heartbeat timeout (failover in 1-2 s).
 *
 * <pre>
 *   dataDir/
 *     aeron/      the media driver's files (deleted at start and stop)
 *     archive/    the archived log and snapshots: the durable state
 *     cluster/    the consensus module's recording log and mark files
 *     ledger/     the service's ledger, rebuilt from archive/ at every start
 * </pre>
 */
public final class ClusterNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    static final int INGRESS_OFFSET = 0;
    static final int CONSENSUS_OFFSET = 1;
    static final int LOG_OFFSET = 2;
    static final int CATCHUP_OFFSET = 3;
    static final int ARCHIVE_OFFSET = 4;

    /**
     * Where this node runs and what it replicates.
     *
     * @param members each member's {@code host:basePort}, in member-id order; a member uses
     *                basePort .. basePort+4 (ingress, consensus, log, catch-up, archive control)
     * @param fileSync the archive's {@code fileSyncLevel}: 0 page cache only, 1 fsync data
     */
    public record Settings(int nodeId, List<String> members, Path dataDir, int fileSync, long leaderHeartbeatTimeoutMs,
        long startupCanvassTimeoutMs)
    {
        public Settings
        {
            if (members.isEmpty() || nodeId < 0 || nodeId >= members.size())
            {
                throw new IllegalArgumentException("node id " + nodeId + " is not one of the " + members.size() +
                    " members (0.." + (members.size() - 1) + ")");
            }
            for (final String m : members)
            {
                port(m);
            }
            if (fileSync < 0 || fileSync > 2)
            {
                throw new IllegalArgumentException("archive file sync level must be 0, 1 or 2, not " + fileSync);
            }
        }

        String host()
        {
            return host(members.get(nodeId));
        }

        int basePort()
        {
            return port(members.get(nodeId));
        }

        /** Aeron's cluster members string: {@code id,ingress,consensus,log,catchup,archive|...}. */
        String clusterMembers()
        {
            final StringBuilder sb = new StringBuilder();
            for (int id = 0; id < members.size(); id++)
            {
                final String host = host(members.get(id));
                final int base = port(members.get(id));
                sb.append(id).append(',').append(host).append(':').append(base + INGRESS_OFFSET)
                    .append(',').append(host).append(':').append(base + CONSENSUS_OFFSET)
                    .append(',').append(host).append(':').append(base + LOG_OFFSET)
                    .append(',').append(host).append(':').append(base + CATCHUP_OFFSET)
                    .append(',').append(host).append(':').append(base + ARCHIVE_OFFSET).append('|');
            }
            return sb.substring(0, sb.length() - 1);
        }

        /** The client's ingress endpoints: {@code id=host:port,...}. */
        public String ingressEndpoints()
        {
            final StringBuilder sb = new StringBuilder();
            for (int id = 0; id < members.size(); id++)
            {
                sb.append(id).append('=').append(host(members.get(id))).append(':')
                    .append(port(members.get(id)) + INGRESS_OFFSET).append(',');
            }
            return sb.substring(0, sb.length() - 1);
        }

        private static String host(final String member)
        {
            return member.substring(0, member.lastIndexOf(':'));
        }

        private static int port(final String member)
        {
            final int colon = member.lastIndexOf(':');
            try
            {
                final int port = colon <= 0 ? -1 : Integer.parseInt(member.substring(colon + 1));
                if (port < 1 || port > 65535 - ARCHIVE_OFFSET)
                {
                    throw new NumberFormatException();
                }
                return port;
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException("cluster member '" + member + "' is not host:basePort with a " +
                    "base port from 1 to " + (65535 - ARCHIVE_OFFSET));
            }
        }
    }

    private final Settings settings;
    private final LedgerClusteredService service;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;

    private ClusterNode(final Settings settings, final LedgerClusteredService service,
        final ClusteredMediaDriver driver, final ClusteredServiceContainer container)
    {
        this.settings = settings;
        this.service = service;
        this.driver = driver;
        this.container = container;
    }

    /** The idle strategy of every agent of a node: spin a little, then park up to 100 us. */
    static Supplier<IdleStrategy> idle()
    {
        return () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100));
    }

    public static ClusterNode start(final Settings settings, final LedgerClusteredService service)
    {
        final File base = settings.dataDir().toFile();
        final String aeronDir = new File(base, "aeron").getAbsolutePath();
        final String host = settings.host();
        final int basePort = settings.basePort();

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle().get())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1024 * 1024)
            .ipcTermBufferLength(1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(new File(base, "archive"))
            .archiveId(settings.nodeId())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + (basePort + ARCHIVE_OFFSET))
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle())
            .segmentFileLength(16 * 1024 * 1024)
            .fileSyncLevel(settings.fileSync())
            .catalogFileSyncLevel(settings.fileSync());

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(settings.nodeId())
            .clusterMembers(settings.clusterMembers())
            .clusterDir(new File(base, "cluster"))
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=4m")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .idleStrategySupplier(idle())
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.leaderHeartbeatTimeoutMs()))
            .startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.startupCanvassTimeoutMs()));

        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(new File(base, "cluster"))
            .clusteredService(service)
            .idleStrategySupplier(idle());

        ClusteredMediaDriver driver = null;
        try
        {
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(serviceContext);
            LOG.info("event=cluster_node_started node={} members={} dataDir={} fileSync={}", settings.nodeId(),
                settings.members(), settings.dataDir().toAbsolutePath(), settings.fileSync());
            return new ClusterNode(settings, service, driver, container);
        }
        catch (final RuntimeException e)
        {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    /**
     * Asks the cluster for a snapshot (as {@code ClusterTool snapshot} does): only the leader's
     * request is acted on; every node then snapshots at the same log position.
     *
     * @return false if this node is not the leader or a request is already pending
     */
    public boolean requestSnapshot()
    {
        final ConsensusModule.Context ctx = driver.consensusModule().context();
        final AtomicCounter toggle = ClusterControl.findControlToggle(ctx.aeron().countersReader(), ctx.clusterId());
        return toggle != null && service.role() == io.aeron.cluster.service.Cluster.Role.LEADER &&
            ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /** The media driver's directory, for clients in this JVM. */
    public String aeronDirectoryName()
    {
        return driver.mediaDriver().aeronDirectoryName();
    }

    public Settings settings()
    {
        return settings;
    }

    public LedgerClusteredService service()
    {
        return service;
    }

    /** The consensus module's view of this node's role (the service's view lags it slightly). */
    public io.aeron.cluster.service.Cluster.Role role()
    {
        return service.role();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
        service.close();
    }
}
