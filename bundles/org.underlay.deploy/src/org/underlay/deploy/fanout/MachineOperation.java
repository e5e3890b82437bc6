package org.underlay.deploy.fanout;

/**
 * The work done for one target. Runs on a fan-out worker thread; should honour interruption (cancel) and bound its
 * own duration (the SSH and BMC clients have per-call timeouts).
 */
@FunctionalInterface
public interface MachineOperation<T, R> {
	R apply(T target) throws Exception;
}
