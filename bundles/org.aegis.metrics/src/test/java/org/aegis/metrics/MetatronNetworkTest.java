package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetatronNetworkTest {
    /** {@code metatron()} of reference/oscillators_ref.py, printed by the reference itself. */
    private static final int[][] REFERENCE = {
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
        {0, 3, 5, 7, 9, 11},
        {0, 4, 5, 7, 10, 12},
        {0, 1, 6, 8, 9, 11},
        {0, 2, 6, 8, 10, 12},
        {0, 1, 2, 7, 9, 10},
        {0, 3, 4, 8, 9, 10},
        {0, 1, 2, 5, 11, 12},
        {0, 3, 4, 6, 11, 12},
        {0, 1, 3, 5, 6, 10},
        {0, 2, 4, 5, 6, 9},
        {0, 1, 3, 7, 8, 12},
        {0, 2, 4, 7, 8, 11},
    };

    private final MetatronNetwork graph = MetatronNetwork.create();

    @Test
    void centreIsJoinedToAllAndEveryVertexHasSixNeighbours() {
        assertEquals(13, graph.size());
        assertEquals(12, graph.degree(0));
        for (int k = 1; k < 13; k++) {
            assertEquals(6, graph.degree(k), "degree of " + k);
            assertTrue(graph.adjacent(0, k));
            assertTrue(graph.adjacent(k, 0));
            assertFalse(graph.adjacent(k, k));
        }
    }

    @Test
    void adjacencyMatchesTheReference() {
        for (int k = 0; k < 13; k++) {
            assertArrayEquals(REFERENCE[k], graph.neighbours(k), "neighbours of " + k);
        }
    }

    @Test
    void adjacencyIsSymmetricAndHasThirtyIcosahedronEdges() {
        int edges = 0;
        for (int j = 1; j < 13; j++) {
            for (int k = 1; k < 13; k++) {
                assertEquals(graph.adjacent(j, k), graph.adjacent(k, j));
                if (j < k && graph.adjacent(j, k)) {
                    edges++;
                }
            }
        }
        assertEquals(30, edges);
    }

    @Test
    void verticesLieOnTheIcosahedronInTheGivenOrder() {
        double[][] v = MetatronNetwork.icosahedron();
        double phi = (1 + Math.sqrt(5)) / 2;
        assertArrayEquals(new double[] {0, 1, phi}, v[0], 1e-15);
        assertArrayEquals(new double[] {1, -phi, 0}, v[5], 1e-15);
        assertArrayEquals(new double[] {-phi, 0, -1}, v[11], 1e-15);
        for (double[] p : v) {
            assertEquals(1 + phi * phi, p[0] * p[0] + p[1] * p[1] + p[2] * p[2], 1e-12);
        }
    }
}
