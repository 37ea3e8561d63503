package org.aegis.model.local;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The stored form of a {@link CharModel}, big-endian: magic {@code AELM}, format version, the training fingerprint
 * and the alphabet (each a length and UTF-8 bytes), context, embedding and hidden sizes, the parameter count and the
 * parameters as IEEE 754 floats, then a CRC-32 of everything before it.
 */
final class ModelCodec {
    static final int MAGIC = 0x41454C4D;
    static final int FORMAT_VERSION = 1;
    private static final int MAX_STRING_BYTES = 1 << 16;

    private ModelCodec() {
    }

    static byte[] encode(CharModel model) {
        byte[] fingerprint = model.fingerprint().getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = model.vocabulary().alphabet().getBytes(StandardCharsets.UTF_8);
        float[] parameters = model.parameters();
        ModelShape shape = model.shape();
        ByteBuffer out = ByteBuffer.allocate(4 * 9 + fingerprint.length + alphabet.length + 4 * parameters.length);
        out.putInt(MAGIC).putInt(FORMAT_VERSION);
        out.putInt(fingerprint.length).put(fingerprint);
        out.putInt(alphabet.length).put(alphabet);
        out.putInt(shape.context()).putInt(shape.embedding()).putInt(shape.hidden());
        out.putInt(parameters.length);
        out.asFloatBuffer().put(parameters);
        out.position(out.position() + 4 * parameters.length);
        out.putInt(crc(out.array(), out.position()));
        return out.array();
    }

    /** @throws IllegalArgumentException saying what is wrong when the bytes are not a model of this format */
    static CharModel decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a stored local model (bad magic)");
            }
            int version = in.getInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("stored model has format version " + version + ", this bundle reads "
                        + FORMAT_VERSION);
            }
            if (crc(bytes, bytes.length - 4) != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                throw new IllegalArgumentException("stored model is corrupt (checksum mismatch)");
            }
            String fingerprint = string(in);
            Vocabulary vocabulary = Vocabulary.fromAlphabet(string(in));
            ModelShape shape = new ModelShape(vocabulary.size(), in.getInt(), in.getInt(), in.getInt());
            int count = in.getInt();
            if (count != shape.parameterCount() || in.remaining() != 4L * count + 4) {
                throw new IllegalArgumentException("stored model has " + count + " parameters and " + in.remaining()
                        + " bytes left, its shape " + shape + " needs " + shape.parameterCount());
            }
            float[] parameters = new float[count];
            in.asFloatBuffer().get(parameters);
            return new CharModel(vocabulary, shape, parameters, fingerprint);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored model is truncated", e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > MAX_STRING_BYTES || length > in.remaining()) {
            throw new IllegalArgumentException("stored model has a bad string length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
