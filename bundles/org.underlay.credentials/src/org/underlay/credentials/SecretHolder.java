package org.underlay.credentials;

import java.util.Arrays;

/**
 * The life of secret material in memory, for every type that holds some ({@link Secret}, a BMC login): the holder
 * keeps private copies of its arrays, hands out copies until {@link #destroy()} (or {@link #close()}) overwrites
 * them, and refuses after that. A subclass names its arrays in {@link #wipe()} and never shows them in
 * {@code toString()}.
 */
public abstract class SecretHolder implements AutoCloseable {

	private volatile boolean destroyed;

	/** Overwrites every array this holder keeps. */
	protected abstract void wipe();

	/** What this holds, for the message of a use after {@link #destroy()}; never secret. */
	protected abstract String describe();

	/** Overwrites the secret material in memory. Idempotent. */
	public final void destroy() {
		destroyed = true;
		wipe();
	}

	public final boolean isDestroyed() {
		return destroyed;
	}

	@Override
	public final void close() {
		destroy();
	}

	/** Throws if {@link #destroy()} was called: call before handing out a copy. */
	protected final void checkNotDestroyed() {
		if (destroyed) {
			throw new IllegalStateException(describe() + " has been destroyed");
		}
	}

	/** A copy of {@code value}, null for null. */
	protected static char[] copy(char[] value) {
		return value == null ? null : value.clone();
	}

	/** A copy of {@code value}, null for null. */
	protected static byte[] copy(byte[] value) {
		return value == null ? null : value.clone();
	}

	/** Overwrites {@code value} with zeros; nothing for null. */
	protected static void wipe(char[] value) {
		if (value != null) {
			Arrays.fill(value, '\0');
		}
	}

	/** Overwrites {@code value} with zeros; nothing for null. */
	protected static void wipe(byte[] value) {
		if (value != null) {
			Arrays.fill(value, (byte) 0);
		}
	}
}
