package io.stockring.server.security;

import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.stockring.proto.v1.AuditRecord;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ListAuditResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongSupplier;

/**
 * The audit trail: one JSON line per administrative call ({@link AuditRecord}), appended to
 * {@code security/audit.jsonl} in the data directory and fsynced.
 *
 * <pre>
 *   gRPC / writer threads  --record()--> bounded queue --> stockring-audit thread
 *   (capture who, when, what, outcome:     (65,536)          (sequence, JSON, append,
 *    no formatting, no I/O)                                    fsync once per batch)
 * </pre>
 *
 * A call leaves two records: "STARTED" (who, what, why), written and fsynced before its request
 * reaches the service, so no change can reach the ledger unrecorded; and its outcome when it
 * ends, only enqueued, so the writer thread that ends an admin call never waits on the disk. A
 * full queue makes the caller wait (the trail is never cut short); it takes 65,536 unwritten
 * records to get there. A torn last line (the process died while writing it) is
 * cut at start-up. Reads ({@link #list}) first wait until every record enqueued before them is
 * written, then scan the file.
 */
public final class AuditLog implements AutoCloseable
{
    static final String FILE = "audit.jsonl";
    static final int QUEUE = 65_536;
    static final int MAX_PAGE = 1_000;
    static final String REASON_HEADER = "x-stockring-reason";
    /** The status of the record a call leaves before its change reaches the ledger. */
    static final String STARTED = "STARTED";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int INDEX_EVERY = 1_024;
    private static final JsonFormat.Printer REQUEST_JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Printer LINE_JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    /** What the calling thread captures; the writer turns it into an {@link AuditRecord}. */
    record Entry(long atMs, String principal, String authenticatedBy, String peer, String method, Message request,
        String reasonHeader, String status, String statusMessage, String detail)
    {
    }

    /** Tells the writer to write what came before it and stop. */
    private static final Entry STOP = new Entry(0, null, null, null, null, null, null, null, null, null);

    private final Path file;
    private final FileChannel channel;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private final LongSupplier clockMs;
    /** Offsets of every INDEX_EVERY-th record (seq 1, 1025, ...): where a page after a sequence starts. */
    private final List<Long> index = new ArrayList<>();
    private final Object progress = new Object();
    private long enqueued;
    private long written;
    private long lastSeq;
    private volatile boolean closing;

