package org.underlay.cli;

/**
 * What a finding line may contain: a file of random bytes puts control characters into the parser's messages, and a
 * terminal would act on them (colours, bells, a cleared screen). And where a file nests deepest, for a file too
 * deeply nested to read.
 */
final class FindingText {

	private FindingText() {
	}

	/**
	 * The text with every control character (C0 but the line feed, which becomes a space, DEL, C1), line and
	 * paragraph separator and bidirectional control written as a Java escape: BEL is {@code \u0007}.
	 */
	static String escape(String text) {
		StringBuilder escaped = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement = c == '\n' ? " " : needsEscape(c) ? String.format("\\u%04x", (int) c) : null;
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (escaped != null) {
				if (replacement != null) {
					escaped.append(replacement);
				} else {
					escaped.append(c);
				}
			}
		}
		return escaped == null ? text : escaped.toString();
	}

	private static boolean needsEscape(char c) {
		return Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029'
				|| (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
				|| c == '\u200f' || c == '\u061c';
	}

	/** How deep brackets and braces nest at most, and the line and column (from 1) of the first to reach that depth. */
	record Nesting(int depth, int line, int column) {
	}

	/** The deepest nesting of '{', '[' and '(' outside strings and comments, as the language writes them. */
	static Nesting deepest(String text) {
		int depth = 0;
		Nesting deepest = new Nesting(0, 1, 1);
		int line = 1;
		int lineStart = 0;
		char quote = 0; // inside a string when not 0
		boolean lineComment = false;
		boolean blockComment = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
			if (c == '\n') {
				line++;
				lineStart = i + 1;
				lineComment = false;
			} else if (lineComment) {
				continue;
			} else if (blockComment) {
				if (c == '*' && next == '/') {
					blockComment = false;
					i++;
				}
			} else if (quote != 0) {
				if (c == '\\' && next != '\n') {
					i++;
				} else if (c == quote) {
					quote = 0;
				}
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (c == '/' && (next == '/' || next == '*')) {
				lineComment = next == '/';
				blockComment = next == '*';
				i++;
			} else if (c == '{' || c == '[' || c == '(') {
				depth++;
				if (depth > deepest.depth()) {
					deepest = new Nesting(depth, line, i - lineStart + 1);
				}
			} else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
				depth--;
			}
		}
		return deepest;
	}
}
