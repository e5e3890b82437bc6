package org.underlay.dsl.fixes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.underlay.dsl.validation.IssueCodes;

/**
 * The quick fixes, by issue code and issue data, as text edits on a design file's text: one place for the editor
 * (Ctrl+1), the Problems view (marker resolutions) and language-server clients (code actions). {@code offset} and
 * {@code length} are the problem's region in {@code text}.
 */
public final class Fixes {

	private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^[ \\t]*package\\s[^\\r\\n]*");
	private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^[ \\t]*import\\s[^\\r\\n]*");

	private Fixes() {
	}

	/** Whether {@code code} has fixes at all (for the editor's light bulb), whatever the data. */
	public static boolean hasFixes(String code) {
		return code != null && switch (code) {
		case IssueCodes.RACK_UNIT_OVERLAP, IssueCodes.BEYOND_RACK, IssueCodes.MISSING_POSITION, IssueCodes.DUPLICATE_NAME,
				IssueCodes.DUPLICATE_HOSTNAME, IssueCodes.ADDRESS_OUTSIDE_SUBNET, IssueCodes.SUBNET_HOST_BITS,
				IssueCodes.MISSING_BINDING, IssueCodes.UNUSED_PARAM, IssueCodes.INSECURE_BMC, IssueCodes.MISSING_IMPORT,
				IssueCodes.UNKNOWN_IMPORT -> true;
		default -> false;
		};
	}

	public static List<Fix> forIssue(String code, String[] data, String text, int offset, int length) {
		List<Fix> fixes = new ArrayList<>();
		if (code == null || offset < 0 || length < 0 || offset + length > text.length()) {
			return fixes;
		}
		List<String> values = data == null ? List.of() : Arrays.asList(data);
		String first = values.isEmpty() ? null : values.get(0);
		switch (code) {
		case IssueCodes.RACK_UNIT_OVERLAP -> values.stream().skip(1).forEach(p -> fixes.add(move(p, text, offset, length)));
		case IssueCodes.BEYOND_RACK -> values.forEach(p -> fixes.add(move(p, text, offset, length)));
		case IssueCodes.MISSING_POSITION -> {
			if (first != null) {
				fixes.add(new Fix("Place it at the first free position: " + first,
						List.of(new TextEdit(endOfTypeReference(text, offset), 0, " at " + first))));
			}
		}
		case IssueCodes.DUPLICATE_NAME, IssueCodes.DUPLICATE_HOSTNAME -> {
			if (first != null) {
				String renamed = unusedName(text, first);
				fixes.add(replace("Rename to " + renamed, offset, length, renamed));
			}
		}
		case IssueCodes.ADDRESS_OUTSIDE_SUBNET -> {
			if (first != null) {
				fixes.add(replace("Use the next free address " + first, offset, length, first));
			}
		}
		case IssueCodes.SUBNET_HOST_BITS -> {
			if (first != null) {
				fixes.add(replace("Use the network address " + first, offset, length, first));
			}
		}
		case IssueCodes.MISSING_BINDING -> {
			int close = closingBrace(text, offset);
			if (first != null && close >= 0) {
				fixes.add(new Fix("Add a binding for " + first,
						List.of(new TextEdit(lineStart(text, close), 0, "\t" + first + " { }" + delimiter(text)))));
			}
		}
		case IssueCodes.UNUSED_PARAM -> {
			int start = lineStart(text, offset);
			int end = text.indexOf('\n', offset);
			fixes.add(new Fix("Remove the unused param",
					List.of(new TextEdit(start, (end < 0 ? text.length() : end + 1) - start, ""))));
		}
		case IssueCodes.INSECURE_BMC -> {
			if ("cipher".equals(first)) {
				fixes.add(replace("Use cipher suite 3 (RAKP-HMAC-SHA1, AES-128)", offset, length, "3"));
				fixes.add(replace("Use cipher suite 17 (RAKP-HMAC-SHA256, AES-128)", offset, length, "17"));
			} else if (first != null) {
				int start = offset;
				while (start > 0 && text.charAt(start - 1) == ' ') {
					start--;
				}
				fixes.add(new Fix("Remove '" + first + "'", List.of(new TextEdit(start, offset + length - start, ""))));
			}
		}
		case IssueCodes.MISSING_IMPORT -> values.forEach(pack -> fixes.add(importPackage(pack, text)));
		case IssueCodes.UNKNOWN_IMPORT -> {
			if (first != null) {
				fixes.add(replace("Import " + first + " instead", offset, length, first));
			}
		}
		default -> {
			// no fix for this code
		}
		}
		return fixes;
	}

