package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemandPatternTest
{
    @Test
    void adiAndCv2AreComputedAsDocumented()
    {
        final DemandProfile p = DemandProfile.of(new double[] {0, 2, 0, 0, 4, 0, 0});
        assertEquals(2.5, p.adiDays(), 1e-12, "(last demand index 4 + 1) / 2 demand days");
        assertEquals(1.0 / 9, p.cv2(), 1e-12, "sizes 2 and 4: variance 1 over mean 3 squared");
        assertEquals(2, p.nonZeroDays());
        assertEquals(6.0 / 7, p.meanDemand(), 1e-12);
        assertEquals(DemandPattern.INTERMITTENT, p.pattern());
    }

    @Test
    void dailySteadyDemandIsSmooth()
    {
        final long seed = 11;
        final double[] y = Synthetic.rhythmic(seed, Synthetic.START, 365, 20);
        assertEquals(DemandPattern.SMOOTH, DemandPattern.classify(y), "seed=" + seed);
    }

    @Test
    void dailyDemandWithWildSizesIsErratic()
    {
        final long seed = 12;
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] y = new double[365];
        for (int t = 0; t < y.length; t++)
        {
            y[t] = random.nextDouble() < 0.8 ? 1 + random.nextInt(3) : 20 + random.nextInt(20);
        }
        final DemandProfile p = DemandProfile.of(y);
        assertEquals(DemandPattern.ERRATIC, p.pattern(), "seed=" + seed + " " + p);
    }

    @Test
    void sparseDemandWithSteadySizesIsIntermittent()
    {
        final long seed = 13;
        final double[] y = Synthetic.intermittent(seed, 365, 0.2, 1.5);
        final DemandProfile p = DemandProfile.of(y);
        assertEquals(DemandPattern.INTERMITTENT, p.pattern(), "seed=" + seed + " " + p);
    }

    @Test
    void sparseDemandWithWildSizesIsLumpy()
    {
        final long seed = 14;
        final double[] y = Synthetic.intermittent(seed, 365, 0.2, 8);
        final DemandProfile p = DemandProfile.of(y);
        assertEquals(DemandPattern.LUMPY, p.pattern(), "seed=" + seed + " " + p);
    }

    @Test
    void theCutOffsSitAtTheSyntetosBoylanValues()
    {
        assertEquals(DemandPattern.SMOOTH, DemandPattern.of(1.32, 0.49));
        assertEquals(DemandPattern.ERRATIC, DemandPattern.of(1.0, 0.50));
        assertEquals(DemandPattern.INTERMITTENT, DemandPattern.of(1.33, 0.10));
        assertEquals(DemandPattern.LUMPY, DemandPattern.of(1.33, 0.50));
    }

    @Test
    void noDemandAtAllIsIntermittentWithInfiniteAdi()
    {
        final DemandProfile p = DemandProfile.of(new double[60]);
        assertTrue(Double.isInfinite(p.adiDays()));
        assertEquals(0, p.cv2());
        assertEquals(DemandPattern.INTERMITTENT, p.pattern());
        assertEquals(DemandPattern.INTERMITTENT, DemandProfile.of(new double[0]).pattern());
    }
}
