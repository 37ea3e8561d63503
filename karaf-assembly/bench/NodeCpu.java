import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU time (user and system, every thread) that the nodes under load have used, as the OS accounts it: read
 * before and after a measuring window, it gives the nodes' CPU per request, which a busy two-core machine disturbs
 * far less than latency or throughput (those also count the time a node waits for a core).
 */
final class NodeCpu {
    private final List<ProcessHandle> nodes;

    private NodeCpu(List<ProcessHandle> nodes) {
        this.nodes = nodes;
    }

    /** The processes of a comma-separated list of pids; none when the list is empty. */
    static NodeCpu of(String pids) {
        return new NodeCpu(Arrays.stream(pids.split(",")).filter(pid -> !pid.isBlank())
                .map(pid -> ProcessHandle.of(Long.parseLong(pid.trim()))
                        .orElseThrow(() -> new IllegalArgumentException("no process " + pid)))
                .toList());
    }

    boolean measures() {
        return !nodes.isEmpty();
    }

    /** The CPU time the nodes have used since they started. */
    Duration used() {
        Duration total = Duration.ZERO;
        for (ProcessHandle node : nodes) {
            total = total.plus(node.info().totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("the OS gives no CPU time of " + node.pid())));
        }
        return total;
    }

    /** Sleeps until {@code nanoTime} reaches {@code deadline}. */
    static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    /** Microseconds of CPU per operation as JSON, {@code null} without any operation or without nodes to measure. */
    String perOperation(Duration used, long operations) {
        return !measures() || operations == 0 ? "null"
                : String.format(java.util.Locale.ROOT, "%.1f", used.toNanos() / 1e3 / operations);
    }
}
