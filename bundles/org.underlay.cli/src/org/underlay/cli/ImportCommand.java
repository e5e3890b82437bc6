package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.underlay.cli.interchange.DesignJson;
import org.underlay.cli.interchange.DesignText;
import org.underlay.cli.interchange.NetboxDeviceTypes;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.UnderlayStandaloneSetup;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * {@code underlay import netbox <file.yaml | folder>... --package NAME [--out FILE]}: device types from the NetBox
 * device-type library as an Underlay library file. {@code underlay import json <file.json> [--out FILE | FOLDER]}:
 * a design in the JSON form of {@code underlay export design.json} as design text.
 */
final class ImportCommand extends Subcommand {

	static final String USAGE = """
			usage: underlay import netbox <file.yaml | folder>... --package NAME [--out FILE.underlay]
			       underlay import json <design.json> [--out FILE.underlay | FOLDER]

			netbox: device types of the NetBox community device-type library (manufacturer, model, u_height,
			        interfaces, power-ports, power-outlets...) as 'device-type' blocks of package NAME; what the
			        language cannot say is listed in a comment above each type. Folders are searched for *.yaml, *.yml.
			json:   the JSON form written by 'underlay export design.json', back to design text (one file per entry;
			        several need --out FOLDER).
			Without --out the text goes to standard output. Exit codes: 0 written, 2 bad usage or input.""";

	ImportCommand(PrintStream out, PrintStream err) {
		super(out, err, USAGE, 2);
	}

	@Override
	int execute(String[] args) {
		List<String> inputs = new ArrayList<>();
		String packageName = null;
		String target = null;
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if ((arg.equals("--package") || arg.equals("--out")) && i + 1 < args.length) {
				if (arg.equals("--package")) {
					packageName = args[++i];
				} else {
					target = args[++i];
				}
			} else if (arg.startsWith("-")) {
				err.println("underlay import: unknown option '" + arg + "'");
				err.println(USAGE);
				return UnderlayCli.USAGE;
			} else {
				inputs.add(arg);
			}
		}
		return switch (args[0]) {
		case "netbox" -> netbox(inputs, packageName, target);
		case "json" -> json(inputs, packageName, target);
		default -> {
			err.println("underlay import: unknown format '" + args[0] + "'; one of: netbox, json");
			err.println(USAGE);
			yield UnderlayCli.USAGE;
		}
		};
	}

	private int netbox(List<String> inputs, String packageName, String target) {
		if (packageName == null || inputs.isEmpty()) {
			err.println("underlay import netbox: name the YAML files or folders and --package NAME");
			err.println(USAGE);
			return UnderlayCli.USAGE;
		}
		if (!NetboxDeviceTypes.isPackageName(packageName)) {
			err.println("underlay import netbox: not a package name: '" + packageName + "' (e.g. acme.netbox)");
			return UnderlayCli.USAGE;
		}
		List<Path> files = new ArrayList<>();
		for (String input : inputs) {
			Path path = Path.of(input);
			if (Files.isDirectory(path)) {
				try (Stream<Path> walk = Files.walk(path)) {
					walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")
							|| f.toString().endsWith(".yml")).sorted().forEach(files::add);
				} catch (IOException e) {
					err.println("underlay import netbox: cannot read folder " + input + ": " + e.getMessage());
					return UnderlayCli.USAGE;
				}
			} else if (Files.isRegularFile(path)) {
				files.add(path);
			} else {
				err.println("underlay import netbox: no such file or folder: " + input);
				return UnderlayCli.USAGE;
			}
		}
		if (files.isEmpty()) {
			err.println("underlay import netbox: no .yaml files in " + String.join(", ", inputs));
			return UnderlayCli.USAGE;
		}
		IGrammarAccess grammar = UnderlayStandaloneSetup.injector().getInstance(IGrammarAccess.class);
		Set<String> keywords = GrammarUtil.getAllKeywords(grammar.getGrammar());
		NetboxDeviceTypes types = new NetboxDeviceTypes(packageName, keywords);
		for (Path file : files) {
			try {
				types.add(file);
			} catch (NetboxDeviceTypes.InputException e) {
				err.println(e);
				return UnderlayCli.USAGE;
			} catch (IOException e) {
				err.println(file + ":1: cannot read: " + e.getMessage());
				return UnderlayCli.USAGE;
			}
		}
		if (!write(target, types.text(), "underlay import netbox")) {
			return UnderlayCli.USAGE;
		}
		err.println("underlay import netbox: " + types.types() + (types.types() == 1 ? " device type" : " device types")
				+ " into package " + packageName);
		return UnderlayCli.OK;
	}

	private int json(List<String> inputs, String packageName, String target) {
		if (inputs.size() != 1 || packageName != null) {
			err.println("underlay import json: name one JSON file (and optionally --out)");
			err.println(USAGE);
			return UnderlayCli.USAGE;
		}
		Path file = Path.of(inputs.get(0));
		JsonElement json;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			json = JsonParser.parseReader(reader);
		} catch (IOException e) {
			err.println("underlay import json: cannot read " + file + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		} catch (JsonParseException e) {
			String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
					: e.getMessage();
			err.println(file + ": malformed JSON: " + message);
			return UnderlayCli.USAGE;
		}
		if (!(json instanceof JsonObject root)) {
			err.println(file + ": not an Underlay design (expected a JSON object)");
			return UnderlayCli.USAGE;
		}
		IQualifiedNameProvider names = UnderlayStandaloneSetup.injector().getInstance(IQualifiedNameProvider.class);
		DesignJson.Model model;
		try {
			model = DesignJson.read(root, names);
		} catch (DesignJson.FormatException e) {
			err.println(file + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		int count = model.files().size();
		boolean toFolder = target != null && (Files.isDirectory(Path.of(target))
				|| !target.endsWith("." + DesignFiles.EXTENSION));
		if (count != 1 && !toFolder) {
			err.println("underlay import json: the JSON holds " + count + " files; name a folder with --out FOLDER");
			return UnderlayCli.USAGE;
		}
		Path folder = toFolder ? Path.of(target) : (target == null ? Path.of("") : Path.of(target).toAbsolutePath().getParent());
		Map<String, String> texts = DesignText.of(model, folder);
		if (!toFolder) {
			return write(target, texts.values().iterator().next(), "underlay import json") ? UnderlayCli.OK
					: UnderlayCli.USAGE;
		}
		// every path checked before anything is written: a file from elsewhere must not overwrite files outside
		for (String path : texts.keySet()) {
			Path destination = folder.resolve(path).normalize();
			if (!destination.toAbsolutePath().startsWith(folder.toAbsolutePath().normalize())
					|| !DesignFiles.isDesignFile(destination)) {
				err.println(file + ": file path '" + path + "' is not a ." + DesignFiles.EXTENSION
						+ " file inside the output folder");
				return UnderlayCli.USAGE;
			}
		}
		for (Map.Entry<String, String> text : texts.entrySet()) {
			Path destination = folder.resolve(text.getKey()).normalize();
			try {
				Files.createDirectories(destination.getParent());
				Files.writeString(destination, text.getValue(), StandardCharsets.UTF_8);
			} catch (IOException e) {
				err.println("underlay import json: cannot write " + destination + ": " + e.getMessage());
				return UnderlayCli.USAGE;
			}
		}
		err.println("underlay import json: wrote " + count + (count == 1 ? " file" : " files") + " to " + folder);
		return UnderlayCli.OK;
	}
}
