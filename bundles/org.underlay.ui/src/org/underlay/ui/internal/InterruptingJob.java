package org.underlay.ui.internal;

import org.eclipse.core.runtime.jobs.Job;

/**
 * A Job whose cancel interrupts its thread: BMC clients, SSH and the engine's waits honour interruption, so a
 * cancel ends a poll or a collect at once instead of at its next check of the monitor.
 */
public abstract class InterruptingJob extends Job {

	protected InterruptingJob(String name) {
		super(name);
	}

	@Override
	protected void canceling() {
		Thread running = getThread();
		if (running != null) {
			running.interrupt();
		}
	}
}
