package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.learning.Prediction;

/** Classifies rows with a committed version: normalised as in training, the most probable label wins. */
final class Predictor {
    private Predictor() {
    }

    static Prediction predict(String task, long version, VersionBody body, FederatedModel model, List<float[]> rows) {
        model.setParameters(body.parameters());
        double[] mean = body.mean();
        double[] scale = body.scale();
        List<Prediction.Classified> classified = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != body.features()) {
                throw new IllegalArgumentException("row " + (r + 1) + " has " + row.length + " values, the model of "
                        + task + " takes " + body.features());
            }
            float[] normalised = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException("row " + (r + 1) + ", value " + (j + 1) + " is not finite");
                }
                normalised[j] = (float) ((row[j] - mean[j]) / scale[j]);
            }
            float[] probabilities = model.predictProbabilities(normalised);
            int best = 0;
            List<Double> boxed = new ArrayList<>();
            for (int k = 0; k < probabilities.length; k++) {
                boxed.add((double) probabilities[k]);
                if (probabilities[k] > probabilities[best]) {
                    best = k;
                }
            }
            classified.add(new Prediction.Classified(body.labels().get(best), boxed));
        }
        return new Prediction(task, version, body.labels(), classified);
    }
}
