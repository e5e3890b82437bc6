package org.underlay.credentials;

import java.util.Objects;

/**
 * A failure of a kind its callers decide on (retry, report, ask again), never by message text. What the failures of
 * credentials, BMCs and SSH have in common; it lives here because every bundle that reaches a peer already needs its
 * credentials. The message is for an operator: it says what went wrong and, where possible, what to check, and it
 * never contains a password, passphrase or key material.
 *
 * <p>A subclass nests its own {@code Kind} enum and narrows {@link #kind()} to it (an exception type cannot be
 * generic); {@link #toString()} names the type whose kinds it carries.
 */
public abstract class TypedException extends Exception {

	private static final long serialVersionUID = 1L;

	private final Enum<?> kind;

	protected TypedException(Enum<?> kind, String message) {
		super(message);
		this.kind = Objects.requireNonNull(kind, "kind");
	}

	protected TypedException(Enum<?> kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = Objects.requireNonNull(kind, "kind");
	}

	/** What kind of failure; a subclass returns its own {@code Kind}. */
	public Enum<?> kind() {
		return kind;
	}

	/** {@code BmcException[TIMEOUT]: message}: named after the type that declares the kind, also for subclasses. */
	@Override
	public String toString() {
		Class<?> declaring = kind.getDeclaringClass().getEnclosingClass();
		String type = declaring != null ? declaring.getSimpleName() : getClass().getSimpleName();
		return type + "[" + kind + "]: " + getMessage();
	}
}
