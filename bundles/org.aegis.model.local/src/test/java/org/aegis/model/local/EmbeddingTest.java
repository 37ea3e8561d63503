package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddingTest {
    private static final CharModel MODEL = TinyModels.MODEL;

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        String[][] cases = {
            {"the cat sat on the mat", "the cat sat on a mat", "QXZ 1984 !!! ZZZ KKK"},
            {"A lawyer is one skilled in circumvention of the law.",
                "A lawyer is a person skilled in evading the law.", "(1066) [7] ; ; ; -- QQQ"},
            {"wine and bread", "wine and breads", "XVII. JUDGES!"},
        };
        for (String[] c : cases) {
            double similar = cosine(MODEL.embed(c[0]), MODEL.embed(c[1]));
            double unrelated = cosine(MODEL.embed(c[0]), MODEL.embed(c[2]));
            assertTrue(similar > unrelated + 0.05, c[0] + ": similar " + similar + ", unrelated " + unrelated);
        }
    }

    @Test
    void embeddingsAreDeterministicUnitVectorsOfTheHiddenSize() {
        double[] vector = MODEL.embed("Patience, n.");
        assertArrayEquals(vector, MODEL.embed("Patience, n."));
        assertEquals(MODEL.shape().hidden(), vector.length);
        assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-9);
    }

    static double cosine(double[] a, double[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
