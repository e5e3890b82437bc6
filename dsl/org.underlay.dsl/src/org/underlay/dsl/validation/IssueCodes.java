package org.underlay.dsl.validation;

/**
 * Issue codes of the Underlay validators. Every diagnostic carries one of these, so that tools (quick fixes, the CLI,
 * pipelines) can tell problems apart without parsing messages.
 */
public final class IssueCodes {

	private static final String PREFIX = "underlay.";

	/** Two elements of the same kind share a name in one scope. Data: the name. */
	public static final String DUPLICATE_NAME = PREFIX + "duplicate-name";

	/** A device type has no height, or a property twice. Data: the property. */
	public static final String MISSING_PROPERTY = PREFIX + "missing-property";
	public static final String REPEATED_PROPERTY = PREFIX + "repeated-property";

	/** A port range like 'Ethernet1..48' whose name does not end in a number or runs backwards. */
	public static final String INVALID_PORT_RANGE = PREFIX + "invalid-port-range";

	/** A rack height outside 1..60 U. */
	public static final String INVALID_RACK_HEIGHT = PREFIX + "invalid-rack-height";

	/** A device that needs rack units has no 'at' position. Data: the first free position, if any. */
	public static final String MISSING_POSITION = PREFIX + "missing-position";

	/** A device reaches below unit 1 or above the rack's height. Data: the first free position, if any. */
	public static final String BEYOND_RACK = PREFIX + "beyond-rack";

	/** Two devices claim the same rack unit. Data: the other device, the first free position, if any. */
	public static final String RACK_UNIT_OVERLAP = PREFIX + "rack-unit-overlap";

	private IssueCodes() {
	}
}
