package org.aegis.metrics.math;

/** {@link PhaseWindow} over a row-per-sample array; the oscillator count is that of the first row. */
record ArrayPhaseWindow(double[][] rows) implements PhaseWindow {
    @Override
    public int samples() {
        return rows.length;
    }

    @Override
    public int oscillators() {
        return rows.length == 0 || rows[0] == null ? 0 : rows[0].length;
    }

    @Override
    public double phase(int sample, int oscillator) {
        return rows[sample][oscillator];
    }
}
