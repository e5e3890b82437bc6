package org.underlay.operations.drift;

/**
 * One difference between the design and what was observed.
 *
 * @param device   the machine (host name)
 * @param kind     missing (designed, not observed), unexpected (observed, not designed) or mismatch
 * @param subject  what differs: "power", "boot", "mac ens1f0", "address ens1f0", "fact serial", "os.image",
 *                 "sensor CPU Temp", "cable ens1f0", "reachable"
 * @param designed the design's value (null for unexpected)
 * @param observed the observed value (null for missing)
 */
public record DriftFinding(String device, Kind kind, String subject, String designed, String observed) {

	public enum Kind {
		MISSING, UNEXPECTED, MISMATCH
	}

	/** "web-01: mac ens1f0 is 02:00:…:0c, designed 02:00:…:0b". */
	public String describe() {
		return switch (kind) {
		case MISSING -> device + ": " + subject + " missing" + (designed == null ? "" : " (designed " + designed + ")")
				+ (observed == null ? "" : ": " + observed);
		case UNEXPECTED -> device + ": " + subject + " not in the design" + (observed == null ? "" : " (" + observed + ")");
		case MISMATCH -> device + ": " + subject + " is " + observed + ", designed " + designed;
		};
	}
}
