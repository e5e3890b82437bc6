package org.underlay.operations.drift;

/**
 * One difference between the design and what was observed.
 *
 * @param device   the machine (host name)
 * @param kind     missing (designed, not observed), unexpected (observed, not designed) or mismatch
 * @param subject  what differs, typed, with the design element that states it
 * @param designed the design's value (null for unexpected)
 * @param observed the observed value (null for missing)
 */
public record DriftFinding(String device, Kind kind, DriftSubject subject, String designed, String observed) {

	public enum Kind {
		MISSING, UNEXPECTED, MISMATCH
	}

	/** "web-01: mac ens1f0 is 02:00:…:0c, designed 02:00:…:0b". */
	public String describe() {
		String what = subject.label();
		return switch (kind) {
		case MISSING -> device + ": " + what + " missing" + (designed == null ? "" : " (designed " + designed + ")")
				+ (observed == null ? "" : ": " + observed);
		case UNEXPECTED -> device + ": " + what + " not in the design" + (observed == null ? "" : " (" + observed + ")");
		case MISMATCH -> device + ": " + what + " is " + observed + ", designed " + designed;
		};
	}
}
