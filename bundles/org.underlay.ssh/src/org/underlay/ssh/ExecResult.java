package org.underlay.ssh;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitStatus  the command's exit status, or -1 if it ended by a signal (see {@code exitSignal})
 * @param exitSignal  the signal name (e.g. "KILL") if the server reported one, else null
 * @param stdout      standard output as UTF-8, at most {@link SshSession#CAPTURE_LIMIT} bytes kept
 * @param stderr      standard error as UTF-8, same limit
 * @param elapsed     time from opening the channel to its close
 */
public record ExecResult(int exitStatus, String exitSignal, String stdout, String stderr, Duration elapsed) {

	public boolean succeeded() {
		return exitStatus == 0;
	}
}
