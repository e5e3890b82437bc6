package org.underlay.cli.interchange;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Device types from the NetBox community device-type library (one YAML file per type: manufacturer, model,
 * u_height, interfaces, power ports, outlets...) as an Underlay library file. What the language cannot say (console
 * ports, module bays, speeds without an enum value...) is listed in a comment above the type, never dropped silently.
 * <p>
 * Works on SnakeYAML's node tree rather than plain maps so that every schema problem can name its line.
 */
public final class NetboxDeviceTypes {

	/** A problem in an input file: where, and what. The CLI prints it as {@code file:line: message}. */
	public static final class InputException extends Exception {
		private static final long serialVersionUID = 1L;
		private final Path file;
		private final int line;

		public InputException(Path file, int line, String message) {
			super(message);
			this.file = file;
			this.line = line;
		}

		public Path file() {
			return file;
		}

		public int line() {
			return line;
		}

		@Override
		public String toString() {
			return file + ":" + line + ": " + getMessage();
		}
	}

	/** '100base-tx' (megabits without a unit), '10gbase-x-sfpp', '2.5gbase-t'. */
	private static final Pattern SPEED = Pattern.compile("^(\\d+(?:\\.\\d+)?)(g?)base", Pattern.CASE_INSENSITIVE);
	private static final Pattern NUMBERED = Pattern.compile("^(.*?)(0|[1-9]\\d{0,8})$");
	private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
	/** The language's speeds by megabits per second. */
	private static final Map<Double, String> SPEEDS = Map.of(100.0, "100M", 1000.0, "1G", 10_000.0, "10G",
			25_000.0, "25G", 40_000.0, "40G", 50_000.0, "50G", 100_000.0, "100G", 200_000.0, "200G", 400_000.0, "400G");
	/** NetBox form-factor suffixes in the language's media, most specific first. */
	private static final List<Map.Entry<String, String>> MEDIA = List.of(Map.entry("qsfpdd", "qsfp-dd"),
			Map.entry("qsfp-dd", "qsfp-dd"), Map.entry("qsfp56", "qsfp56"), Map.entry("qsfp28", "qsfp28"),
			Map.entry("qsfpp", "qsfp+"), Map.entry("osfp", "osfp"), Map.entry("sfp28", "sfp28"),
			Map.entry("sfpp", "sfp+"), Map.entry("sfp", "sfp"));
	/** Interface types that are not a physical port of the box. */
	private static final Pattern NOT_PHYSICAL = Pattern.compile("virtual|bridge|lag|ieee802\\.11.*|other-wireless|"
			+ "gsm|cdma|lte|4g|5g");

	private final Set<String> keywords;
	private final Set<String> typeNames = new HashSet<>();
	private final StringBuilder text = new StringBuilder();
	private int types;

	/** @param keywords the language's reserved words: names that are one get the {@code ^} escape */
	public NetboxDeviceTypes(String packageName, Set<String> keywords) {
		this.keywords = keywords;
		text.append("// Imported from the NetBox device-type library by 'underlay import netbox'.\n");
		text.append("package ").append(packageName).append("\n");
	}

	/** Whether {@code name} can be a package name (dotted identifiers). */
	public static boolean isPackageName(String name) {
		for (String segment : name.split("\\.", -1)) {
			if (!ID.matcher(segment).matches()) {
				return false;
			}
		}
		return true;
	}

	public int types() {
		return types;
	}

	public String text() {
		return text.toString();
	}

