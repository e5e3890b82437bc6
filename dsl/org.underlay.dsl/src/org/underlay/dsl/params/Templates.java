package org.underlay.dsl.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;

/**
 * Command and script templates: {@code {{ os.image }}} stands for the device's effective value of a param. Rendered
 * into a shell command, a value is quoted for where it stands, so it is always one literal piece of the command
 * ({@link ShellQuoting}); {@code {{ name | raw }}} inserts it as it is.
 */
public final class Templates {

	private static final Pattern REFERENCE = Pattern
			.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?:\\|\\s*([A-Za-z_][A-Za-z0-9_-]*)\\s*)?}}");

	/** Names every template may use without a declaration: filled in from the device's place in the design. */
	public static final List<String> BUILT_INS = List.of("host.name", "site.name", "room.name", "rack.name");

	/** The filter that inserts a value into a command unquoted. */
	public static final String RAW = "raw";

	/** The filters a reference may name. */
	public static final List<String> FILTERS = List.of(RAW);

	private Templates() {
	}

	/**
	 * A reference in a template.
	 *
	 * @param filter the filter after '|', or null
	 * @param start  where its '{{' starts in the template
	 * @param end    the index after its '}}'
	 */
	public record Reference(String name, String filter, int start, int end) {

		public boolean isRaw() {
			return RAW.equals(filter);
		}

		/** A filter no one knows: the reference is left as written. */
		public boolean hasUnknownFilter() {
			return filter != null && !FILTERS.contains(filter);
		}

		/** As messages show it: {@code {{ name }}} or {@code {{ name | raw }}}. */
		@Override
		public String toString() {
			return "{{ " + name + (filter == null ? "" : " | " + filter) + " }}";
		}
	}

	/** A command rendered for the shell, and why it must not run (empty when it may). */
	public record Rendering(String text, List<String> problems) {
	}

	/** The values of the built-in names for a device. */
	public static Map<String, String> builtIns(Device device) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("host.name", device.getName());
		EObject rack = device.eContainer();
		EObject room = rack == null ? null : rack.eContainer();
		EObject site = room == null ? null : room.eContainer();
		if (site instanceof Site s) {
			values.put("site.name", s.getName());
		}
		if (room instanceof Room r) {
			values.put("room.name", r.getName());
		}
		if (rack instanceof Rack r) {
			values.put("rack.name", r.getName());
		}
		return values;
	}

	/** The references of a template, in order of appearance. */
	public static List<Reference> parse(String template) {
		List<Reference> references = new ArrayList<>();
		if (template != null) {
			Matcher matcher = REFERENCE.matcher(template);
			while (matcher.find()) {
				references.add(new Reference(matcher.group(1), matcher.group(2), matcher.start(), matcher.end()));
			}
		}
		return references;
	}

	/** The param names a template refers to, in order of appearance (repeats kept). */
	public static List<String> references(String template) {
		return parse(template).stream().map(Reference::name).toList();
	}

	/**
	 * Replaces each reference with {@code values.apply(name)}, unquoted (for what is not a shell command: a script's
	 * path); a null value or an unknown filter leaves the reference as written.
	 */
	public static String render(String template, Function<String, String> values) {
		StringBuilder out = new StringBuilder();
		int last = 0;
		for (Reference reference : parse(template)) {
			String value = reference.hasUnknownFilter() ? null : values.apply(reference.name());
			out.append(template, last, reference.start())
					.append(value != null ? value : template.substring(reference.start(), reference.end()));
			last = reference.end();
		}
		return out.append(template.substring(last)).toString();
	}

	/**
	 * Renders a shell command: each value quoted for where it stands (bare, in the template's single or double quotes,
	 * in a command substitution), a {@code raw} one as it is. Where quoting cannot protect a value (a here-document,
	 * backquotes, a comment, $'…', after a backslash or a '$', a command line another shell parses again (eval, ssh,
	 * sh -c …), anywhere after a ${…} or a 'case' inside $( … )) a value of other than plain characters is a problem:
	 * the command must not run. A null value or an unknown filter leaves the reference as written.
	 */
	public static Rendering renderShell(String template, Function<String, String> values) {
		StringBuilder out = new StringBuilder();
		List<String> problems = new ArrayList<>();
		ShellQuoting.Scanner scanner = new ShellQuoting.Scanner();
		int last = 0;
		for (Reference reference : parse(template)) {
			String literal = template.substring(last, reference.start());
			out.append(literal);
			scanner.feed(literal);
			last = reference.end();
			String value = reference.hasUnknownFilter() ? null : values.apply(reference.name());
			if (value == null || reference.isRaw()) {
				String text = value == null ? template.substring(reference.start(), reference.end()) : value;
				out.append(text);
				scanner.feed(text); // a raw value may open or close quotes: what follows is read after it
				continue;
			}
			ShellQuoting.Context context = scanner.context();
			String quoted = context.quote(value);
			if (quoted == null) {
				problems.add(reference + " stands " + context.unquotable + ", where quoting cannot protect its value \""
						+ value + "\"; only a value of the characters " + ShellQuoting.PLAIN_CHARACTERS
						+ " can stand there (move it out, e.g. into an argument)");
				quoted = ShellQuoting.quote(value);
			}
			out.append(quoted);
			scanner.appended(value);
		}
		out.append(template.substring(last));
		return new Rendering(out.toString(), problems);
	}

	/**
	 * The references of a shell command template that stand where quoting cannot protect a value, with the place
	 * ("in a here-document"); {@code raw} ones are not listed (they are not quoted anyway).
	 */
	public static Map<Reference, String> unquotable(String template) {
		Map<Reference, String> found = new LinkedHashMap<>();
		ShellQuoting.Scanner scanner = new ShellQuoting.Scanner();
		int last = 0;
		for (Reference reference : parse(template)) {
			scanner.feed(template.substring(last, reference.start()));
			last = reference.end();
			String place = scanner.context().unquotable;
			if (place != null && !reference.isRaw()) {
				found.put(reference, place);
			}
			scanner.appended(null);
		}
		return found;
	}

	/**
	 * A script step's file and its arguments: the template split at its first blank outside a reference
	 * ({@code scripts/{{ disk.layout }}.sh --force} gives {@code scripts/{{ disk.layout }}.sh} and {@code --force});
	 * the arguments are "" when there are none.
	 */
	public static String[] splitScript(String template) {
		List<Reference> references = parse(template);
		for (int i = 0; i < template.length(); i++) {
			int at = i;
			if (Character.isWhitespace(template.charAt(i))
					&& references.stream().noneMatch(r -> r.start() <= at && at < r.end())) {
				return new String[] { template.substring(0, i), template.substring(i + 1).stripLeading() };
			}
		}
		return new String[] { template, "" };
	}
}
