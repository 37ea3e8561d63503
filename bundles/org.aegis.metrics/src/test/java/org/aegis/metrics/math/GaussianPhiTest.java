package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import org.aegis.api.metrics.Bipartition;
import org.junit.jupiter.api.Test;

class GaussianPhiTest {
    private static final double PHI_TOLERANCE = 1e-6;

    @Test
    void exactPhiOfStationaryVar1MatchesTheReferenceForTwoToThirteenOscillators() {
        JsonNode cases = Vectors.load("var1.json").get("cases");
        assertEquals(12, cases.size());
        GaussianPhi phi = new GaussianPhi(1);
        for (JsonNode c : cases) {
            int n = c.get("oscillators").intValue();
            PhiResult result = phi.fromCovariance(Vectors.matrix(c.get("sx")), Vectors.matrix(c.get("sy")),
                    Vectors.matrix(c.get("sxy")));
            assertEquals(c.get("phi").doubleValue(), result.phi(), PHI_TOLERANCE, "phi, n = " + n);
            Bipartition expected = new Bipartition(Vectors.ints(c.get("mib").get(0)),
                    Vectors.ints(c.get("mib").get(1)));
            assertEquals(expected, result.mib(), "MIB, n = " + n);
        }
    }

    @Test
    void everySubsetLogDeterminantEqualsADirectFactorisation() {
        Random random = new Random(5);
        for (int n = 2; n <= 6; n++) {
            int d = 2 * n;
            double[][] joint = randomSpd(2 * d, random); // (past, now) in state order: past 0..d-1, now d..2d-1
            double[] groupedJoint = new double[4 * n * 4 * n];
            double[] groupedPast = new double[d * d];
            for (int a = 0; a < 4 * n; a++) {
                for (int b = 0; b < 4 * n; b++) {
                    groupedJoint[a * 4 * n + b] = joint[stateOf(a, n)][stateOf(b, n)];
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    groupedPast[a * d + b] = joint[stateOf(a / 2 * 4 + a % 2, n)][stateOf(b / 2 * 4 + b % 2, n)];
                }
            }
            double[] logDets = new SubsetLogDets(groupedJoint, groupedPast, n).compute();
            for (int set = 1; set < 1 << n; set++) {
                double direct = directConditionalLogDet(joint, set, n);
                assertEquals(direct, logDets[set], 1e-10, "n = " + n + ", set " + Integer.toBinaryString(set));
            }
        }
    }

    @Test
    void phiIsZeroForIndependentOscillatorsAndTheMibIsTheFirstOnATie() {
        int n = 4;
        int d = 2 * n;
        double[][] identity = new double[d][d];
        double[][] lagged = new double[d][d];
        for (int i = 0; i < d; i++) {
            identity[i][i] = 1;
            lagged[i][i] = 0.5; // each dimension depends on its own past only
        }
        PhiResult result = new GaussianPhi(1).fromCovariance(identity, identity, lagged);
        assertEquals(0.0, result.phi(), 1e-12);
        assertEquals(new Bipartition(List.of(0), List.of(1, 2, 3)), result.mib());
    }

    @Test
    void aCovarianceThatIsNotPositiveDefiniteIsRejected() {
        double[][] sx = new double[4][4];
        double[][] sy = new double[4][4];
        for (int i = 0; i < 4; i++) {
            sx[i][i] = 1;
            sy[i][i] = 1;
        }
        sy[1][1] = -1;
        double[][] sxy = new double[4][4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianPhi(1).fromCovariance(sx, sy, sxy));
        assertTrue(e.getMessage().startsWith("covariance not positive definite"), e.getMessage());
    }

    @Test
    void wrongShapesAndValuesAreRejectedWithTheirName() {
        GaussianPhi phi = new GaussianPhi(1);
        double[][] four = new double[4][4];
        assertMessage("sxy has 3 rows, expected 4", () -> phi.fromCovariance(four, four, new double[3][3]));
        assertMessage("covariances must be 2n × 2n, got 3 × 3",
                () -> phi.fromCovariance(new double[3][3], new double[3][3], new double[3][3]));
        double[][] nan = new double[4][4];
        nan[2][1] = Double.NaN;
        assertMessage("sy[2][1] is NaN", () -> phi.fromCovariance(four, nan, four));
        assertMessage("lag must be at least 1 sample, got 0", () -> new GaussianPhi(0));
    }

