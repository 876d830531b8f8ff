package io.stockring.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandSlot;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;


/**
 * What a Reserve costs on a gRPC thread before it reaches the ring: decoding the request from the
 * wire, the edge's validation and code resolution into a command slot, and encoding a reply.
 * {@link #baseline()} hands a prebuilt message to the blackhole: the floor of the harness.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RequestCodecBenchmark extends ChronicleForkedBenchmark
{
    /** Lines per reservation: 1 (a single gift) or 4 (a cart). */
    @Param({"1", "4"})
    public int lines;

    private ReserveRequest request;
    private byte[] wire;
    private CommandRequests edge;
    private final CommandSlot slot = new CommandSlot();
    private String[] skus;
    private String[] locations;
    private long[] quantities;

    @Setup
    public void setUp()
    {
        final ReserveRequest.Builder b = ReserveRequest.newBuilder()
            .setRequestId("3f2a9c4e-5b1d-4e8a-9f00-1c2d3e4f5a6b").setChannel("app").setTtlSeconds(900);
        skus = new String[lines];
        locations = new String[lines];
        quantities = new long[lines];
        for (int i = 0; i < lines; i++)
        {
            skus[i] = String.format("G%04d", i + 1);
            locations[i] = "ONLINE";
            quantities[i] = 1 + i;
            b.addLines(ReserveLine.newBuilder().setSku(skus[i]).setLocation(locations[i]).setQuantity(quantities[i]));
        }
        request = b.build();
        wire = request.toByteArray();
        edge = new CommandRequests(new Catalog());
    }

    @Benchmark
    public Object baseline()
    {
        return request;
    }

    @Benchmark
    public ReserveRequest decode() throws InvalidProtocolBufferException
    {
        return ReserveRequest.parseFrom(wire);
    }

    @Benchmark
    public byte[] encode()
    {
        return request.toByteArray();
    }

    /** The edge: validation, content hash and code resolution into a reusable slot. */
    @Benchmark
    public void edge(final Blackhole bh)
    {
        final ResultCode rc = edge.reserve(slot, request.getRequestId(), request.getChannel(), skus, locations,
            quantities, lines, 900_000);
        bh.consume(rc);
        bh.consume(slot.contentHash);
    }
}
