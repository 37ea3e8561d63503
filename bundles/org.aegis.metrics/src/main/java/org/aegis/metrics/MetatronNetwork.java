package org.aegis.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The graph of the node's 13 oscillators (docs/metrics.md §1): oscillator 0 at the centre, joined to every other;
 * oscillators 1..12 on the vertices of an icosahedron, in the order (0, a, bφ), (a, bφ, 0), (aφ, 0, b), each for
 * (a, b) = (1, 1), (1, −1), (−1, 1), (−1, −1), joined when their distance is 2 (the icosahedron's edges). The
 * adjacency is computed from that geometry, not typed in. Immutable.
 */
final class MetatronNetwork {
    /** Number of oscillators. */
    static final int SIZE = 13;
    static final double GOLDEN = (1 + Math.sqrt(5)) / 2;
    /** Edge length of the icosahedron with coordinates (0, ±1, ±φ). */
    private static final double EDGE = 2.0;
    private static final double TOLERANCE = 1e-9;

    private final int[][] neighbours;

    private MetatronNetwork(int[][] neighbours) {
        this.neighbours = neighbours;
    }

    /** Builds the graph from the vertex coordinates. */
    static MetatronNetwork create() {
        double[][] vertices = icosahedron();
        int[][] neighbours = new int[SIZE][];
        int[] all = new int[SIZE - 1];
        for (int k = 1; k < SIZE; k++) {
            all[k - 1] = k;
        }
        neighbours[0] = all;
        for (int i = 0; i < vertices.length; i++) {
            List<Integer> joined = new ArrayList<>();
            joined.add(0);
            for (int j = 0; j < vertices.length; j++) {
                if (j != i && Math.abs(distance(vertices[i], vertices[j]) - EDGE) < TOLERANCE) {
                    joined.add(j + 1);
                }
            }
            neighbours[i + 1] = joined.stream().mapToInt(Integer::intValue).toArray();
        }
        return new MetatronNetwork(neighbours);
    }

    /** The 12 vertices of oscillators 1..12, in docs/metrics.md's order. */
    static double[][] icosahedron() {
        double[][] signs = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
        double[][] vertices = new double[12][];
        int v = 0;
        for (double[] ab : signs) {
            vertices[v++] = new double[] {0, ab[0], ab[1] * GOLDEN};
        }
        for (double[] ab : signs) {
            vertices[v++] = new double[] {ab[0], ab[1] * GOLDEN, 0};
        }
        for (double[] ab : signs) {
            vertices[v++] = new double[] {ab[0] * GOLDEN, 0, ab[1]};
        }
        return vertices;
    }

    private static double distance(double[] p, double[] q) {
        double dx = p[0] - q[0];
        double dy = p[1] - q[1];
        double dz = p[2] - q[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    int size() {
        return SIZE;
    }

    int degree(int oscillator) {
        return neighbours[oscillator].length;
    }

    /** The oscillators joined to {@code oscillator}, ascending (a copy). */
    int[] neighbours(int oscillator) {
        return neighbours[oscillator].clone();
    }

    boolean adjacent(int j, int k) {
        return Arrays.binarySearch(neighbours[j], k) >= 0;
    }

    /** Every oscillator's neighbours (copies), for {@link OscillatorNetwork}. */
    int[][] adjacency() {
        int[][] copy = new int[SIZE][];
        for (int k = 0; k < SIZE; k++) {
            copy[k] = neighbours[k].clone();
        }
        return copy;
    }
}
