package org.underlay.deploy.engine;

/** An action that failed, with the message an operator reads (it never holds a secret). */
final class ActionFailure extends Exception {
	private static final long serialVersionUID = 1L;

	ActionFailure(String message) {
		super(message);
	}

	static String message(Throwable e) {
		return e == null ? "failed" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}
}
