package org.underlay.dsl.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

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
