package org.underlay.dsl.params;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command and script templates: {@code {{ os.image }}} stands for the device's effective value of a param. */
public final class Templates {

	private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

	/** Names every template may use without a declaration: filled in from the device's place in the design. */
	public static final List<String> BUILT_INS = List.of("host.name", "site.name", "room.name", "rack.name");

	private Templates() {
	}

	/** The values of the built-in names for a device. */
	public static java.util.Map<String, String> builtIns(org.underlay.dsl.underlay.Device device) {
		java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
		values.put("host.name", device.getName());
		org.eclipse.emf.ecore.EObject rack = device.eContainer();
		org.eclipse.emf.ecore.EObject room = rack == null ? null : rack.eContainer();
		org.eclipse.emf.ecore.EObject site = room == null ? null : room.eContainer();
		if (site instanceof org.underlay.dsl.underlay.Site s) {
			values.put("site.name", s.getName());
		}
		if (room instanceof org.underlay.dsl.underlay.Room r) {
			values.put("room.name", r.getName());
		}
		if (rack instanceof org.underlay.dsl.underlay.Rack r) {
			values.put("rack.name", r.getName());
		}
		return values;
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

	/** A reference in a template. (Seam: filters not read yet.) */
	public record Reference(String name, String filter, int start, int end) {
	}

	/** The references of a template. (Seam.) */
	public static List<Reference> parse(String template) {
		List<Reference> references = new ArrayList<>();
		Matcher matcher = REFERENCE.matcher(template);
		while (matcher.find()) {
			references.add(new Reference(matcher.group(1), null, matcher.start(), matcher.end()));
		}
		return references;
	}

	/** A script step's path and arguments. (Seam: split at the first space, as before.) */
	public static String[] splitScript(String template) {
		String[] words = template.split(" ", 2);
		return new String[] { words[0], words.length > 1 ? words[1] : "" };
	}

	/** A command rendered for the shell, and why it must not run (empty when it may). */
	public record Rendering(String text, List<String> problems) {
	}

	/** Renders a command for the shell. (Seam for the quoting; not quoting yet.) */
	public static Rendering renderShell(String template, Function<String, String> values) {
		return new Rendering(render(template, values), List.of());
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
