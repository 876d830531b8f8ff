package io.stockring.server.security;

/**
 * One channel's limits: requests per second (a {@link TokenBucket}, null when unlimited), lines
 * per reservation and units per line. Shared by every principal of the channel, so a store
 * system that uses both its certificate and a token still has one budget.
 */
public final class ChannelLimits
{
    private final String channel;
    private final long ratePerSecond;
    private final long burst;
    private final int maxLines;
    private final long maxQuantityPerLine;
    private final TokenBucket bucket;
    private final Denial rateLimited;

    ChannelLimits(final String channel, final long ratePerSecond, final long burst, final int maxLines,
        final long maxQuantityPerLine)
    {
        this.channel = channel;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxLines = maxLines;
        this.maxQuantityPerLine = maxQuantityPerLine;
        this.bucket = ratePerSecond > 0 ? new TokenBucket(ratePerSecond, burst) : null;
        this.rateLimited = new Denial(DenialReason.RATE_LIMITED, "channel " + channel + " is over its limit of " +
            ratePerSecond + " requests/s (burst " + burst + ")");
    }

    /** The refusal of a call over the rate limit: one object per channel, so a flood allocates less. */
    Denial rateLimited()
    {
        return rateLimited;
    }

    public String channel()
    {
        return channel;
    }

    /** 0: unlimited. */
    public long ratePerSecond()
    {
        return ratePerSecond;
    }

    public long burst()
    {
        return burst;
    }

    public int maxLines()
    {
        return maxLines;
    }

    /** 0: no limit beyond the engine's. */
    public long maxQuantityPerLine()
    {
        return maxQuantityPerLine;
    }

    /** Takes {@code permits} from the channel's budget; always true when it has no rate limit. */
    public boolean tryTake(final int permits)
    {
        return bucket == null || bucket.tryTake(permits);
    }
}
