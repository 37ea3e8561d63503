package org.aegis.model.orchestrator;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/**
 * Where one request goes next: the providers of its model in balancing order, then each model of its fallback chain
 * whose bulkhead has room. It remembers why each step failed for the final error. Steps are taken by one thread at a
 * time; the failures and the permit may also be read or released by the thread that ends the request.
 */
final class RoutePath {
    /** One attempt to make: this provider, for this model. */
    record Step(ProviderSlot slot, String model) {
    }

    private final Router router;
    private final List<String> chain;
    private final String capability;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Object permitLock = new Object();
    private final boolean unserved;
    private int modelIndex;
    /** Providers of the current model already tried or skipped. */
    private final Set<ProviderSlot> tried = new HashSet<>();
    private boolean onlyTimeouts = true;
    private boolean closed;
    /** Guarded by permitLock. */
    private Bulkheads.Permit permit;

    RoutePath(Router router, List<String> chain, String capability, Bulkheads.Permit firstPermit) {
        this.router = router;
        this.chain = chain;
        this.capability = capability;
        this.permit = firstPermit;
        boolean none = router.registry().candidates(chain.get(0), capability).isEmpty();
        if (none) {
            fail("no provider serves it", false);
        }
        this.unserved = none && chain.size() == 1;
    }

    /**
     * Whether, when the path was made, no provider served its model and it has no fallback: its last provider left
     * after the request was resolved.
     */
    boolean unserved() {
        return unserved;
    }

    String requestedModel() {
        return chain.get(0);
    }

    /**
     * The next provider to try, skipping open circuits and full fallback bulkheads; empty when none is left. The
     * model's providers are read anew each time, so a provider bound meanwhile is tried too, in balancing order.
     */
    Optional<Step> next() {
        while (true) {
            String model = chain.get(modelIndex);
            Optional<ProviderSlot> untried = router.registry().candidates(model, capability).stream()
                    .filter(slot -> !tried.contains(slot)).findFirst();
            if (untried.isEmpty()) {
                if (!nextModel()) {
                    return Optional.empty();
                }
                continue;
            }
            ProviderSlot slot = untried.get();
            tried.add(slot);
            if (!slot.breaker().tryAcquire()) {
                fail(slot.id() + ": circuit open", false);
                continue;
            }
            return Optional.of(new Step(slot, model));
        }
    }

    /** Records why a step failed; only timeouts keep the final error a TIMEOUT. */
    void fail(String why, boolean timeout) {
        failures.add(why);
        onlyTimeouts &= timeout;
    }

    /** The error when every step failed. */
    ModelException exhausted() {
        Reason reason = onlyTimeouts && !failures.isEmpty() ? Reason.TIMEOUT : Reason.UNAVAILABLE;
        return new ModelException(reason, "model '" + requestedModel() + "' could not answer" + tried());
    }

    /** The steps tried so far, for an error message: empty or ": a; b". */
    String tried() {
        List<String> copy = List.copyOf(failures);
        return copy.isEmpty() ? "" : ": " + String.join("; ", copy);
    }

    /** Returns the bulkhead permit; the path takes no further steps. */
    void close() {
        synchronized (permitLock) {
            closed = true;
            releasePermit();
        }
    }

    private boolean nextModel() {
        while (++modelIndex < chain.size()) {
            String model = chain.get(modelIndex);
            Optional<Bulkheads.Permit> next = router.bulkheads().tryAcquire(model);
            if (next.isEmpty()) {
                fail("fallback '" + model + "': at its limit of " + router.settings().limits(model).maxConcurrent()
                        + " concurrent requests", false);
                continue;
            }
            synchronized (permitLock) {
                releasePermit();
                permit = next.get();
                if (closed) {
                    releasePermit();
                    return false;
                }
            }
            tried.clear();
            if (router.registry().candidates(model, capability).isEmpty()) {
                fail("fallback '" + model + "': no provider serves it", false);
            }
            return true;
        }
        return false;
    }

    private void releasePermit() {
        if (permit != null) {
            permit.close();
            permit = null;
        }
    }
}
