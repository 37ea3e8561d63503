package org.aegis.shell;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;

/** Submitting a proposal from the console: refused at once when every replica would refuse it, else decided. */
final class Proposals {
    private Proposals() {
    }

    /**
     * Checks the proposal against every component's rules, submits it and waits up to {@code waitSeconds} for its
     * decision, saying what came of it on the console.
     *
     * @return the decision, or {@code null} when it was not decided in time (it stays submitted)
     */
    static Decision decide(ConsensusEngine engine, List<DecisionRules> rules, Proposal proposal, int waitSeconds)
            throws InterruptedException {
        for (DecisionRules rule : rules == null ? List.<DecisionRules>of() : rules) {
            rule.check(proposal).ifPresent(refusal -> {
                throw new IllegalArgumentException("Every replica would refuse this " + proposal.kind()
                        + " proposal: " + refusal.message());
            });
        }
        try {
            Decision decision = engine.propose(proposal).toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
            System.out.println("Decided: proposal " + proposal.id() + " at sequence " + decision.sequence()
                    + " in view " + decision.view());
            return decision;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Proposal " + proposal.id() + " rejected: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            System.out.println("Proposal " + proposal.id() + " submitted, not decided within " + waitSeconds
                    + " s; follow it with aegis:decisions");
            return null;
        }
    }
}
