package org.underlay.deploy.engine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.underlay.operations.observed.PrivateFiles;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The append-only record of applies to one environment: one JSON line per event, forced to disk before the engine
 * goes on. Every entry carries the id of its run. An action is recorded {@link Status#STARTED} before it runs and
 * {@link Status#DONE}, {@link Status#FAILED} or {@link Status#INTERRUPTED} after; steps of a long action that matter
 * for a resumption (a power cycle's "off reached", the restart marker before a reset) are recorded as
 * {@link Status#PROGRESS}.
 * <p>
 * Opening a journal takes its {@link JournalLock} for as long as it is open: one apply per environment at a time.
 * A torn last line (the process died mid-write) is cut off on open and the repair recorded, so the next entry is
 * never glued onto it. The file is the operator's alone (0600).
 */
public final class Journal implements AutoCloseable {

	public enum Status {
		/** The start of a run of a plan; {@code kind} holds the plan's fingerprint, {@code message} what runs. */
		RUN,
		/** An action is about to run. */
		STARTED,
		/** A verified step inside an action (message: what was reached), for a resumption to build on. */
		PROGRESS,
		/** The action ran and its effect was read back. */
		DONE,
		/** The action ran and failed, or its effect could not be confirmed (message: both states). */
		FAILED,
		/** The apply was stopped while the action ran: its effect is unknown until read back. */
		INTERRUPTED,
		/** Something the journal did itself, such as repairing a torn line. */
		NOTE
	}

	/** One event; {@code message} never holds a secret (the engine writes only outcomes and error kinds). */
	public record Entry(String at, String run, String machine, int action, String kind, Status status,
			String message) {
	}

	/**
	 * What an apply of a plan continues from: the run it resumes ({@code null}: a new run), the actions done in it,
	 * and the actions that started but never finished (with their last entry: STARTED, PROGRESS or INTERRUPTED).
	 */
	public record Resumption(String run, Set<String> done, Map<String, List<Entry>> unfinished) {

		static final Resumption NONE = new Resumption(null, Set.of(), Map.of());

		public boolean resumes() {
			return run != null;
		}
	}

	private static final Gson GSON = new Gson();
	private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
			.withZone(ZoneOffset.UTC);

	private final Path file;
	private final JournalLock lock;
	private final FileOutputStream out;
	private final List<Entry> entries = new ArrayList<>();
	private String run;

	private Journal(Path file, JournalLock lock) throws IOException {
		this.file = file;
		this.lock = lock;
		String torn = null;
		if (Files.exists(file)) {
			byte[] bytes = Files.readAllBytes(file);
			int end = bytes.length;
			if (end > 0 && bytes[end - 1] != '\n') {
				int last = end - 1;
				while (last >= 0 && bytes[last] != '\n') {
					last--;
				}
				torn = "removed a torn last line of " + (end - last - 1) + " bytes (an apply ended while writing it)";
				try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
					cut.truncate(last + 1);
					cut.force(true);
				}
				end = last + 1;
			}
			String previousRun = null;
			for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank()) {
					continue;
				}
				try {
					Entry entry = GSON.fromJson(line, Entry.class);
					if (entry == null || entry.status() == null) {
						continue;
					}
					if (entry.run() == null) {
						// written before entries carried their run: it belongs to the last run started before it
						if (entry.status() == Status.RUN) {
							previousRun = "legacy-" + entries.size();
						}
						entry = new Entry(entry.at(), previousRun, entry.machine(), entry.action(), entry.kind(),
								entry.status(), entry.message());
					}
					entries.add(entry);
				} catch (JsonParseException e) {
					// a line that is not an entry (edited by hand): it describes nothing the engine can rely on
				}
			}
		}
		if (!Files.exists(file)) {
			Files.createFile(file, PrivateFiles.ownerOnly());
		}
		PrivateFiles.restrict(file);
		// a stream, not a FileChannel: a channel is closed for good when a thread writing to it is interrupted, and
		// the entry that records an interrupted action is written from the interrupted worker itself
		out = new FileOutputStream(file.toFile(), true);
		if (torn != null) {
			write(new Entry(Instant.now().toString(), null, null, 0, null, Status.NOTE, torn));
		}
	}

	/** Opens (or creates) the journal and takes its lock; {@code purpose} tells a second apply who holds it. */
	public static Journal open(Path file, String purpose) throws IOException {
		PrivateFiles.createFolder(file.toAbsolutePath().getParent());
		JournalLock lock = JournalLock.acquire(file, purpose);
		try {
			return new Journal(file, lock);
		} catch (IOException | RuntimeException e) {
			lock.close();
			throw e;
		}
	}

	public static Journal open(Path file) throws IOException {
		return open(file, "apply");
	}

	public Path file() {
		return file;
	}

	public synchronized List<Entry> entries() {
		return List.copyOf(entries);
	}

	/** The id of the run entries are recorded in (after {@link #begin}). */
	public synchronized String run() {
		return run;
	}

	/** "machine#action" of every action recorded done, in any run. */
	public synchronized Set<String> done() {
		Set<String> done = new HashSet<>();
		for (Entry entry : entries) {
			if (entry.status() == Status.DONE) {
				done.add(key(entry.machine(), entry.action()));
			}
		}
		return done;
	}

	/**
	 * What a new apply of a plan continues from: the journal's last run of the same plan (same fingerprint), if it
	 * did not finish every action; else {@link Resumption#NONE}, and a new run starts. Runs of other plans (another
	 * workflow, a fix, a machine powered from the workbench) may come between: one journal holds every run of an
	 * environment, each entry tagged with its run.
	 *
	 * @param fingerprint the plan's actions, as {@link Applier#fingerprint} computes it
	 * @param actions     the plan's "machine#action" keys
	 */
	public synchronized Resumption resumable(String fingerprint, Set<String> actions) {
		Entry start = null;
		for (int i = entries.size() - 1; i >= 0; i--) {
			if (entries.get(i).status() == Status.RUN && fingerprint.equals(entries.get(i).kind())) {
				start = entries.get(i);
				break;
			}
		}
		if (start == null) {
			return Resumption.NONE;
		}
		Set<String> done = new HashSet<>();
		Map<String, List<Entry>> open = new LinkedHashMap<>();
		for (Entry entry : entries) {
			if (!start.run().equals(entry.run()) || entry.machine() == null) {
				continue;
			}
			String key = key(entry.machine(), entry.action());
			switch (entry.status()) {
			case STARTED -> {
				List<Entry> attempt = new ArrayList<>();
				attempt.add(entry);
				open.put(key, attempt);
			}
			case PROGRESS, INTERRUPTED -> open.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
			case DONE -> {
				done.add(key);
				open.remove(key);
			}
			case FAILED -> open.remove(key);
			default -> {
			}
			}
		}
		if (done.containsAll(actions)) {
			return Resumption.NONE;
		}
		Map<String, List<Entry>> unfinished = new LinkedHashMap<>();
		open.forEach((k, v) -> unfinished.put(k, List.copyOf(v)));
		return new Resumption(start.run(), Set.copyOf(done), unfinished);
	}

	/**
	 * Starts the apply of a plan: resumes the last run if {@link #resumable} says so (entries go on in that run),
	 * else records the start of a new run.
	 */
	public synchronized Resumption begin(String fingerprint, Set<String> actions, String description)
			throws IOException {
		Resumption resumed = resumable(fingerprint, actions);
		if (resumed.resumes()) {
			run = resumed.run();
		} else {
			byte[] random = new byte[3];
			new SecureRandom().nextBytes(random);
			run = RUN_ID.format(Instant.now()) + "-" + HexFormat.of().formatHex(random);
			write(new Entry(Instant.now().toString(), run, null, 0, fingerprint, Status.RUN, description));
		}
		return resumed;
	}

	static String key(String machine, int action) {
		return machine + "#" + action;
	}

	public synchronized void record(String machine, int action, String kind, Status status, String message)
			throws IOException {
		if (run == null) {
			throw new IllegalStateException("record before begin: no run to record in");
		}
		write(new Entry(Instant.now().toString(), run, machine, action, kind, status, message));
	}

	private void write(Entry entry) throws IOException {
		out.write((GSON.toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
		out.getFD().sync();
		entries.add(entry);
	}

	@Override
	public synchronized void close() throws IOException {
		try {
			out.close();
		} finally {
			lock.close();
		}
	}
}
