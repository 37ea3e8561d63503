package org.aegis.model.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.TaskData;

/**
 * A node's own text as samples of the character model: every character of every file, with the {@code context}
 * characters before it in the same file (the boundary token before the file's start). A folder's files are read in
 * name order, each as UTF-8 and normalised as the bundled corpus is; characters outside the model's alphabet read as
 * a space, as in prompts.
 *
 * @param vocabulary the model's alphabet
 * @param context    characters a sample sees
 */
record TextSamples(Vocabulary vocabulary, int context) {
    /** The most characters one node reads for a task: the samples take 4 × (context + 1) bytes per character. */
    static final int MAX_CHARACTERS = 1_000_000;
    static final String BOUNDARY_LABEL = "<boundary>";

    /**
     * @param path a text file, or a folder whose regular, non-hidden files are all read
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming the file: not UTF-8, no text at all, or more than
     *                                  {@value #MAX_CHARACTERS} characters in all
     */
    TaskData read(Path path) throws IOException {
        List<Path> files = files(path);
        List<int[]> texts = new ArrayList<>();
        long characters = 0;
        for (Path file : files) {
            int[] tokens = vocabulary.encode(Corpus.normalize(utf8(file)));
            characters += tokens.length;
            if (characters > MAX_CHARACTERS) {
                throw new IllegalArgumentException(path + ": more than " + MAX_CHARACTERS + " characters (reached at "
                        + file + "); give a node at most that much text per task");
            }
            texts.add(tokens);
        }
        if (characters == 0) {
            throw new IllegalArgumentException(path + ": no text in " + files.size() + " file(s)");
        }
        int rows = (int) characters;
        float[] features = new float[rows * context];
        int[] labels = new int[rows];
        int row = 0;
        for (int[] tokens : texts) {
            for (int t = 0; t < tokens.length; t++, row++) {
                for (int c = 0; c < context; c++) {
                    int at = t - context + c;
                    features[row * context + c] = at < 0 ? Vocabulary.BOUNDARY : tokens[at];
                }
                labels[row] = tokens[t];
            }
        }
        return new TaskData(featureNames(), labels(), new Dataset(features, labels, context, vocabulary.size()));
    }

    /** {@code char-16} … {@code char-1}: how far back each feature looks. */
    List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < context; c++) {
            names.add("char-" + (context - c));
        }
        return names;
    }

    /** One label per token: the boundary, then each character of the alphabet. */
    List<String> labels() {
        List<String> labels = new ArrayList<>();
        labels.add(BOUNDARY_LABEL);
        for (int token = 1; token < vocabulary.size(); token++) {
            labels.add(Character.toString(vocabulary.codePoint(token)));
        }
        return labels;
    }

    private static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException(path + ": the folder holds no file");
            }
            return files;
        }
    }

    private static String utf8(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
        }
    }
}
