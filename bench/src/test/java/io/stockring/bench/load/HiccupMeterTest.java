package io.stockring.bench.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HiccupMeterTest
{
    @Test
    void shouldCountOnlyOvershootsOfAtLeastOneMillisecondAsStalledTime()
    {
        final Histogram h = ReportTest.tenPercentStalled();
        h.recordValueWithCount(999_000, 100);
        assertEquals(0.100, HiccupMeter.stalledShare(h, 1_000_000_000L), 0.001);
        assertEquals(1.0, HiccupMeter.stalledShare(h, 1_000_000L), 1e-9);
        assertEquals(0.0, HiccupMeter.stalledShare(new Histogram(3), 1_000_000_000L), 1e-9);
        assertEquals("no samples", HiccupMeter.describe(new Histogram(3), 1_000_000_000L));
    }

    @Test
    void shouldRecordOneSampleANapUntilClosed() throws InterruptedException
    {
        final HiccupMeter meter = new HiccupMeter();
        Thread.sleep(100);
        final Histogram running = meter.interval();
        // About a hundred naps of 1 ms; a loaded machine makes fewer, never none.
        assertTrue(running.getTotalCount() > 0, running.getTotalCount() + " samples");
        meter.close();
        meter.interval();
        Thread.sleep(20);
        assertEquals(0, meter.interval().getTotalCount(), "no samples after close");
    }
}
