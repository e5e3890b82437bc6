package org.underlay.dsl.validation;

/**
 * Issue codes of the Underlay validators. Every diagnostic carries one of these, so that tools (quick fixes, the CLI,
 * pipelines) can tell problems apart without parsing messages. The data named for a code is what its quick fix needs.
 */
public final class IssueCodes {

	private static final String PREFIX = "underlay.";

	// syntax and linking
	/** A token that fits nowhere where it stands; it was read as if it were not there. */
	public static final String UNEXPECTED_TOKEN = PREFIX + "unexpected-token";
	/** Any other syntax error: the message says what was expected where. */
	public static final String SYNTAX = PREFIX + "syntax";
	/** A name that no element of the design declares (neither here nor in any package). */
	public static final String UNRESOLVED_REFERENCE = PREFIX + "unresolved-reference";
	/** An import of a package (or an element) the design does not have. Data: the nearest package name, if any. */
	public static final String UNKNOWN_IMPORT = PREFIX + "unknown-import";
	/**
	 * Names declared in a package the file does not import: one error, on the first of them. Data: the package(s) that
	 * declare them.
	 */
	public static final String MISSING_IMPORT = PREFIX + "missing-import";

	// names and structure
	/** Two elements of the same kind share a name in one scope. Data: the name. */
	public static final String DUPLICATE_NAME = PREFIX + "duplicate-name";
	/** Two devices of the design share a host name (in different sites). Data: the name. */
	public static final String DUPLICATE_HOSTNAME = PREFIX + "duplicate-hostname";
	/** A device type has no height. Data: the property. */
	public static final String MISSING_PROPERTY = PREFIX + "missing-property";
	/** A device type gives a property twice. Data: the property. */
	public static final String REPEATED_PROPERTY = PREFIX + "repeated-property";
	/** A port or outlet range like 'Ethernet1..48' whose name does not end in a number or runs backwards. */
	public static final String INVALID_PORT_RANGE = PREFIX + "invalid-port-range";

	// racks
	/** A rack height outside 1..60 U. */
	public static final String INVALID_RACK_HEIGHT = PREFIX + "invalid-rack-height";
	/** A device that needs rack units has no 'at' position. Data: the first free position, if any. */
	public static final String MISSING_POSITION = PREFIX + "missing-position";
	/** A device reaches below unit 1 or above the rack's height. Data: the nearest free positions ("41"), if any. */
	public static final String BEYOND_RACK = PREFIX + "beyond-rack";
	/**
	 * Two devices claim the same rack unit, face and side; each gets the error. Data: the other device, then up to three
	 * free positions nearest first ("39", or "2 right" for a half-width device that would change side).
	 */
	public static final String RACK_UNIT_OVERLAP = PREFIX + "rack-unit-overlap";
	/** 'left'/'right' on a full-width device. */
	public static final String SIDE_ON_FULL_WIDTH = PREFIX + "side-on-full-width";

	// addresses and networks
	/** Not an IPv4 address, prefix or MAC address. */
	public static final String INVALID_ADDRESS = PREFIX + "invalid-address";
	/** An address used twice in the design. Data: the address. */
	public static final String DUPLICATE_ADDRESS = PREFIX + "duplicate-address";
	/** A MAC address used twice in the design. Data: the MAC. */
	public static final String DUPLICATE_MAC = PREFIX + "duplicate-mac";
	/** An address outside its network's subnet. Data: the next free address of the subnet, if any. */
	public static final String ADDRESS_OUTSIDE_SUBNET = PREFIX + "address-outside-subnet";
	/** A gateway (or range bound) outside its network's subnet. */
	public static final String GATEWAY_OUTSIDE_SUBNET = PREFIX + "gateway-outside-subnet";
	/** A subnet written with host bits set (10.0.0.5/24). Data: the network address. */
	public static final String SUBNET_HOST_BITS = PREFIX + "subnet-host-bits";
	/** Two networks of a site with overlapping subnets. Data: the other network. */
	public static final String OVERLAPPING_SUBNETS = PREFIX + "overlapping-subnets";
	/** VLAN id outside 1..4094. */
	public static final String INVALID_VLAN = PREFIX + "invalid-vlan";
	/** Two networks of a site with the same VLAN id. Data: the other network. */
	public static final String DUPLICATE_VLAN = PREFIX + "duplicate-vlan";

	// links and ports
	/** A NIC, switch port or link end names a port the device type does not have. Data: the port. */
	public static final String UNKNOWN_PORT = PREFIX + "unknown-port";
	/** A port cabled twice. Data: the port as device.port. */
	public static final String PORT_USED_TWICE = PREFIX + "port-used-twice";
	/** A link between ports of different speeds. */
	public static final String LINK_SPEED_MISMATCH = PREFIX + "link-speed-mismatch";
	/** A link between copper (RJ45) and a pluggable cage. */
	public static final String LINK_MEDIUM_MISMATCH = PREFIX + "link-medium-mismatch";
	/** A NIC on one network cabled to a switch port that does not carry it. Data: the network. */
	public static final String VLAN_MISMATCH = PREFIX + "vlan-mismatch";

