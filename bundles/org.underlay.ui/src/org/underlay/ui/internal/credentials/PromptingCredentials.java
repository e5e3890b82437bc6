package org.underlay.ui.internal.credentials;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.Secret;

/**
 * Asks the operator for a credential no source defines, once per name and run: the machines of an environment
 * usually share a credential and resolve it in parallel, so the first lookup prompts and the others wait for its
 * answer. An answer to remember goes into secure storage (and is found there next time); one not to remember lives
 * until {@link #close()}. A cancelled prompt is not repeated within the run: the name stays missing.
 */
public final class PromptingCredentials implements CredentialsProvider, AutoCloseable {

	/**
	 * What the operator typed; {@code password} is the caller's to wipe. With a {@code keyFile} (an SSH private key)
	 * the password is that key's passphrase, empty for a key without one.
	 */
	public record Answer(String user, char[] password, Path keyFile, boolean remember) {

		public Answer(String user, char[] password, boolean remember) {
			this(user, password, null, remember);
		}
	}

	/** Asks for a credential (blocking until answered); empty when the operator cancels. */
	@FunctionalInterface
	public interface Prompt {
		Optional<Answer> ask(String name, String lookedIn);
	}

	private final CredentialsProvider sources;
	private final SecureStorageCredentials storage;
	private final Prompt prompt;
	/** Per name: the answer kept for this run, or null when the operator cancelled. */
	private final Map<String, Answer> answered = new HashMap<>();

	/** @param storage where remembered answers go; null when secure storage is unavailable */
	public PromptingCredentials(CredentialsProvider sources, SecureStorageCredentials storage, Prompt prompt) {
		this.sources = sources;
		this.storage = storage;
		this.prompt = prompt;
	}

	@Override
	public synchronized Optional<Secret> find(String name) throws CredentialsException {
		Optional<Secret> found = sources.find(name);
		if (found.isPresent()) {
			return found;
		}
		if (!answered.containsKey(name)) {
			Answer answer = prompt.ask(name, sources.describe()).orElse(null);
			if (answer != null && answer.remember() && storage != null) {
				try {
					storage.store(name, answer.user(), answer.password(), answer.keyFile());
				} finally {
					Arrays.fill(answer.password(), '\0');
				}
				return storage.find(name);
			}
			answered.put(name, answer);
		}
		Answer answer = answered.get(name);
		if (answer == null) {
			return Optional.empty();
		}
		Secret.Builder secret = Secret.builder(name).user(blankToNull(answer.user()));
		if (answer.keyFile() != null) {
			secret.keyFile(answer.keyFile()).passphrase(answer.password().length == 0 ? null : answer.password());
		} else {
			secret.password(answer.password());
		}
		return Optional.of(secret.build());
	}

	private static String blankToNull(String user) {
		return user == null || user.isBlank() ? null : user.strip();
	}

	/** Only the dialog: the sources are named by the chain this is the last link of. */
	@Override
	public String describe() {
		return "asked in a dialog";
	}

	/** Wipes the answers kept for this run. */
	@Override
	public synchronized void close() {
		answered.values().forEach(a -> {
			if (a != null) {
				Arrays.fill(a.password(), '\0');
			}
		});
		answered.clear();
	}

	@Override
	public String toString() {
		return "PromptingCredentials[" + describe() + "]";
	}
}
