package io.payrecon.benchkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time a process has used (user and system, every thread's, those that ended included) and the bytes it caused
 * to be written to storage, read from Linux's {@code /proc}: what a benchmark's phase cost, whatever else the machine
 * ran meanwhile. Both only grow while the process lives, so a phase's cost is the difference of two readings.
 *
 * <p>A server that forks a process per connection (PostgreSQL) is read as a tree: each process's own figures, those
 * of its children that exited and were waited for ({@code cutime}, {@code cstime}; the kernel adds their I/O to the
 * parent's too), and those of its live descendants. A backend that ends during the phase is so counted whole: its time
 * before the phase in the first reading among the live ones, all of it in the second among its parent's reaped
 * children; one that ends while a reading is taken makes it start again (see {@link #ofTree}).
 *
 * @param cpuNanos user + system CPU time
 * @param writeBytes {@code write_bytes} of {@code /proc/<pid>/io}: bytes sent to the storage layer (page cache pages
 *     dirtied), or -1 where it cannot be read (another user's process, without root)
 */
public record ProcessCost(long cpuNanos, long writeBytes) {

    public static final ProcessCost NONE = new ProcessCost(0, 0);

    /** Clock ticks per second of the {@code stat} times: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    private static final int MAX_ATTEMPTS = 5;

    /** The process alone (its own threads), for one whose children are measured apart: the JVM that started them. */
    public static Optional<ProcessCost> ofProcess(long pid) {
        return stat(pid).map(Stat::alone);
    }

    /**
     * The process, its reaped children and its live descendants; empty when the process is gone. A descendant that
     * ends while they are read (a connection closed just before) would be missed, or counted twice, so the reading
     * is taken again until the root's reaped children did not change during it (a few times at most).
     */
    public static Optional<ProcessCost> ofTree(long pid) {
        for (int attempt = 1; ; attempt++) {
            Optional<Stat> root = stat(pid);
            if (root.isEmpty()) {
                return Optional.empty();
            }
            ProcessCost sum = root.get().withReaped();
            boolean complete = true;
            for (ProcessHandle descendant :
                    ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
                Optional<Stat> stat = stat(descendant.pid());
                complete &= stat.isPresent();
                sum = sum.plus(stat.map(Stat::withReaped).orElse(NONE));
            }
            Optional<Stat> again = stat(pid);
            boolean stable =
                    again.isPresent() && again.get().reapedTicks() == root.get().reapedTicks();
            if ((complete && stable) || attempt == MAX_ATTEMPTS) {
                return Optional.of(sum);
            }
        }
    }

    public ProcessCost plus(ProcessCost other) {
        return new ProcessCost(cpuNanos + other.cpuNanos, sum(writeBytes, other.writeBytes));
    }

    public ProcessCost minus(ProcessCost earlier) {
        return new ProcessCost(
                cpuNanos - earlier.cpuNanos,
                writeBytes < 0 || earlier.writeBytes < 0 ? -1 : writeBytes - earlier.writeBytes);
    }

    public double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    private static long sum(long a, long b) {
        return a < 0 || b < 0 ? -1 : a + b;
    }

    /** {@code stat}'s own and reaped children's ticks, and {@code io}'s written bytes (reaped children's included). */
    private record Stat(long ownTicks, long reapedTicks, long writeBytes) {
        ProcessCost alone() {
            return new ProcessCost(ownTicks * NANOS_PER_TICK, writeBytes);
        }

        ProcessCost withReaped() {
            return new ProcessCost((ownTicks + reapedTicks) * NANOS_PER_TICK, writeBytes);
        }
    }

    private static Optional<Stat> stat(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat;
        try {
            stat = Files.readString(proc.resolve("stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        long own = ticks(stat, false);
        return Optional.of(new Stat(own, ticks(stat, true) - own, writeBytes(proc)));
    }

    /**
     * utime + stime (+ cutime + cstime), fields 14 to 17 of {@code stat}; counted after the command name, which is in
     * parentheses and may hold spaces.
     */
    static long ticks(String stat, boolean withReapedChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks;
    }

    private static long writeBytes(Path proc) {
        try {
            return Files.readAllLines(proc.resolve("io")).stream()
                    .filter(line -> line.startsWith("write_bytes:"))
                    .mapToLong(line -> Long.parseLong(
                            line.substring("write_bytes:".length()).strip()))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
