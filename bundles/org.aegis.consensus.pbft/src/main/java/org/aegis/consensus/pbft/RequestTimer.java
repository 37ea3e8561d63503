package org.aegis.consensus.pbft;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.aegis.consensus.pbft.message.Message.Suspect;
import org.aegis.consensus.pbft.message.Signed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspects the primary: a timer runs while requests wait for execution in the normal case, and when the oldest one
 * waited too long this replica says so ({@link Suspect}) and leaves the view once a weak certificate of validators
 * suspects it too.
 */
final class RequestTimer {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaContext c;
    private final ReplicaState s;
    private ScheduledFuture<?> timer;
    /** The request whose wait the timer measures: the oldest pending one when the timer started. */
    private String watchedRequest;
    /** Whether this replica's requests waited too long in this view (see Message.Suspect). */
    private boolean suspecting;
    /** When each validator that suspects this view's primary last said so. */
    private final Map<String, Instant> suspicions = new HashMap<>();

    RequestTimer(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    /** Starts the timer unless it runs, or requests wait for another reason than the primary. */
    void arm() {
        if (timer != null || s.inViewChange || c.stateManager.catchingUp() || s.pending.isEmpty() || s.stopped
                || !s.started) {
            return;
        }
        watchedRequest = s.pending.oldestId();
        timer = c.tasks.schedule(s.backoff(), () -> {
            timer = null;
            if (!s.inViewChange && !c.stateManager.catchingUp() && !s.pending.isEmpty() && !suspecting) {
                LOG.info("{}: requests waited too long in view {}; suspecting its primary", s.self, s.view);
                suspecting = true;
                announceSuspicion();
                changeViewIfSuspected();
                c.retransmitter.arm();
            }
        });
    }

    void cancel() {
        Tasks.cancel(timer);
        timer = null;
    }

    /** A new view: its primary starts unsuspected. */
    void forgetSuspicions() {
        suspecting = false;
        suspicions.clear();
    }

    /**
     * Execution moved on: the timer restarts if the request it watched is executed. Execution of other batches, null
     * requests in particular, does not restart it: else a primary that orders anything but a request would keep that
     * request waiting forever.
     */
    void afterProgress() {
        if (watchedRequest == null || s.pending.get(watchedRequest) == null) {
            cancel();
            suspecting = false;
        }
        arm();
    }

    /** Repeats a standing suspicion at each retransmission: the others' suspicions of it expire. */
    void repeat() {
        if (suspecting) {
            announceSuspicion();
            changeViewIfSuspected();
        }
    }

    /** Tells the validators, with the oldest pending requests: replicas that never heard them start timers now. */
    private void announceSuspicion() {
        c.outbox.broadcast(c.signatures.sign(new Suspect(s.view)));
        s.pending.all().stream().limit(c.config.maxBatchSize()).forEach(c.outbox::broadcast);
    }

    DropReason onSuspect(Signed signed) {
        long suspected = ((Suspect) signed.message()).view();
        if (suspected > s.view) {
            return c.synchronizer.wrongView(signed.sender(), suspected);
        }
        if (suspected < s.view || s.inViewChange) {
            return DropReason.WRONG_VIEW;
        }
        suspicions.put(signed.sender(), c.clock.instant());
        changeViewIfSuspected();
        return null;
    }

    /**
     * Leaves the view once this replica suspects its primary and a weak certificate of validators, heard within the
     * last suspicion lifetime, does too: one of them at least is correct, and their view changes make the others
     * join.
     */
    private void changeViewIfSuspected() {
        if (!suspecting || s.inViewChange) {
            return;
        }
        Instant oldest = c.clock.instant().minus(suspicionLifetime());
        suspicions.values().removeIf(heard -> heard.isBefore(oldest));
        Set<String> suspecters = new HashSet<>(suspicions.keySet());
        suspecters.add(s.self);
        if (s.epochs.current().weak(suspecters)) {
            LOG.info("{}: {} suspect the primary of view {}; changing view", s.self, suspecters, s.view);
            c.synchronizer.startViewChange(s.view + 1);
        }
    }

    /** How long a suspicion counts after it was last heard; suspecting replicas repeat it every retransmission. */
    private Duration suspicionLifetime() {
        Duration twoRetransmissions = c.config.retransmitInterval().multipliedBy(2);
        return c.config.viewChangeTimeout().compareTo(twoRetransmissions) > 0 ? c.config.viewChangeTimeout()
                : twoRetransmissions;
    }
}
