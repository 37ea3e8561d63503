package org.aegis.federated.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.aegis.api.federated.Dataset;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzip-compressed): a big-endian header of magic
 * {@code 0x0000 08 dims}, one 32-bit size per dimension, then unsigned bytes. Images become rows of
 * {@code rows × columns} features scaled to [0, 1].
 */
final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** The images and labels of one split, e.g. {@code train} or {@code t10k}, from {@code folder}. */
    static Dataset read(Path folder, String split, int classCount) throws IOException {
        int[] labels = labels(folder.resolve(split + "-labels-idx1-ubyte.gz"));
        float[] pixels = images(folder.resolve(split + "-images-idx3-ubyte.gz"), labels.length);
        return new Dataset(pixels, labels, pixels.length / labels.length, classCount);
    }

    static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file, 1)) {
            int count = in.readInt();
            byte[] raw = readFully(in, count, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    static float[] images(Path file, int expectedCount) throws IOException {
        try (DataInputStream in = open(file, 3)) {
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count != expectedCount) {
                throw new IOException(file + " holds " + count + " images, the labels " + expectedCount);
            }
            byte[] raw = readFully(in, Math.multiplyExact(count, rows * columns), file);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xff) / 255f;
            }
            return pixels;
        }
    }

    private static DataInputStream open(Path file, int dimensions) throws IOException {
        InputStream gzip = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(gzip);
        int magic = in.readInt();
        if (magic != (UNSIGNED_BYTE << 8 | dimensions)) {
            in.close();
            throw new IOException(file + ": not an IDX file of unsigned bytes in " + dimensions
                    + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
        }
        return in;
    }

    private static byte[] readFully(DataInputStream in, int length, Path file) throws IOException {
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException(file + " is shorter than its header says (" + length + " bytes)", e);
        }
        return bytes;
    }
}
