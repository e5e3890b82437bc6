package org.underlay.core.observed;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/**
 * Keeps the observed state of each environment inside the project, in {@code .underlay/observed/<environment>.json}.
 * Writes are atomic: the new state goes to a temporary file in the same folder, is forced to disk and then moved
 * over the old one, so a crash leaves either the old or the new state, never half of one.
 */
public final class ObservationStore {

	private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9_-]+");

	static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
			.registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
				@Override
				public void write(JsonWriter out, Instant value) throws IOException {
					if (value == null) {
						out.nullValue();
					} else {
						out.value(value.toString());
					}
				}

				@Override
				public Instant read(JsonReader in) throws IOException {
					if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
						in.nextNull();
						return null;
					}
					return Instant.parse(in.nextString());
				}
			}).create();

	private final Path folder;

	/** @param project the design's project folder */
	public ObservationStore(Path project) {
		this.folder = project.resolve(".underlay").resolve("observed");
	}

	public Path fileOf(String environment) {
		if (!ENVIRONMENT.matcher(environment).matches()) {
			throw new IllegalArgumentException("not an environment name: " + environment);
		}
		return folder.resolve(environment + ".json");
	}

	public void write(Observation observation) throws IOException {
		Path target = fileOf(observation.environment());
		Files.createDirectories(folder);
		Path temp = Files.createTempFile(folder, observation.environment() + "-", ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING);
					Writer writer = java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8)) {
				GSON.toJson(observation, writer);
				writer.flush();
				channel.force(true);
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(temp);
		}
	}

	/** The stored observation, or an empty one if none was stored yet. */
	public Observation read(String environment) throws IOException {
		Path file = fileOf(environment);
		if (!Files.exists(file)) {
			return new Observation(environment, null, java.util.List.of());
		}
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Observation observation = GSON.fromJson(reader, Observation.class);
			if (observation == null || observation.machines() == null) {
				throw new IOException(file + " holds no observation");
			}
			return new Observation(observation.environment(), observation.takenAt(),
					observation.machines().stream().map(m -> new ObservedMachine(m.name(), m.observedAt(), m.power(),
							m.bootDevice(), m.facts(), m.interfaces(), m.sensors(), m.neighbours(), m.error()))
							.toList());
		} catch (JsonParseException e) {
			throw new IOException(file + " is not a readable observation: " + e.getMessage(), e);
		}
	}
}
