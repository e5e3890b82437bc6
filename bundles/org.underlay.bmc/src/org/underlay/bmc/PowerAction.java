package org.underlay.bmc;

/** Power operations. Drivers report which ones a BMC supports in {@link Capabilities#powerActions()}. */
public enum PowerAction {
	ON,
	/** Immediate power off (no OS shutdown). */
	OFF,
	/** Off, then on again. */
	CYCLE,
	/** Hard reset without removing power. */
	HARD_RESET,
	/** Ask the OS to shut down (ACPI power button). */
	SOFT_SHUTDOWN
}
