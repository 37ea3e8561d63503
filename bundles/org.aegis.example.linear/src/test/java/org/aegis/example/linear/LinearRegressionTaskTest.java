package org.aegis.example.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;

/** The example task: which specs it takes, how it is configured, and models that start alike on every node. */
class LinearRegressionTaskTest {
    private final LinearRegressionTask task = task(Map.of());

    private static LinearRegressionTask task(Map<String, Object> properties) {
        return new LinearRegressionTask(Configs.of(LinearRegressionTask.Config.class, properties));
    }

    @Test
    void supportsItsSpecOnly() {
        assertEquals("linear-regression", task.name());
        assertTrue(task.supports("linear-regression"));
        assertFalse(task.supports("logistic"));
        assertFalse(task.supports(null));

        LinearRegressionTask renamed = task(Map.of("spec", "ratings"));
        assertTrue(renamed.supports("ratings"));
        assertFalse(renamed.supports("linear-regression"));
        assertEquals("linear-regression", renamed.name(), "the task's name does not follow the spec");
    }

    @Test
    void refusesABlankSpecAndOtherSpecsModels() {
        var blank = assertThrows(IllegalArgumentException.class, () -> task(Map.of("spec", " ")));
        assertEquals(LinearRegressionTask.PID + ": spec must not be blank", blank.getMessage());

        var other = assertThrows(IllegalArgumentException.class,
                () -> task.createModel(new ModelShape("mlp:8", 3, 4), 1));
        assertTrue(other.getMessage().contains("'mlp:8'"), other.getMessage());
    }

    @Test
    void theSameSeedGivesBitIdenticalParameters() {
        ModelShape shape = new ModelShape("linear-regression", 5, 3);
        FederatedModel first = task.createModel(shape, 42);
        FederatedModel again = task.createModel(shape, 42);

        assertEquals(6, first.parameterCount());
        assertArrayEquals(first.parameters(), again.parameters());
        assertFalse(Arrays.equals(first.parameters(), task.createModel(shape, 43).parameters()));
        assertInstanceOf(DifferentiableModel.class, first, "so that runs may train adapters on it");
    }
}
