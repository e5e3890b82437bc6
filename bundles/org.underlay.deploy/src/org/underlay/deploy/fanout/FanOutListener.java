package org.underlay.deploy.fanout;

/**
 * Progress of a fan-out. Called from worker threads, concurrently: implementations must be thread-safe and quick
 * (a UI hands the event to its own thread).
 */
public interface FanOutListener<T, R> {

	/** The operation starts on {@code target}. */
	default void started(T target, int index) {
	}

	/**
	 * One target is done ({@code done} of {@code total} including this one). Cancelled targets that never
	 * started are reported too, when the run ends.
	 */
	default void finished(Outcome<T, R> outcome, int done, int total) {
	}
}