    @Test
    void computeChecksTheWindowLikeTheCalculator() {
        assertMessage("need at least 4·n+2 = 14 samples for 3 oscillators, got 13",
                () -> new GaussianPhi(1).compute(PhaseWindow.of(new double[13][3])));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    /** The state index (past 0..2n−1, now 2n..4n−1; cos then sin) of grouped dimension a = 4k + part. */
    private static int stateOf(int a, int n) {
        int k = a / 4;
        int part = a % 4;
        return (part >= 2 ? 2 * n : 0) + (part % 2) * n + k;
    }

    /** ln det(Σ_X[M] − Σ_XY[M]·Σ_Y[M]⁻¹·Σ_XY[M]ᵀ) by Gaussian elimination, the textbook way. */
    private static double directConditionalLogDet(double[][] joint, int set, int n) {
        int d = 2 * n;
        int[] dims = new int[2 * Integer.bitCount(set)];
        int size = 0;
        for (int k = 0; k < n; k++) {
            if ((set >> k & 1) != 0) {
                dims[size++] = k;
            }
        }
        for (int i = 0; i < size; i++) {
            dims[size + i] = dims[i] + n;
        }
        int m = dims.length;
        double[][] a = new double[m][m];
        double[][] b = new double[m][m];
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = joint[d + dims[i]][d + dims[j]];
                b[i][j] = joint[dims[i]][dims[j]];
                c[i][j] = joint[d + dims[i]][dims[j]];
            }
        }
        double[][] binvct = solve(b, transpose(c));
        double[][] cond = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int t = 0; t < m; t++) {
                    s += c[i][t] * binvct[t][j];
                }
                cond[i][j] = a[i][j] - s;
            }
        }
        return logDet(cond);
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static double[][] solve(double[][] a, double[][] rhs) {
        int m = a.length;
        double[][] x = new double[m][];
        double[][] lu = new double[m][];
        for (int i = 0; i < m; i++) {
            lu[i] = a[i].clone();
            x[i] = rhs[i].clone();
        }
        for (int p = 0; p < m; p++) {
            int best = p;
            for (int i = p + 1; i < m; i++) {
                if (Math.abs(lu[i][p]) > Math.abs(lu[best][p])) {
                    best = i;
                }
            }
            double[] tmp = lu[p];
            lu[p] = lu[best];
            lu[best] = tmp;
            tmp = x[p];
            x[p] = x[best];
            x[best] = tmp;
            for (int i = p + 1; i < m; i++) {
                double f = lu[i][p] / lu[p][p];
                for (int j = p; j < m; j++) {
                    lu[i][j] -= f * lu[p][j];
                }
                for (int j = 0; j < x[i].length; j++) {
                    x[i][j] -= f * x[p][j];
                }
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            for (int j = 0; j < x[i].length; j++) {
                double s = x[i][j];
                for (int t = i + 1; t < m; t++) {
                    s -= lu[i][t] * x[t][j];
                }
                x[i][j] = s / lu[i][i];
            }
        }
        return x;
    }

    private static double logDet(double[][] a) {
        int m = a.length;
        double[][] lu = new double[m][];
        for (int i = 0; i < m; i++) {
            lu[i] = a[i].clone();
        }
        double sum = 0;
        for (int p = 0; p < m; p++) {
            int best = p;
            for (int i = p + 1; i < m; i++) {
                if (Math.abs(lu[i][p]) > Math.abs(lu[best][p])) {
                    best = i;
                }
            }
            double[] tmp = lu[p];
            lu[p] = lu[best];
            lu[best] = tmp;
            sum += Math.log(Math.abs(lu[p][p]));
            for (int i = p + 1; i < m; i++) {
                double f = lu[i][p] / lu[p][p];
                for (int j = p; j < m; j++) {
                    lu[i][j] -= f * lu[p][j];
                }
            }
        }
        return sum;
    }

    private static double[][] randomSpd(int d, Random random) {
        double[][] b = new double[d][d];
        for (double[] row : b) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int t = 0; t < d; t++) {
                    v += b[i][t] * b[j][t];
                }
                s[i][j] = v / d + (i == j ? 0.1 : 0);
            }
        }
        return s;
    }
}
