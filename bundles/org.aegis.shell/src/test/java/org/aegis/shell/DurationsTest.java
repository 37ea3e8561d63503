package org.aegis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void formatsForOperators() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1m 5s", Durations.format(Duration.ofSeconds(65)));
        assertEquals("1h 0m 0s", Durations.format(Duration.ofHours(1)));
        assertEquals("2d 3h 4m 5s", Durations.format(Duration.ofSeconds(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5)));
    }
}
