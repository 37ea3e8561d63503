package org.aegis.federated.data;

/** A CSV file that cannot be used as training data; the message names the file, line and column. */
public final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CsvFormatException(String message) {
        super(message);
    }
}
