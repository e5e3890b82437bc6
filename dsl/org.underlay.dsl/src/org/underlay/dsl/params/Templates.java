package org.underlay.dsl.params;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command and script templates: {@code {{ os.image }}} stands for the device's effective value of a param. */
public final class Templates {

	private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

	private Templates() {
	}

	/** The param names a template refers to, in order of appearance (repeats kept). */
	public static List<String> references(String template) {
		List<String> names = new ArrayList<>();
		if (template != null) {
			Matcher matcher = REFERENCE.matcher(template);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** Replaces each reference with {@code values.apply(name)}; a null value leaves the reference as written. */
	public static String render(String template, Function<String, String> values) {
		Matcher matcher = REFERENCE.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.apply(matcher.group(1));
			matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
		}
		matcher.appendTail(out);
		return out.toString();
	}
}
