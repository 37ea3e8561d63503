package org.aegis.model.orchestrator;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/**
 * One request-response call on its way along its {@link RoutePath}, one attempt at a time, until a provider
 * answers, the deadline passes or every step failed. Attempts run on the router's caller threads; the next step is
 * only ever taken by the attempt that just ended, so the path sees one thread at a time.
 */
final class Failover<T> {
    private final Router router;
    private final Operation<T> operation;
    private final RoutePath path;
    private final long deadlineNanos;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile CompletableFuture<T> current;

    Failover(Router router, Operation<T> operation, RoutePath path) {
        this.router = router;
        this.operation = operation;
        this.path = path;
        this.deadlineNanos = router.nanoTime() + router.settings().deadline().toNanos();
    }

    /** Starts the first attempt; the future completes with the answer or a {@link ModelException}. */
    CompletableFuture<T> start() {
        long deadlineMillis = router.settings().deadline().toMillis();
        ScheduledFuture<?> deadline = router.threads().after(deadlineMillis, () -> result.completeExceptionally(
                new ModelException(Reason.TIMEOUT, "model '" + path.requestedModel()
                        + "' gave no answer within the deadline of " + deadlineMillis + " ms" + path.tried())));
        result.whenComplete((answer, error) -> {
            deadline.cancel(false);
            path.close();
            CompletableFuture<T> attempt = current;
            if (attempt != null && error != null) {
                attempt.cancel(true);
            }
        });
        next();
        return result;
    }

    private void next() {
        if (result.isDone()) {
            return;
        }
        Optional<RoutePath.Step> step = path.next();
        if (step.isEmpty()) {
            result.completeExceptionally(path.exhausted());
            return;
        }
        attempt(step.get().slot(), step.get().model());
    }

    private void attempt(ProviderSlot slot, String model) {
        long remainingMillis = Math.max(1, (deadlineNanos - router.nanoTime() + 999_999) / 1_000_000);
        long timeoutMillis = Math.min(router.settings().limits(model).timeout().toMillis(), remainingMillis);
        CompletableFuture<T> attempt = new CompletableFuture<>();
        current = attempt;
        long started = router.nanoTime();
        slot.stats().started();
        Runnable gone = () -> attempt.completeExceptionally(
                new AttemptFailure(AttemptFailure.Kind.GONE, "provider was removed"));
        ScheduledFuture<?> timer = router.threads().after(timeoutMillis, () -> attempt.completeExceptionally(
                new AttemptFailure(AttemptFailure.Kind.TIMEOUT, "no answer within " + timeoutMillis + " ms")));
        Future<?> call = null;
        try {
            call = router.threads().call(() -> invoke(slot, model, attempt));
        } catch (RejectedExecutionException e) {
            attempt.completeExceptionally(AttemptFailure.saturated());
        }
        if (!slot.track(gone)) {
            gone.run();
        }
        Future<?> running = call;
        attempt.whenComplete((answer, error) -> {
            timer.cancel(false);
            slot.untrack(gone);
            if (error != null && running != null) {
                running.cancel(true); // frees a caller thread stuck inside a provider that honours interrupts
            }
            finish(slot, model, started, answer, error);
        });
    }

    /** On a caller thread: the only place that calls into the provider. */
    private void invoke(ProviderSlot slot, String model, CompletableFuture<T> attempt) {
        try {
            CompletionStage<T> stage = operation.call(slot.provider(), model);
            if (stage == null) {
                attempt.completeExceptionally(new BadAnswer("returned null instead of a CompletionStage"));
                return;
            }
            stage.whenComplete((answer, error) -> {
                if (error != null) {
                    attempt.completeExceptionally(error);
                } else {
                    attempt.complete(answer);
                }
            });
            attempt.whenComplete((answer, error) -> {
                if (error != null) {
                    Router.cancelQuietly(stage);
                }
            });
        } catch (RuntimeException | Error e) {
            attempt.completeExceptionally(e);
        }
    }

    private void finish(ProviderSlot slot, String model, long started, T answer, Throwable error) {
        Throwable cause = Router.unwrap(error);
        if (cause == null) {
            T checked;
            try {
                checked = operation.check(answer, model);
            } catch (BadAnswer bad) {
                failed(slot, "bad answer: " + bad.getMessage(), false);
                return;
            }
            slot.stats().succeeded(model, router.nanoTime() - started, operation.promptTokens(checked),
                    operation.completionTokens(checked));
            slot.breaker().onSuccess();
            result.complete(checked);
            return;
        }
        if (cause instanceof CancellationException && result.isDone()) {
            Outcomes.neutral(slot);
            return;
        }
        if (Outcomes.isClientError(cause)) {
            Outcomes.neutral(slot);
            result.completeExceptionally(Outcomes.refused(slot, (ModelException) cause));
            return;
        }
        if (Outcomes.isGone(cause)) {
            Outcomes.neutral(slot);
            path.fail(slot.id() + ": " + cause.getMessage(), false);
            next();
            return;
        }
        failed(slot, Router.describe(cause), Outcomes.isTimeout(cause));
    }

    private void failed(ProviderSlot slot, String message, boolean timeout) {
        Outcomes.failed(slot, message);
        path.fail(slot.id() + ": " + message, timeout);
        next();
    }
}
