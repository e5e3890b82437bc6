package org.underlay.deploy.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The append-only record of an apply: one JSON line per event (an action started, done or failed), forced to disk
 * before the next action starts. An interrupted apply resumes from it exactly where it stopped: actions recorded
 * done are not run again. A torn last line (the process died mid-write) is ignored.
 */
public final class Journal implements AutoCloseable {

	public enum Status {
		/** The start of a run of a plan; {@code kind} holds the plan's fingerprint. */
		RUN, STARTED, DONE, FAILED
	}

	/** One event; {@code message} never holds a secret (the engine writes only outcomes and error kinds). */
	public record Entry(String at, String machine, int action, String kind, Status status, String message) {
	}

	private static final Gson GSON = new Gson();

	private final Path file;
	private final FileChannel channel;
	private final List<Entry> entries = new ArrayList<>();

	private Journal(Path file) throws IOException {
		this.file = file;
		if (Files.exists(file)) {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (line.isBlank()) {
					continue;
				}
				try {
					Entry entry = GSON.fromJson(line, Entry.class);
					if (entry != null && entry.status() != null
							&& (entry.machine() != null || entry.status() == Status.RUN)) {
						entries.add(entry);
					}
				} catch (JsonParseException e) {
					// a torn line from a crash mid-write: the action it describes simply runs again
				}
			}
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
	}

	public static Journal open(Path file) throws IOException {
		return new Journal(file);
	}

	public Path file() {
		return file;
	}

	public synchronized List<Entry> entries() {
		return List.copyOf(entries);
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
	 * What a new apply of a plan may skip: the actions done in the journal's last run, if that run was of the same
	 * plan (same fingerprint) and did not finish every action. Empty when the last run was of another plan (another
	 * workflow, a changed design) or completed — then the apply is a new run, not a resumption.
	 *
	 * @param fingerprint the plan's actions, as {@link Applier#fingerprint} computes it
	 * @param actions     the plan's "machine#action" keys
	 */
	public synchronized Set<String> resumable(String fingerprint, Set<String> actions) {
		int start = -1;
		for (int i = entries.size() - 1; i >= 0; i--) {
			if (entries.get(i).status() == Status.RUN) {
				start = i;
				break;
			}
		}
		if (start < 0 || !fingerprint.equals(entries.get(start).kind())) {
			return Set.of();
		}
		Set<String> done = new HashSet<>();
		for (Entry entry : entries.subList(start + 1, entries.size())) {
			if (entry.status() == Status.DONE) {
				done.add(key(entry.machine(), entry.action()));
			}
		}
		return done.containsAll(actions) ? Set.of() : done;
	}

	/**
	 * Starts the apply of a plan: resumes the last run if {@link #resumable} says so, else records the start of a new
	 * run. Returns the actions to skip.
	 */
	public synchronized Set<String> begin(String fingerprint, Set<String> actions, String description)
			throws IOException {
		Set<String> resumed = resumable(fingerprint, actions);
		if (resumed.isEmpty()) {
			write(new Entry(Instant.now().toString(), null, 0, fingerprint, Status.RUN, description));
		}
		return resumed;
	}

	static String key(String machine, int action) {
		return machine + "#" + action;
	}

	public synchronized void record(String machine, int action, String kind, Status status, String message)
			throws IOException {
		write(new Entry(Instant.now().toString(), machine, action, kind, status, message));
	}

	private void write(Entry entry) throws IOException {
		byte[] line = (GSON.toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8);
		ByteBuffer buffer = ByteBuffer.wrap(line);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
		channel.force(false);
		entries.add(entry);
	}

	@Override
	public synchronized void close() throws IOException {
		channel.close();
	}
}
