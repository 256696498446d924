package io.payrecon.sandbox.journal;

import io.payrecon.sandbox.SandboxProperties;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's memory across restarts: with {@code sandbox.data-dir} (env {@code SANDBOX_DATA_DIR}) set, every
 * {@link Fact} is appended to {@code journal.jsonl} there as it happens, one JSON object per line, and the file is
 * replayed into the stores at startup ({@link JournalReplay}), so links, payments, refunds, deliveries with their
 * attempts and the clock's offset are as they were. Without it, state is in memory only, as the startup log says.
 *
 * <p>Each line is flushed to the operating system when written, so a killed sandbox loses nothing it answered; it is
 * not fsynced (a dev tool: a power cut may lose the last lines). A line cut short by a crash mid-write is skipped
 * with a warning and cut off, not a failed start; so is any other line that cannot be read. The journal only grows:
 * delete the directory to start afresh. A lock file keeps a second sandbox off the same directory.
 */
@Component
public class Journal implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    static final String FILE = "journal.jsonl";
    static final String LOCK = "journal.lock";

    private final Path file;
    private final JsonMapper json;
    private final FileChannel lockChannel;
    private final FileLock lock;

    // guarded by this
    private Writer out;
    private boolean closed;

    @Autowired
    Journal(SandboxProperties properties, JsonMapper json) {
        this(properties.dataPath(), json);
    }

    Journal(Path dataDir, JsonMapper json) {
        this.json = json;
        if (dataDir == null) {
            this.file = null;
            this.lockChannel = null;
            this.lock = null;
            log.warn("Sandbox state is in memory only: a restart forgets links, payments and deliveries"
                    + " (set sandbox.data-dir, env SANDBOX_DATA_DIR, to keep them)");
            return;
        }
        try {
            Files.createDirectories(dataDir);
            this.file = dataDir.resolve(FILE);
            this.lockChannel =
                    FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                lockChannel.close();
                throw new IllegalStateException("Another sandbox uses the data directory " + dataDir
                        + ": give each sandbox its own sandbox.data-dir");
            }
            this.lock = held;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the data directory " + dataDir + " (sandbox.data-dir)", e);
        }
    }

    /** A journal that keeps nothing, for tests of a single store. */
    public static Journal none() {
        return new Journal((Path) null, null);
    }

    public boolean persistent() {
        return file != null;
    }

    /** Writes one fact as one line and flushes it; in memory only, nothing. */
    public synchronized void append(Fact fact) {
        if (file == null) {
            return;
        }
        if (closed) {
            log.info(
                    "The sandbox is stopping: {} is not journaled",
                    fact.getClass().getSimpleName());
            return;
        }
        if (out == null) {
            throw new IllegalStateException("A fact was journaled before the journal was replayed: " + fact);
        }
        try {
            out.write(json.writeValueAsString(fact));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot journal " + fact.getClass().getSimpleName() + " to " + file, e);
        }
    }

    /** What a replay found. */
    record Replayed(long facts, long skipped) {}

    /**
     * Hands every readable line, in order, to the handler of its {@code type}; skips (with a warning) a line that is
     * not JSON, has an unknown type, or was cut short by a crash (that one is cut off the file); then opens the file
     * for appending.
     */
    synchronized Replayed replay(Map<String, BiConsumer<String, JsonNode>> handlers) {
        if (file == null) {
            return new Replayed(0, 0);
        }
        long facts = 0;
        long skipped = 0;
        long goodEnd = 0;
        long lineNumber = 0;
        try {
            if (Files.exists(file)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
                    long offset = 0;
                    int b;
                    while ((b = in.read()) != -1) {
                        offset++;
                        if (b != '\n') {
                            line.write(b);
                            continue;
                        }
                        lineNumber++;
                        if (apply(line.toString(StandardCharsets.UTF_8), lineNumber, handlers)) {
                            facts++;
                        } else {
                            skipped++;
                        }
                        line.reset();
                        goodEnd = offset;
                    }
                    if (line.size() > 0) {
                        skipped++;
                        log.warn(
                                "Journal {} ends in a line cut short ({} bytes, a crash mid-write?): skipped and cut off",
                                file,
                                line.size());
                    }
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    if (channel.size() > goodEnd) {
                        channel.truncate(goodEnd);
                    }
                }
            }
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replay the journal " + file, e);
        }
        log.info(
                "Sandbox state is journaled to {} (each fact flushed as it happens, not fsynced): replayed {} facts"
                        + "{}",
                file,
                facts,
                skipped == 0 ? "" : ", skipped " + skipped + " unreadable lines");
        return new Replayed(facts, skipped);
    }

    private boolean apply(String line, long lineNumber, Map<String, BiConsumer<String, JsonNode>> handlers) {
        JsonNode fact;
        try {
            fact = json.readTree(line);
        } catch (JacksonException e) {
            log.warn("Journal {} line {} is not JSON: skipped", file, lineNumber);
            return false;
        }
        String type = fact != null && fact.isObject() ? fact.path("type").asString(null) : null;
        BiConsumer<String, JsonNode> handler = type == null ? null : handlers.get(type);
        if (handler == null) {
            log.warn("Journal {} line {} has no known fact type ({}): skipped", file, lineNumber, type);
            return false;
        }
        try {
            handler.accept(type, fact);
            return true;
        } catch (RuntimeException e) {
            log.warn("Journal {} line {} ({}) cannot be replayed: skipped", file, lineNumber, type, e);
            return false;
        }
    }

    @Override
    public synchronized void destroy() throws IOException {
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        }
    }
}
