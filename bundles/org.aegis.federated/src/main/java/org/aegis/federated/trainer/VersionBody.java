package org.aegis.federated.trainer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.federated.ModelShape;
import org.aegis.federated.data.FeatureNormalizer;

/**
 * What a committed version is: the model to build, its parameters and the feature normalisation it was trained
 * with (a prediction must normalise the same way).
 *
 * @param trainer    the training task service that builds the model on this node (not in the digest: nodes may
 *                   build the same model spec with different plugins)
 * @param model      the model spec
 * @param features   inputs per sample
 * @param labels     the label set, in class order
 * @param parameters the parameters
 * @param mean       per feature, the normaliser's mean
 * @param scale      per feature, the normaliser's scale
 */
record VersionBody(String trainer, String model, int features, List<String> labels, float[] parameters,
        double[] mean, double[] scale) {
    VersionBody {
        labels = List.copyOf(labels);
        parameters = parameters.clone();
        mean = mean.clone();
        scale = scale.clone();
    }

    static VersionBody of(FederatedRun run, float[] parameters, FeatureNormalizer normalizer) {
        return new VersionBody(run.trainer(), run.spec().model(), run.spec().features(), run.spec().labels(),
                parameters, normalizer.mean(), normalizer.scale());
    }

    ModelShape shape() {
        return new ModelShape(model, features, labels.size());
    }

    FeatureNormalizer normalizer() {
        return new FeatureNormalizer(mean, scale);
    }

    /** SHA-256 over everything that decides a prediction, in a fixed binary layout, as hex. */
    String digest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(model);
            out.writeInt(features);
            out.writeInt(labels.size());
            for (String label : labels) {
                out.writeUTF(label);
            }
            out.writeInt(parameters.length);
            for (float value : parameters) {
                out.writeInt(Float.floatToRawIntBits(value));
            }
            for (int j = 0; j < mean.length; j++) {
                out.writeLong(Double.doubleToRawLongBits(mean[j]));
                out.writeLong(Double.doubleToRawLongBits(scale[j]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return HexFormat.of().formatHex(UpdateCodec.sha256(bytes.toByteArray()));
    }

    @Override
    public float[] parameters() {
        return parameters.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }
}