	/** Reads one NetBox device-type file and appends its type. */
	public void add(Path file) throws InputException, IOException {
		Node root;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			root = new Yaml(new LoaderOptions()).compose(reader);
		} catch (MarkedYAMLException e) {
			Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
			String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
			throw new InputException(file, mark == null ? 1 : mark.getLine() + 1,
					"malformed YAML: " + (problem == null ? "unreadable" : problem.strip()));
		} catch (YAMLException e) {
			throw new InputException(file, 1, "malformed YAML: " + firstLine(e.getMessage()));
		}
		if (!(root instanceof MappingNode mapping)) {
			throw new InputException(file, root == null ? 1 : line(root),
					"not a NetBox device type (expected a mapping with 'manufacturer' and 'model')");
		}
		new Type(file, mapping).append();
	}

	/** One device type being converted. */
	private final class Type {
		private final Path file;
		private final Map<String, Node> fields = new LinkedHashMap<>();
		private final List<String> unmapped = new ArrayList<>();
		private final List<String> lines = new ArrayList<>();
		private final Set<String> portNames = new HashSet<>();
		private final List<String> renamed = new ArrayList<>();

		Type(Path file, MappingNode mapping) throws InputException {
			this.file = file;
			for (NodeTuple tuple : mapping.getValue()) {
				fields.put(scalar(tuple.getKeyNode()), tuple.getValueNode());
			}
		}

		void append() throws InputException {
			String manufacturer = requiredScalar("manufacturer");
			String model = requiredScalar("model");
			String name = uniqueTypeName(manufacturer, model);
			String height = height();
			if (fields.containsKey("is_full_depth") && "false".equalsIgnoreCase(scalar(fields.get("is_full_depth")))) {
				lines.add("half-depth");
			}
			interfaces();
			plainPorts("front-ports");
			plainPorts("rear-ports");
			boolean pdu = fields.containsKey("power-outlets") && !list("power-outlets").isEmpty();
			power(pdu);
			for (Map.Entry<String, Node> field : fields.entrySet()) {
				if (!Set.of("manufacturer", "model", "slug", "part_number", "u_height", "is_full_depth", "interfaces",
						"front-ports", "rear-ports", "power-ports", "power-outlets", "comments").contains(field.getKey())) {
					String what = field.getValue() instanceof SequenceNode s ? " (" + s.getValue().size() + ")" : "";
					unmapped.add(field.getKey() + what);
				}
			}

			if (!renamed.isEmpty()) {
				unmapped.add("names made valid identifiers: " + renamed.get(0)
						+ (renamed.size() > 1 ? " and " + (renamed.size() - 1) + " more" : ""));
			}
			text.append("\n// ").append(manufacturer).append(' ').append(model);
			String slug = optionalScalar("slug");
			String part = optionalScalar("part_number");
			if (slug != null) {
				text.append(" (").append(slug).append(')');
			}
			if (part != null) {
				text.append(", part number ").append(part);
			}
			text.append('\n');
			if (!unmapped.isEmpty()) {
				text.append("// not mapped: ").append(String.join("; ", unmapped).replace('\n', ' ')).append('\n');
			}
			text.append("device-type ").append(name).append(" {\n");
			text.append("\tvendor ").append(quote(manufacturer)).append(" model ").append(quote(model)).append('\n');
			text.append("\theight ").append(height).append('\n');
			for (String line : lines) {
				text.append('\t').append(line).append('\n');
			}
			text.append("}\n");
			types++;
		}

		private String height() throws InputException {
			Node node = fields.get("u_height");
			if (node == null) {
				return "1";
			}
			BigDecimal units;
			try {
				units = new BigDecimal(scalar(node));
			} catch (NumberFormatException e) {
				throw new InputException(file, line(node), "u_height is not a number: " + scalar(node));
			}
			if (units.signum() < 0) {
				throw new InputException(file, line(node), "u_height is negative: " + scalar(node));
			}
			BigDecimal whole = units.setScale(0, RoundingMode.CEILING);
			if (whole.compareTo(units) != 0) {
				unmapped.add("u_height " + units.toPlainString() + " (fractional rack units are not supported; "
						+ "rounded up to " + whole.toPlainString() + ")");
			}
			return whole.toPlainString();
		}

		private void interfaces() throws InputException {
			List<Port> ports = new ArrayList<>();
			for (MappingNode item : list("interfaces")) {
				Map<String, Node> port = map(item);
				String original = scalarOf(port, "name", item);
				String type = port.containsKey("type") ? scalar(port.get("type")).toLowerCase(Locale.ROOT) : "";
				if (NOT_PHYSICAL.matcher(type).matches()) {
					unmapped.add("interface " + original + " (" + type + ", not a physical port)");
					continue;
				}
				String speed = null;
				String medium = null;
				Matcher m = SPEED.matcher(type);
				if (m.find()) {
					double megabits = Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1000);
					speed = SPEEDS.get(megabits);
				}
				if (type.endsWith("base-t") || type.endsWith("base-tx")) {
					medium = "rj45";
				} else {
					for (Map.Entry<String, String> entry : MEDIA) {
						if (type.endsWith("-" + entry.getKey())) {
							medium = entry.getValue();
							break;
						}
					}
				}
				if (!type.isEmpty() && (speed == null || medium == null)) {
					unmapped.add("interface " + original + " type " + type + " (" + (speed == null ? "speed" : "")
							+ (speed == null && medium == null ? " and " : "") + (medium == null ? "medium" : "")
							+ " not in the language)");
				}
				boolean management = port.containsKey("mgmt_only")
						&& "true".equalsIgnoreCase(scalar(port.get("mgmt_only")));
				ports.add(new Port(portName(original), speed, medium, management));
			}
			emitRanges("port", ports);
		}

		private void plainPorts(String field) throws InputException {
			List<Port> ports = new ArrayList<>();
			for (MappingNode item : list(field)) {
				ports.add(new Port(portName(scalarOf(map(item), "name", item)), null, null, false));
			}
			emitRanges("port", ports);
		}

		private void power(boolean pdu) throws InputException {
			List<MappingNode> inputs = list("power-ports");
			long maxDraw = 0;
			boolean drawGiven = false;
			for (MappingNode item : inputs) {
				Map<String, Node> port = map(item);
				for (String key : List.of("maximum_draw", "allocated_draw")) {
					if (port.containsKey(key) && !scalar(port.get(key)).isBlank()) {
						try {
							maxDraw = Math.max(maxDraw, Long.parseLong(scalar(port.get(key)).strip()));
							drawGiven = true;
						} catch (NumberFormatException e) {
							throw new InputException(file, line(port.get(key)), key + " is not a whole number of watts: "
									+ scalar(port.get(key)));
						}
						break;
					}
				}
			}
			if (pdu) {
				if (drawGiven) {
					lines.add("capacity " + maxDraw);
				} else {
					unmapped.add("capacity (NetBox gives none; add 'capacity WATTS' for budget checks)");
				}
				List<Port> outlets = new ArrayList<>();
				for (MappingNode item : list("power-outlets")) {
					Map<String, Node> outlet = map(item);
					String original = scalarOf(outlet, "name", item);
					String type = outlet.containsKey("type") ? scalar(outlet.get("type")).toLowerCase(Locale.ROOT) : "";
					String kind = type.contains("c13") ? "c13" : type.contains("c19") ? "c19"
							: type.startsWith("cee-7-") ? "schuko" : null;
					if (kind == null && !type.isEmpty()) {
						unmapped.add("outlet " + original + " type " + type);
					}
					String name = original.strip().matches("\\d+")
							? (kind == null ? "outlet" : kind.toUpperCase(Locale.ROOT)) + "-" + original.strip()
							: original;
					outlets.add(new Port(portName(name, original), null, kind, false));
				}
				emitRanges("outlet", outlets);
				if (inputs.size() > 1) {
					unmapped.add("power-ports (" + inputs.size() + " inlets; a PDU has one 'inlet' per device)");
				}
			} else if (!inputs.isEmpty()) {
				if (!drawGiven) {
					unmapped.add("power draw (no maximum_draw; 'watts 0' until known)");
				}
				lines.add("psus " + inputs.size() + " watts " + maxDraw);
			}
		}

		/** Consecutive names with the same properties collapse into {@code Ethernet1..48}. */
		private void emitRanges(String keyword, List<Port> ports) {
			int i = 0;
			while (i < ports.size()) {
				Port first = ports.get(i);
				Matcher m = NUMBERED.matcher(first.name);
				int j = i + 1;
				if (m.matches() && !m.group(1).isEmpty()) {
					String stem = m.group(1);
					long next = Long.parseLong(m.group(2)) + 1;
					while (j < ports.size() && ports.get(j).sameKind(first)
							&& ports.get(j).name.equals(stem + next) && j - i < 4096) {
						j++;
						next++;
					}
				}
				StringBuilder line = new StringBuilder(keyword).append(' ').append(first.name);
				if (j - i > 1) {
					line.append("..").append(next(ports.get(j - 1).name));
				}
				if (keyword.equals("outlet")) {
					if (first.medium != null) {
						line.append(' ').append(first.medium);
					}
				} else {
					if (first.speed != null) {
						line.append(" speed ").append(first.speed);
					}
					if (first.medium != null) {
						line.append(" medium ").append(first.medium);
					}
					if (first.management) {
						line.append(" management");
					}
				}
				lines.add(line.toString());
				i = j;
			}
		}

		private String next(String name) {
			Matcher m = NUMBERED.matcher(name);
			m.matches();
			return m.group(2);
		}

		/** A valid, unique port name: invalid characters become '-', a leading digit gets a 'p'. */
		private String portName(String original) {
			return portName(original, original);
		}

		private String portName(String proposed, String original) {
			String name = proposed.strip().replaceAll("[^A-Za-z0-9_-]", "-");
			if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
				name = "p" + name;
			}
			String unique = name;
			for (int n = 2; portNames.contains(unique); n++) {
				unique = name + "_" + n;
			}
			portNames.add(unique);
			if (!unique.equals(original)) {
				renamed.add("'" + original + "' is " + unique);
			}
			return keywords.contains(unique) ? "^" + unique : unique;
		}

		private String requiredScalar(String field) throws InputException {
			Node node = fields.get(field);
			if (node == null || scalar(node).isBlank()) {
				throw new InputException(file, 1, "not a NetBox device type: no '" + field + "'");
			}
			return scalar(node).strip();
		}

		private String optionalScalar(String field) {
			Node node = fields.get(field);
			String value = node == null ? null : scalar(node);
			return value == null || value.isBlank() ? null : value.strip();
		}

		private List<MappingNode> list(String field) throws InputException {
			Node node = fields.get(field);
			if (node == null || node instanceof ScalarNode s && s.getValue().isEmpty()) {
				return List.of();
			}
			if (!(node instanceof SequenceNode sequence)) {
				throw new InputException(file, line(node), "'" + field + "' is not a list");
			}
			List<MappingNode> items = new ArrayList<>();
			for (Node item : sequence.getValue()) {
				if (!(item instanceof MappingNode mapping)) {
					throw new InputException(file, line(item), "an entry of '" + field + "' is not a mapping");
				}
				items.add(mapping);
			}
			return items;
		}

		private Map<String, Node> map(MappingNode mapping) {
			Map<String, Node> map = new LinkedHashMap<>();
			for (NodeTuple tuple : mapping.getValue()) {
				map.put(scalar(tuple.getKeyNode()), tuple.getValueNode());
			}
			return map;
		}

		private String scalarOf(Map<String, Node> map, String key, Node owner) throws InputException {
			Node node = map.get(key);
			if (node == null || scalar(node).isBlank()) {
				throw new InputException(file, line(owner), "entry without a '" + key + "'");
			}
			return scalar(node);
		}

		private String scalar(Node node) {
			return node instanceof ScalarNode s ? s.getValue() : "";
		}
	}

	private record Port(String name, String speed, String medium, boolean management) {
		boolean sameKind(Port other) {
			return Objects.equals(speed, other.speed) && Objects.equals(medium, other.medium)
					&& management == other.management;
		}
	}

	/** 'Dell' + 'PowerEdge R650' gives DellPowerEdgeR650; a model that starts with the maker's name keeps it once. */
	String uniqueTypeName(String manufacturer, String model) {
		String maker = camel(manufacturer);
		String product = camel(model);
		String name = product.toLowerCase(Locale.ROOT).startsWith(maker.toLowerCase(Locale.ROOT)) ? product
				: maker + product;
		if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
			name = "T" + name;
		}
		String unique = name;
		for (int n = 2; typeNames.contains(unique); n++) {
			unique = name + "_" + n;
		}
		typeNames.add(unique);
		return keywords.contains(unique) ? "^" + unique : unique;
	}

	private static String camel(String text) {
		StringBuilder out = new StringBuilder();
		for (String part : text.split("[^A-Za-z0-9]+")) {
			if (!part.isEmpty()) {
				out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		return out.toString();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static int line(Node node) {
		return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
	}

	private static String firstLine(String message) {
		return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable").strip();
	}
}
