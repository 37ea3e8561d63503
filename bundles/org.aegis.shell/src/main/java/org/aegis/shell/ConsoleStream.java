package org.aegis.shell;

import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Prints a streamed reply on the command's own thread as it arrives (Karaf routes a session's output by thread),
 * asking for the next fragment only once the last one is printed. An interrupt (Ctrl-C) cancels the stream.
 */
final class ConsoleStream implements Flow.Subscriber<String> {
    /** How the stream ended, when it did not fail. */
    enum Outcome {
        COMPLETED, CANCELLED
    }

    private sealed interface Signal permits Text, Failure, End {
    }

    private record Text(String text) implements Signal {
    }

    private record Failure(Throwable error) implements Signal {
    }

    private record End() implements Signal {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(String text) {
        signals.add(new Text(text));
    }

    @Override
    public void onError(Throwable error) {
        signals.add(new Failure(error));
    }

    @Override
    public void onComplete() {
        signals.add(new End());
    }

    /**
     * Prints the reply to {@code out} until the stream ends or the thread is interrupted ({@code Cancelled.} on
     * {@code err}); a failed reply throws, so the command fails (and {@code bin/client} exits non-zero).
     */
    Outcome print(PrintStream out, PrintStream err) {
        try {
            while (true) {
                Signal signal = signals.take();
                if (signal instanceof Text t) {
                    out.print(t.text());
                    out.flush();
                    subscription.request(1);
                } else if (signal instanceof End) {
                    out.println();
                    return Outcome.COMPLETED;
                } else if (signal instanceof Failure f) {
                    out.println();
                    throw new IllegalStateException(f.error().getMessage(), f.error());
                }
            }
        } catch (InterruptedException e) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            out.println();
            err.println("Cancelled.");
            return Outcome.CANCELLED;
        }
    }
}
