package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalTest
{
    @Test
    void shouldInvertTheCdfAtTheServiceLevelsInUse()
    {
        assertEquals(0.0, Normal.inverseCdf(0.5), 1e-15);
        assertEquals(1.644853627, Normal.inverseCdf(0.95), 1e-9);
        assertEquals(2.326347874, Normal.inverseCdf(0.99), 1e-9);
        assertEquals(1.2815515655446008, Normal.inverseCdf(0.90), 1e-12);
        assertEquals(2.053748910631822, Normal.inverseCdf(0.98), 1e-12);
        assertEquals(1.9599639845400536, Normal.inverseCdf(0.975), 1e-12);
        assertEquals(3.090232306167813, Normal.inverseCdf(0.999), 1e-12);
    }

    @Test
    void shouldStayAccurateInBothTailsAndAcrossTheApproximationsSeams()
    {
        assertEquals(-4.753424308822899, Normal.inverseCdf(1e-6), 1e-11);
        assertEquals(-6.361340902404056, Normal.inverseCdf(1e-10), 1e-10);
        assertEquals(-2.0537489106318225, Normal.inverseCdf(0.02), 1e-12);
        assertEquals(-1.8807936081512509, Normal.inverseCdf(0.03), 1e-12);
        assertEquals(-0.5244005127080407, Normal.inverseCdf(0.3), 1e-12);
        for (double p = 0.001; p < 1.0; p += 0.001)
        {
            assertEquals(p, Normal.cdf(Normal.inverseCdf(p)), 1e-14, "round trip at p=" + p);
            assertEquals(-Normal.inverseCdf(p), Normal.inverseCdf(1.0 - p), 1e-12, "symmetry at p=" + p);
        }
    }

    @Test
    void shouldComputeTheComplementaryErrorFunctionOnBothSidesOfItsSwitch()
    {
        assertEquals(0.8875370839817152, Normal.erfc(0.1), 1e-15);
        assertEquals(0.15729920705028513, Normal.erfc(1.0), 1e-15);
        assertRelative(0.004677734981047265, Normal.erfc(2.0), 1e-13);
        assertRelative(0.000429287867733913, Normal.erfc(2.49), 1e-12);
        assertRelative(0.0004069520174449589, Normal.erfc(2.5), 1e-13);
        assertRelative(2.2090496998585438e-05, Normal.erfc(3.0), 1e-13);
        assertRelative(1.5374597944280351e-12, Normal.erfc(5.0), 1e-13);
        assertRelative(2.088487583762545e-45, Normal.erfc(10.0), 1e-13);
        assertEquals(2.0 - 0.15729920705028513, Normal.erfc(-1.0), 1e-15);
    }

    @Test
    void shouldRejectProbabilitiesOutsideTheOpenUnitInterval()
    {
        for (final double p : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normal.inverseCdf(p));
            assertTrue(e.getMessage().startsWith("p must be"), e.getMessage());
        }
    }

    private static void assertRelative(final double expected, final double actual, final double relativeTolerance)
    {
        assertEquals(expected, actual, Math.abs(expected) * relativeTolerance);
    }
}
