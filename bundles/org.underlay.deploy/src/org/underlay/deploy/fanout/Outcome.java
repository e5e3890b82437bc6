package org.underlay.deploy.fanout;

import java.time.Duration;

/**
 * What happened on one target.
 *
 * @param target  the target
 * @param index   its position in the target list
 * @param status  succeeded, failed or cancelled
 * @param value   the operation's result if it succeeded, else null
 * @param error   the operation's exception if it failed (or was interrupted), else null
 * @param elapsed time the operation ran (zero if it never started)
 */
public record Outcome<T, R>(T target, int index, Status status, R value, Exception error, Duration elapsed) {

	public enum Status {
		SUCCEEDED,
		FAILED,
		/** Not started because the run was cancelled, or interrupted by the cancel. */
		CANCELLED
	}

	public boolean succeeded() {
		return status == Status.SUCCEEDED;
	}
}
