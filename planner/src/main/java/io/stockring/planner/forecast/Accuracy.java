package io.stockring.planner.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Backtest accuracy over many series, for the methods used and for the seasonal-naive baseline on
 * the same windows: the figures a planning run reports.
 *
 * @param series             series with a backtest
 * @param unavailable        series skipped because history was too short to backtest
 * @param meanMase           mean over series of the method's MASE
 * @param medianMase         median over series of the method's MASE
 * @param wape               total WAPE: sum of absolute errors / sum of actuals, over all series
 * @param baselineMeanMase   the same for the baseline
 * @param baselineMedianMase the same for the baseline
 * @param baselineWape       the same for the baseline
 */
public record Accuracy(int series, int unavailable, double meanMase, double medianMase, double wape,
    double baselineMeanMase, double baselineMedianMase, double baselineWape)
{
    public static Accuracy of(final Iterable<BacktestComparison> comparisons)
    {
        final Accumulator accumulator = new Accumulator();
        for (final BacktestComparison c : comparisons)
        {
            accumulator.add(c);
        }
        return accumulator.result();
    }

    /** Collects comparisons one at a time; one per thread, {@link #merge} at the end. */
    public static final class Accumulator
    {
        private double[] mase = new double[64];
        private double[] baselineMase = new double[64];
        private int count;
        private int unavailable;
        private double absErrorUnits;
        private double baselineAbsErrorUnits;
        private double actualUnits;
        private double baselineActualUnits;

        public Accumulator add(final BacktestComparison comparison)
        {
            Objects.requireNonNull(comparison, "comparison");
            if (!comparison.available())
            {
                unavailable++;
                return this;
            }
            final BacktestResult m = comparison.method();
            final BacktestResult b = comparison.baseline();
            append(m.mase(), b.mase());
            absErrorUnits += m.absErrorUnits();
            actualUnits += m.actualUnits();
            baselineAbsErrorUnits += b.absErrorUnits();
            baselineActualUnits += b.actualUnits();
            return this;
        }

        public Accumulator merge(final Accumulator other)
        {
            for (int i = 0; i < other.count; i++)
            {
                append(other.mase[i], other.baselineMase[i]);
            }
            unavailable += other.unavailable;
            absErrorUnits += other.absErrorUnits;
            actualUnits += other.actualUnits;
            baselineAbsErrorUnits += other.baselineAbsErrorUnits;
            baselineActualUnits += other.baselineActualUnits;
            return this;
        }

        public Accuracy result()
        {
            return new Accuracy(count, unavailable, mean(mase, count), median(mase, count),
                ratio(absErrorUnits, actualUnits), mean(baselineMase, count), median(baselineMase, count),
                ratio(baselineAbsErrorUnits, baselineActualUnits));
        }

        private void append(final double methodMase, final double baseMase)
        {
            if (count == mase.length)
            {
                mase = Arrays.copyOf(mase, count * 2);
                baselineMase = Arrays.copyOf(baselineMase, count * 2);
            }
            mase[count] = methodMase;
            baselineMase[count] = baseMase;
            count++;
        }

        private static double mean(final double[] values, final int count)
        {
            if (count == 0)
            {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += values[i];
            }
            return sum / count;
        }

        private static double median(final double[] values, final int count)
        {
            if (count == 0)
            {
                return Double.NaN;
            }
            final double[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        }

        private static double ratio(final double absError, final double actual)
        {
            if (actual > 0)
            {
                return absError / actual;
            }
            return absError == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
    }
}
