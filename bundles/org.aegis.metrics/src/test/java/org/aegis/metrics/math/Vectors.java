package org.aegis.metrics.math;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The committed test vectors (src/test/resources/vectors, made by bench/make_vectors.sh from the numpy references). */
public final class Vectors {
    /** Every window file: the Metatron simulations and the edge cases. */
    public static final List<String> WINDOWS = List.of(
            "kuramoto_K0_sigma0.3_seed1_T1200.json",
            "kuramoto_K1_sigma0.3_seed2_T1200.json",
            "kuramoto_K2_sigma0.3_seed3_T1200.json",
            "kuramoto_K8_sigma0.3_seed4_T1200.json",
            "kuramoto_K2_sigma0.1_seed5_T1200.json",
            "kuramoto_K2_sigma1_seed6_T1200.json",
            "kuramoto_K8_sigma1_seed7_T300.json",
            "edge_n2.json",
            "edge_constant.json",
            "edge_splay.json",
            "edge_n16.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test vector " + name + " on the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode row = rows.get(i);
            out[i] = new double[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).doubleValue();
            }
        }
        return out;
    }

    public static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.intValue()));
        return out;
    }

    public static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.doubleValue()));
        return out;
    }
}
