package org.aegis.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.store.StoreException;

/** How audit entries are stored: the sequence as a zero-padded key, the record as JSON. */
final class AuditCodec {
    /** Long.MAX_VALUE has 19 digits: 20 keep every sequence the same width, so key order is numeric order. */
    private static final int KEY_DIGITS = 20;

    // registered by hand: Jackson's ServiceLoader module discovery does not see other bundles in OSGi
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // entries written by a later version with more fields stay readable
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static String key(long sequence) {
        return String.format(Locale.ROOT, "%0" + KEY_DIGITS + "d", sequence);
    }

    static long sequence(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new StoreException("audit log key '" + key + "' is not a sequence number", e);
        }
    }

    byte[] encode(AuditRecord record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode audit record: " + e.getOriginalMessage(), e);
        }
    }

    AuditRecord decode(String key, byte[] value) {
        try {
            return json.readValue(value, AuditRecord.class);
        } catch (IOException e) {
            throw new StoreException("audit log entry " + key + " is corrupt: " + e.getMessage(), e);
        }
    }
}
