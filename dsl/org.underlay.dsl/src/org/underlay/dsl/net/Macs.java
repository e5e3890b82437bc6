package org.underlay.dsl.net;

import java.util.Locale;
import java.util.regex.Pattern;

/** MAC addresses: six hex pairs separated by ':' or '-', compared case-insensitively. */
public final class Macs {

	private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");

	private Macs() {
	}

	public static boolean isValid(String text) {
		if (text == null || text.length() != 17) {
			return false;
		}
		for (int i = 0; i < 17; i++) {
			char c = text.charAt(i);
			boolean ok = i % 3 == 2 ? c == ':' || c == '-' : Character.digit(c, 16) >= 0;
			if (!ok) {
				return false;
			}
		}
		return MAC.matcher(text).matches(); // one separator style, checked only for well-formed candidates
	}

	/** {@code 52:54:00:ab:cd:ef} for any accepted spelling; the text unchanged when it is not a MAC. */
	public static String normalize(String text) {
		return isValid(text) ? text.replace('-', ':').toLowerCase(Locale.ROOT) : text;
	}
}