	/**
	 * Move a device to a free position: "39" replaces the unit after 'at'; "2 right" also sets the side, replacing a
	 * 'left'/'right' written after the unit (and its face) or adding one.
	 */
	private static Fix move(String position, String text, int offset, int length) {
		String[] parts = position.split(" ");
		List<TextEdit> edits = new ArrayList<>();
		edits.add(new TextEdit(offset, length, parts[0]));
		if (parts.length == 1) {
			return new Fix("Move to unit " + parts[0], edits);
		}
		int end = offset + length;
		int word = skipBlanks(text, end);
		String next = wordAt(text, word);
		if (next.equals("front") || next.equals("rear")) {
			end = word + next.length();
			word = skipBlanks(text, end);
			next = wordAt(text, word);
		}
		if (next.equals("left") || next.equals("right")) {
			edits.add(new TextEdit(word, next.length(), parts[1]));
		} else {
			edits.add(new TextEdit(end, 0, " " + parts[1]));
		}
		return new Fix("Move to unit " + parts[0] + " on the " + parts[1], edits);
	}

	/** {@code import pack.*} after the last import, or else after the package line. */
	private static Fix importPackage(String pack, String text) {
		int at = -1;
		Matcher imports = IMPORT_LINE.matcher(text);
		while (imports.find()) {
			at = imports.end();
		}
		if (at < 0) {
			Matcher declaration = PACKAGE_LINE.matcher(text);
			at = declaration.find() ? declaration.end() : -1;
		}
		String line = "import " + pack + ".*";
		return new Fix("Import " + pack + ".*", List.of(at < 0 ? new TextEdit(0, 0, line + delimiter(text))
				: new TextEdit(at, 0, delimiter(text) + line)));
	}

	private static Fix replace(String label, int offset, int length, String text) {
		return new Fix(label, List.of(new TextEdit(offset, length, text)));
	}

	/** After "server web-01 : acme.lib.DellR650" starting at the name: the offset behind the type reference. */
	static int endOfTypeReference(String text, int nameOffset) {
		int colon = text.indexOf(':', nameOffset);
		if (colon < 0) {
			return nameOffset;
		}
		int i = skipBlanks(text, colon + 1);
		while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "_-.^".indexOf(text.charAt(i)) >= 0)) {
			i++;
		}
		return i;
	}

	/** The '}' closing the first block that opens after {@code offset}. */
	static int closingBrace(String text, int offset) {
		int open = text.indexOf('{', offset);
		int depth = 0;
		for (int i = open; i >= 0 && i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '{') {
				depth++;
			} else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** name-2, name-3, ...: the first that does not occur in the text as a word. */
	static String unusedName(String text, String name) {
		for (int n = 2;; n++) {
			String candidate = name + "-" + n;
			if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(candidate) + "(?![\\w-])").matcher(text).find()) {
				return candidate;
			}
		}
	}

	private static int skipBlanks(String text, int i) {
		while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	private static String wordAt(String text, int i) {
		int end = i;
		while (end < text.length() && Character.isLetter(text.charAt(end))) {
			end++;
		}
		return text.substring(i, end);
	}

	private static int lineStart(String text, int offset) {
		return text.lastIndexOf('\n', offset - 1) + 1;
	}

	private static String delimiter(String text) {
		return text.contains("\r\n") ? "\r\n" : "\n";
	}
}
