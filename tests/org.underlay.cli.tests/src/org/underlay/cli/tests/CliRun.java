package org.underlay.cli.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.underlay.cli.UnderlayCli;

/** Runs the command line in-process and keeps what it printed. */
final class CliRun {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	int run(String... args) {
		out.reset();
		err.reset();
		return new UnderlayCli(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
	}

	String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	List<String> outLines() {
		return out().lines().toList();
	}

	String both() {
		return out() + "\n" + err();
	}

	static String example() {
		return Path.of(System.getProperty("underlay.examples"), "acme-dc").toString();
	}
}
