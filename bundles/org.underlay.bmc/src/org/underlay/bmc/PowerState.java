package org.underlay.bmc;

/** Chassis power as the BMC reports it. */
public enum PowerState {
	ON, OFF
}
