package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.Issue.IssueImpl;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;

/**
 * {@code underlay validate <files or folders>}: loads each named file together with the rest of its design (the
 * other {@code .underlay} files of its project folder, so imports resolve), validates the named files and prints
 * one line per finding in the compiler format editors and CI logs understand: at most {@value #MAX_PER_FILE} a file,
 * control characters escaped. A file nested too deeply for the parser is one error of its own; the other files are
 * validated as usual.
 */
final class ValidateCommand extends Subcommand {

	static final String USAGE = """
			usage: underlay validate <file.underlay | folder>...
			Checks the named files (each with the rest of its design, so imports resolve) and prints one line per
			problem: file:line:col: severity: message [code], at most 200 a file. Exit codes: 0 clean, 1 findings
			(errors or warnings), 2 bad usage or unreadable input.""";

	/** Findings printed per file; the summary counts all of them. */
	static final int MAX_PER_FILE = 200;

	/** The code of the one error on a file nested too deeply to parse or validate. */
	static final String TOO_DEEPLY_NESTED = "underlay.too-deeply-nested";

	ValidateCommand(PrintStream out, PrintStream err) {
		// no arguments is an error of its own, said after the options are checked
		super(out, err, USAGE, 0);
	}

	@Override
	int execute(String[] args) {
		for (String arg : args) {
			if (arg.startsWith("-")) {
				err.println("underlay validate: unknown option '" + arg + "'");
				err.println(USAGE);
				return UnderlayCli.USAGE;
			}
		}
		if (args.length == 0) {
			err.println("underlay validate: name at least one .underlay file or folder");
			return UnderlayCli.USAGE;
		}
		// file to report -> how to print its name (as the user wrote it)
		Map<Path, String> reported = new LinkedHashMap<>();
		Set<Path> context = new LinkedHashSet<>();
		for (String arg : args) {
			Path path = Path.of(arg);
			if (Files.isDirectory(path)) {
				List<Path> files;
				try {
					files = DesignFiles.find(path);
				} catch (IOException e) {
					err.println("underlay validate: cannot read folder " + arg + ": " + e.getMessage());
					return UnderlayCli.USAGE;
				}
				if (files.isEmpty()) {
					err.println("underlay validate: no ." + DesignFiles.EXTENSION + " files in " + arg);
					return UnderlayCli.USAGE;
				}
				for (Path file : files) {
					reported.putIfAbsent(normal(file), file.toString());
				}
				addContext(context, DesignFiles.rootOf(files.get(0)));
			} else if (!Files.exists(path)) {
				err.println("underlay validate: no such file or folder: " + arg);
				return UnderlayCli.USAGE;
			} else if (!DesignFiles.isDesignFile(path)) {
				err.println("underlay validate: not a ." + DesignFiles.EXTENSION + " file: " + arg);
				return UnderlayCli.USAGE;
			} else if (!Files.isReadable(path)) {
				err.println("underlay validate: cannot read " + arg);
				return UnderlayCli.USAGE;
			} else {
				reported.putIfAbsent(normal(path), arg);
				addContext(context, DesignFiles.rootOf(path));
			}
		}
		context.addAll(reported.keySet());

		XtextResourceSet resourceSet = UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class);
		Map<Path, URI> uris = new LinkedHashMap<>();
		context.forEach(file -> uris.put(file, URI.createFileURI(file.toString())));
		Map<URI, Exception> unreadable = DesignLoader.loadAll(resourceSet,
				() -> UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class), uris.values());
		Map<Path, Resource> resources = new LinkedHashMap<>();
		Set<Path> tooDeep = new HashSet<>();
		for (Map.Entry<Path, URI> file : uris.entrySet()) {
			Exception e = unreadable.get(file.getValue());
			if (e == null) {
				resources.put(file.getKey(), resourceSet.getResource(file.getValue(), false));
			} else if (reported.containsKey(file.getKey()) && overflowed(e)) {
				tooDeep.add(file.getKey());
			} else if (reported.containsKey(file.getKey())) {
				err.println(FindingText.escape("underlay validate: cannot read " + reported.get(file.getKey()) + ": "
						+ rootMessage(e)));
				return UnderlayCli.USAGE;
			}
			// an unreadable neighbour only matters through the references that now fail to resolve
		}

		IResourceValidator validator = UnderlayStandaloneSetup.injector().getInstance(IResourceValidator.class);
		int errors = 0;
		int warnings = 0;
		for (Map.Entry<Path, String> file : reported.entrySet()) {
			List<Issue> issues = new ArrayList<>();
			if (tooDeep.contains(file.getKey())) {
				issues.add(tooDeeplyNested(file.getKey(), "read"));
			} else {
				try {
					issues.addAll(validator.validate(resources.get(file.getKey()), CheckMode.ALL, CancelIndicator.NullImpl));
				} catch (StackOverflowError | RuntimeException e) {
					if (!overflowed(e)) {
						throw e;
					}
					issues.add(tooDeeplyNested(file.getKey(), "validate"));
				}
			}
			issues.removeIf(i -> i.getSeverity() != Severity.ERROR && i.getSeverity() != Severity.WARNING);
			issues.sort(Comparator.comparing((Issue i) -> i.getLineNumber() == null ? 0 : i.getLineNumber())
					.thenComparing(i -> i.getColumn() == null ? 0 : i.getColumn()));
			for (Issue issue : issues) {
				if (issue.getSeverity() == Severity.ERROR) {
					errors++;
				} else {
					warnings++;
				}
			}
			issues.stream().limit(MAX_PER_FILE).forEach(issue -> out.println(format(file.getValue(), issue)));
			if (issues.size() > MAX_PER_FILE) {
				out.println(FindingText.escape(file.getValue()) + ": and " + (issues.size() - MAX_PER_FILE)
						+ " more in this file");
			}
		}
		out.println(summary(reported.size(), errors, warnings));
		return errors + warnings > 0 ? UnderlayCli.FINDINGS : UnderlayCli.OK;
	}

	static String format(String file, Issue issue) {
		int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
		int column = issue.getColumn() == null ? 1 : issue.getColumn();
		String severity = issue.getSeverity().name().toLowerCase();
		String message = issue.getMessage() == null ? "" : issue.getMessage();
		String code = issue.getCode() == null ? "" : " [" + issue.getCode() + "]";
		return FindingText.escape(file + ":" + line + ":" + column + ": " + severity + ": " + message + code);
	}

	static String summary(int files, int errors, int warnings) {
		return "validated " + files + (files == 1 ? " file: " : " files: ") + errors
				+ (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings");
	}

	private void addContext(Set<Path> context, Path root) {
		try {
			for (Path file : DesignFiles.find(root)) {
				context.add(normal(file));
			}
		} catch (IOException e) {
			// the named files are still validated; only their imports may not resolve
		}
	}

	private static Path normal(Path path) {
		return path.toAbsolutePath().normalize();
	}

	/** Whether the parser or a validator ran out of stack: the file nests too deeply. */
	private static boolean overflowed(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof StackOverflowError) {
				return true;
			}
		}
		return false;
	}

	/** The one error of a file that nests too deeply, where it nests deepest. */
	private static Issue tooDeeplyNested(Path file, String what) {
		IssueImpl issue = new IssueImpl();
		issue.setSeverity(Severity.ERROR);
		issue.setCode(TOO_DEEPLY_NESTED);
		issue.setLineNumber(1);
		issue.setColumn(1);
		String where = "";
		try {
			FindingText.Nesting deepest = FindingText.deepest(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
			issue.setLineNumber(deepest.line());
			issue.setColumn(deepest.column());
			where = " (brackets and braces nest " + deepest.depth() + " levels deep here)";
		} catch (IOException e) {
			// the position stays at the start of the file
		}
		issue.setMessage("too deeply nested to " + what + where + "; nest lists and blocks less deeply");
		return issue;
	}

	private static String rootMessage(Throwable e) {
		Throwable t = e;
		while (t.getCause() != null) {
			t = t.getCause();
		}
		return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
	}
}
