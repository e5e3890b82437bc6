package org.underlay.bmc.internal.ipmi;

import java.util.Locale;

/** IPMI privilege levels (spec table 22-19). */
public final class Privilege {

	public static final int CALLBACK = 1;
	public static final int USER = 2;
	public static final int OPERATOR = 3;
	public static final int ADMINISTRATOR = 4;

	private Privilege() {
	}

	public static String name(int level) {
		return switch (level) {
			case CALLBACK -> "CALLBACK";
			case USER -> "USER";
			case OPERATOR -> "OPERATOR";
			case ADMINISTRATOR -> "ADMINISTRATOR";
			default -> "level " + level;
		};
	}

	/** @return the level for "ADMINISTRATOR", "admin", "OPERATOR", "USER", "CALLBACK"; -1 if unknown */
	public static int parse(String name) {
		return switch (name.trim().toUpperCase(Locale.ROOT)) {
			case "ADMINISTRATOR", "ADMIN" -> ADMINISTRATOR;
			case "OPERATOR" -> OPERATOR;
			case "USER" -> USER;
			case "CALLBACK" -> CALLBACK;
			default -> -1;
		};
	}
}
