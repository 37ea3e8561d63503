package org.aegis.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeHealth;
import org.junit.jupiter.api.Test;

class HealthAggregatorTest {

    static HealthIndicator indicator(String name, HealthState state) {
        return new HealthIndicator() {
            @Override
            public String component() {
                return name;
            }

            @Override
            public ComponentHealth health() {
                return new ComponentHealth(name, state, "");
            }
        };
    }

    @Test
    void allUpIsUp() {
        NodeHealth health = HealthAggregator.aggregate(
                List.of(indicator("store", HealthState.UP), indicator("auth", HealthState.UP)), Set.of("store"), List.of());
        assertEquals(HealthState.UP, health.overall());
        assertEquals(List.of("auth", "store"), health.components().stream().map(ComponentHealth::component).toList());
    }

    @Test
    void worstComponentDecides() {
        NodeHealth health = HealthAggregator.aggregate(
                List.of(indicator("store", HealthState.UP), indicator("auth", HealthState.DEGRADED)), Set.of(),
                List.of());
        assertEquals(HealthState.DEGRADED, health.overall());
    }

    @Test
    void missingRequiredComponentIsDown() {
        NodeHealth health = HealthAggregator.aggregate(List.of(indicator("store", HealthState.UP)),
                Set.of("store", "identity"), List.of());
        assertEquals(HealthState.DOWN, health.overall());
        assertEquals(new ComponentHealth("identity", HealthState.DOWN, "not running"), health.components().get(0));
    }

    @Test
    void throwingIndicatorIsDownNotAFailure() {
        HealthIndicator broken = new HealthIndicator() {
            @Override
            public String component() {
                return "broken";
            }

            @Override
            public ComponentHealth health() {
                throw new IllegalStateException("boom");
            }
        };
        NodeHealth health = HealthAggregator.aggregate(List.of(broken, indicator("store", HealthState.UP)), Set.of(),
                List.of());
        assertEquals(HealthState.DOWN, health.overall());
        assertEquals("broken", health.components().get(0).component());
    }

    @Test
    void noComponentsAndNothingRequiredIsUp() {
        assertEquals(HealthState.UP, HealthAggregator.aggregate(List.of(), Set.of(), List.of()).overall());
    }

    @Test
    void contributedComponentShowsTheWorseOfItselfAndALikeNamedIndicator() {
        ComponentHealth missing = new ComponentHealth("consensus", HealthState.DEGRADED, "no consensus engine installed");
        NodeHealth health = HealthAggregator.aggregate(List.of(indicator("store", HealthState.UP)), Set.of(),
                List.of(missing));
        assertEquals(HealthState.DEGRADED, health.overall());
        assertEquals(List.of(missing, new ComponentHealth("store", HealthState.UP, "")), health.components());

        ComponentHealth present = new ComponentHealth("consensus", HealthState.UP, "org.aegis.consensus.pbft");
        health = HealthAggregator.aggregate(List.of(indicator("consensus", HealthState.DOWN)), Set.of(),
                List.of(present));
        assertEquals(new ComponentHealth("consensus", HealthState.DOWN, ""), health.components().get(0));
    }
}
