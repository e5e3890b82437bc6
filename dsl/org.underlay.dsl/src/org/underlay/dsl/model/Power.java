package org.underlay.dsl.model;

import org.underlay.dsl.underlay.Phase;
import org.underlay.dsl.underlay.PowerFeed;

/** Power arithmetic shared by the validator and the drawings. */
public final class Power {

	private Power() {
	}

	/** What a feed supplies, in watts: volts times amps, times the square root of three for a three-phase feed. */
	public static long feedWatts(PowerFeed feed) {
		long watts = (long) feed.getVoltage() * feed.getAmps();
		return feed.getPhase() == Phase.THREE ? Math.round(watts * Math.sqrt(3)) : watts;
	}
}
