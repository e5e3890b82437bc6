package org.underlay.dsl.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;

/** Small helpers shared by the language tests. */
final class DesignTestSupport {

	/** The library every site test imports: one 1U server, one 2U server, a zero-U PDU. */
	static final String LIBRARY = """
			package test.lib

			device-type OneU {
				vendor "Dell" model "PowerEdge R650"
				height 1
				port eno1..2 speed 25G medium sfp28
			}

			device-type TwoU {
				height 2
				port eth0
			}

			device-type ZeroU {
				height 0
			}
			""";

	private DesignTestSupport() {
	}

	/** The repository's examples/ folder (handed in by the build as a system property). */
	static Path examples() {
		String folder = System.getProperty("underlay.examples");
		if (folder == null) {
			throw new IllegalStateException("system property underlay.examples is not set (run through Maven)");
		}
		Path path = Path.of(folder);
		if (!Files.isDirectory(path)) {
			throw new IllegalStateException("examples folder missing: " + path);
		}
		return path;
	}

	/** Reads design files from disk into one resource set (as the CLI reads a folder) and validates every resource. */
	static List<Issue> readAndValidate(XtextResourceSet set, ValidationTestHelper validation, List<Path> files) {
		for (Path file : files) {
			set.getResource(URI.createFileURI(file.toString()), true);
		}
		EcoreUtil.resolveAll(set);
		List<Issue> issues = new ArrayList<>();
		for (Resource resource : List.copyOf(set.getResources())) {
			issues.addAll(validation.validate(resource));
		}
		return issues;
	}

	static String describe(List<Issue> issues) {
		return issues.stream().map(i -> i.getLineNumber() + ": " + i.getMessage() + " [" + i.getCode() + "]")
				.collect(Collectors.joining("\n"));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