    public AuditLog(final Path dir, final LongSupplier clockMs) throws IOException
    {
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE);
        this.clockMs = clockMs;
        final long goodEnd = recover();
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() > goodEnd)
        {
            LOG.warn("event=audit_torn_tail_cut file={} bytes={}", file, channel.size() - goodEnd);
            channel.truncate(goodEnd);
            channel.force(true);
        }
        channel.position(goodEnd);
        writer = new Thread(this::run, "stockring-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Scans the file: the last sequence, the index, and where the last whole record ends. A line
     * as this class writes it starts with its sequence ({@code {"seq":"N",}), read from the bytes
     * without parsing the JSON: a trail of a million records is scanned in well under a second
     * (the full parse took seconds of every start-up). Any other line is parsed in full.
     */
    private long recover() throws IOException
    {
        if (!Files.exists(file))
        {
            return 0;
        }
        final byte[] block = new byte[1 << 20];
        final ByteArrayOutputStream carried = new ByteArrayOutputStream(512);
        long offset = 0; // where the line being read starts
        try (InputStream in = Files.newInputStream(file))
        {
            int n;
            while ((n = in.readNBytes(block, 0, block.length)) > 0)
            {
                int from = 0;
                for (int i = 0; i < n; i++)
                {
                    if (block[i] != '\n')
                    {
                        continue;
                    }
                    final byte[] line;
                    final int lineStart;
                    final int lineLength;
                    if (carried.size() == 0)
                    {
                        line = block;
                        lineStart = from;
                        lineLength = i - from;
                    }
                    else
                    {
                        carried.write(block, from, i - from);
                        line = carried.toByteArray();
                        lineStart = 0;
                        lineLength = line.length;
                        carried.reset();
                    }
                    recovered(line, lineStart, lineLength, offset);
                    offset += lineLength + 1;
                    from = i + 1;
                }
                carried.write(block, from, n - from);
            }
        }
        return offset;
    }

    private void recovered(final byte[] line, final int start, final int length, final long offset)
    {
        long seq = leadingSeq(line, start, length);
        if (seq < 0)
        {
            final AuditRecord rec = parse(new String(line, start, length, StandardCharsets.UTF_8));
            if (rec == null)
            {
                LOG.warn("event=audit_bad_line file={} offset={}", file, offset);
                return;
            }
            seq = rec.getSeq();
        }
        if ((seq - 1) % INDEX_EVERY == 0)
        {
            index.add(offset);
        }
        lastSeq = seq;
    }

    private static final byte[] SEQ_PREFIX = "{\"seq\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The sequence of a line that starts {@code {"seq":"N",} and ends with '}', else -1. */
    static long leadingSeq(final byte[] line, final int start, final int length)
    {
        if (length < SEQ_PREFIX.length + 3 || line[start + length - 1] != '}')
        {
            return -1;
        }
        for (int i = 0; i < SEQ_PREFIX.length; i++)
        {
            if (line[start + i] != SEQ_PREFIX[i])
            {
                return -1;
            }
        }
        long seq = 0;
        int i = start + SEQ_PREFIX.length;
        final int end = start + length;
        for (; i < end && line[i] >= '0' && line[i] <= '9'; i++)
        {
            if (i - start - SEQ_PREFIX.length >= 18)
            {
                return -1;
            }
            seq = seq * 10 + (line[i] - '0');
        }
        return i > start + SEQ_PREFIX.length && i + 1 < end && line[i] == '"' && line[i + 1] == ',' ? seq : -1;
    }

    static AuditRecord parse(final String line)
    {
        final AuditRecord.Builder b = AuditRecord.newBuilder();
        try
        {
            JsonFormat.parser().ignoringUnknownFields().merge(line, b);
            return b.build();
        }
        catch (final InvalidProtocolBufferException | RuntimeException e)
        {
            return null;
        }
    }

    /** Enqueues one finished call (any thread; waits only if 65,536 records are unwritten). */
    void record(final Entry entry)
    {
        synchronized (progress)
        {
            enqueued++;
        }
        try
        {
            queue.put(entry);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            LOG.error("event=audit_record_lost method={} principal={} reason=interrupted", entry.method(),
                entry.principal());
            synchronized (progress)
            {
                written++;
                progress.notifyAll();
            }
        }
    }

    /**
     * Enqueues one record and waits until it is written and fsynced: for the record a call leaves
     * before its change reaches the ledger. Administrative calls are rare; the wait is one fsync.
     */
    void recordDurably(final Entry entry)
    {
        record(entry);
        synchronized (progress)
        {
            // Everything counted as enqueued now includes this entry, and records are written in
            // queue order: once that many are written, this one is.
            final long ticket = enqueued;
            while (written < ticket)
            {
                try
                {
                    progress.wait();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    long clockMs()
    {
        return clockMs.getAsLong();
    }

    private void run()
    {
        final List<Entry> batch = new ArrayList<>(1024);
        final StringBuilder text = new StringBuilder(64 * 1024);
        boolean stop = false;
        while (!stop)
        {
            try
            {
                batch.add(queue.take());
                queue.drainTo(batch, 1023);
            }
            catch (final InterruptedException e)
            {
                // only close() stops the writer, through STOP
                continue;
            }
            int count = 0;
            try
            {
                text.setLength(0);
                final List<Long> newIndex = new ArrayList<>();
                long position = channel.position();
                for (final Entry e : batch)
                {
                    if (e == STOP)
                    {
                        stop = true;
                        continue;
                    }
                    count++;
                    final long seq = ++lastSeq;
                    final String line = LINE_JSON.print(toRecord(seq, e)) + "\n";
                    if ((seq - 1) % INDEX_EVERY == 0)
                    {
                        newIndex.add(position);
                    }
                    position += line.getBytes(StandardCharsets.UTF_8).length;
                    text.append(line);
                }
                final ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining())
                {
                    channel.write(buf);
                }
                if (count > 0)
                {
                    channel.force(false);
                }
                synchronized (progress)
                {
                    index.addAll(newIndex);
                }
            }
            catch (final IOException | RuntimeException e)
            {
                LOG.error("event=audit_write_failed file={} records={} error=\"{}\"", file, count, e.toString());
            }
            finally
            {
                synchronized (progress)
                {
                    written += count;
                    progress.notifyAll();
                }
                batch.clear();
            }
        }
    }

    private static AuditRecord toRecord(final long seq, final Entry e)
    {
        final AuditRecord.Builder b = AuditRecord.newBuilder().setSeq(seq).setAtMs(e.atMs())
            .setPrincipal(nz(e.principal())).setAuthenticatedBy(nz(e.authenticatedBy())).setPeer(nz(e.peer()))
            .setMethod(nz(e.method())).setStatus(nz(e.status())).setStatusMessage(nz(e.statusMessage()))
            .setDetail(nz(e.detail()));
        String reason = e.reasonHeader();
        if (e.request() != null)
        {
            try
            {
                b.setRequestJson(REQUEST_JSON.print(e.request()));
            }
            catch (final InvalidProtocolBufferException ex)
            {
                b.setRequestJson("{\"unprintable\":\"" + e.request().getDescriptorForType().getFullName() + "\"}");
            }
            final Descriptors.FieldDescriptor f = e.request().getDescriptorForType().findFieldByName("reason");
            if (f != null && f.getType() == Descriptors.FieldDescriptor.Type.STRING && !f.isRepeated())
            {
                final String own = (String)e.request().getField(f);
                if (!own.isEmpty())
                {
                    reason = own;
                }
            }
        }
        return b.setReason(nz(reason)).build();
    }

    private static String nz(final String s)
    {
        return s == null ? "" : s;
    }

    /** Waits until every record enqueued before this call is on disk. */
    void awaitWritten() throws InterruptedException
    {
        synchronized (progress)
        {
            final long target = enqueued;
            while (written < target)
            {
                progress.wait(1_000);
            }
        }
    }

    /** A page of records matching the request's filters, oldest first. */
    public ListAuditResponse list(final ListAuditRequest request) throws IOException, InterruptedException
    {
        awaitWritten();
        final int limit = request.getLimit() <= 0 ? 100 : Math.min(request.getLimit(), MAX_PAGE);
        final long start;
        synchronized (progress)
        {
            final long slot = Math.max(0, request.getAfterSeq()) / INDEX_EVERY;
            start = index.isEmpty() ? 0 : index.get((int)Math.min(slot, index.size() - 1));
        }
        final ListAuditResponse.Builder out = ListAuditResponse.newBuilder();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            raf.seek(start);
            final BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(raf.getChannel()),
                StandardCharsets.UTF_8), 64 * 1024);
            String line;
            while ((line = r.readLine()) != null)
            {
                final AuditRecord rec = parse(line);
                if (rec == null || rec.getSeq() <= request.getAfterSeq() || !matches(rec, request))
                {
                    continue;
                }
                if (out.getRecordsCount() == limit)
                {
                    out.setMore(true);
                    break;
                }
                out.addRecords(rec);
                out.setLastSeq(rec.getSeq());
            }
        }
        return out.build();
    }

    private static boolean matches(final AuditRecord rec, final ListAuditRequest q)
    {
        return (q.getIncludeStarted() || !STARTED.equals(rec.getStatus())) &&
            (q.getPrincipal().isEmpty() || q.getPrincipal().equals(rec.getPrincipal())) &&
            (q.getMethodPrefix().isEmpty() || rec.getMethod().startsWith(q.getMethodPrefix())) &&
            (q.getSinceMs() == 0 || rec.getAtMs() >= q.getSinceMs()) &&
            (q.getUntilMs() == 0 || rec.getAtMs() < q.getUntilMs());
    }

    public Path file()
    {
        return file;
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close()
    {
        if (closing)
        {
            return;
        }
        closing = true;
        try
        {
            queue.put(STOP);
            writer.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            channel.close();
        }
        catch (final IOException e)
        {
            LOG.warn("event=audit_close_failed file={} error=\"{}\"", file, e.toString());
        }
    }
}