	// power
	/** PSU connections exceed a PDU's capacity. */
	public static final String PDU_OVER_BUDGET = PREFIX + "pdu-over-budget";
	/** The PDUs on a feed draw more than the feed supplies. */
	public static final String FEED_OVER_BUDGET = PREFIX + "feed-over-budget";
	/** A device's PSUs all hang on one feed. */
	public static final String PSU_NOT_REDUNDANT = PREFIX + "psu-not-redundant";
	/** A PSU number beyond the type's PSU count, or a PSU connected twice. */
	public static final String UNKNOWN_PSU = PREFIX + "unknown-psu";
	/** An outlet the PDU type does not have. Data: the outlet. */
	public static final String UNKNOWN_OUTLET = PREFIX + "unknown-outlet";
	/** An outlet feeding two PSUs. */
	public static final String OUTLET_USED_TWICE = PREFIX + "outlet-used-twice";
	/** A PSU connected to a device that is not a PDU. */
	public static final String NOT_A_PDU = PREFIX + "not-a-pdu";

	// params
	/** A param value of another type than declared. */
	public static final String PARAM_TYPE_MISMATCH = PREFIX + "param-type-mismatch";
	/** A param a device needs has no value after layering. Data: the param. */
	public static final String REQUIRED_PARAM_MISSING = PREFIX + "required-param-missing";
	/** A declared param that nothing sets or uses. Data: the param. */
	public static final String UNUSED_PARAM = PREFIX + "unused-param";
	/** A template refers to a param nobody declared. Data: the name. */
	public static final String UNKNOWN_TEMPLATE_PARAM = PREFIX + "unknown-template-param";
	/** A template reference with a filter the language does not know ('{{ x | upper }}'). Data: the filter. */
	public static final String UNKNOWN_TEMPLATE_FILTER = PREFIX + "unknown-template-filter";
	/** '{{ x | raw }}': the value goes into the shell command unquoted. Data: the param. */
	public static final String RAW_TEMPLATE_VALUE = PREFIX + "raw-template-value";
	/**
	 * A reference where shell quoting cannot protect its value (a here-document, backquotes, a comment, $'…', after
	 * a backslash or a '$', after a ${…} or a 'case' in $( … ), in a command line another shell parses again: eval,
	 * ssh, sh -c …): only a value of plain characters can be planned there. Data: the param.
	 */
	public static final String UNQUOTABLE_TEMPLATE_PARAM = PREFIX + "unquotable-template-param";

	// BMC, workflows, environments
	/** A workflow step the device's BMC cannot do (or the type has no BMC). */
	public static final String STEP_NOT_SUPPORTED = PREFIX + "step-not-supported";
	/** A binding's BMC kind or cipher the device type does not support. */
	public static final String CAPABILITY_NOT_SUPPORTED = PREFIX + "capability-not-supported";
	/**
	 * IPMI cipher 0 (an error without 'allow-insecure'), IPMI 1.5, TLS without verification, plain HTTP, or an
	 * 'allow-insecure' that allows nothing. Data: the keyword to change or remove ("cipher", "insecure-tls", ...).
	 */
	public static final String INSECURE_BMC = PREFIX + "insecure-bmc";
	/** A binding's 'tls-ca' file does not exist. Data: the path as written. */
	public static final String TLS_CA_NOT_FOUND = PREFIX + "tls-ca-not-found";
	/** A binding's 'tls-fingerprint' is not a SHA-256 fingerprint (64 hex digits, colons allowed). */
	public static final String INVALID_FINGERPRINT = PREFIX + "invalid-fingerprint";
	/** A server of the site has no binding in an environment. Data: the device. */
	public static final String MISSING_BINDING = PREFIX + "missing-binding";
	/** A bound device needs its BMC (power or boot steps) but the binding has no BMC endpoint. */
	public static final String MISSING_BMC_ENDPOINT = PREFIX + "missing-bmc-endpoint";
	/** A binding for a device of another site. */
	public static final String FOREIGN_DEVICE = PREFIX + "foreign-device";
	/** A script step's file is not a file of the design folder. Data: the path as written. */
	public static final String SCRIPT_NOT_FOUND = PREFIX + "script-not-found";
	/** A script step names an absolute path or one that leaves the design folder. Data: the path as written. */
	public static final String SCRIPT_OUTSIDE_DESIGN = PREFIX + "script-outside-design";
	/** An os.image value names no image of the design's catalogue (images/manifest.json). Data: the name. */
	public static final String UNKNOWN_IMAGE = PREFIX + "unknown-image";

	private IssueCodes() {
	}
}
