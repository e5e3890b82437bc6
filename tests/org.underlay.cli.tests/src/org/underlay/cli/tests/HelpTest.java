package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every command prints its usage for {@code --help} (exit 0) and with it refuses an unknown option (exit 2). */
class HelpTest {

	private static final List<String> COMMANDS = List.of("validate", "export", "import", "lsp", "bench");

	private final CliRun cli = new CliRun();

	@Test
	void helpPrintsUsageAndExitsZero() {
		for (String command : COMMANDS) {
			for (String flag : List.of("--help", "-h")) {
				assertEquals(0, cli.run(command, flag), () -> command + " " + flag + ": " + cli.both());
				assertTrue(cli.out().startsWith("usage: underlay " + command), () -> command + ": " + cli.out());
				assertEquals("", cli.err(), command);
			}
		}
		assertEquals(0, cli.run("export", "graph.dot", "--help"), cli::both);
		assertTrue(cli.out().contains("ansible-inventory.yml"), cli::out);
		assertEquals(0, cli.run("help"));
		assertTrue(cli.out().contains("import netbox"), cli::out);
	}

	@Test
	void unknownOptionsExitTwoWithUsage() {
		for (String command : COMMANDS) {
			List<String> args = command.equals("export") ? List.of(command, "graph.dot", CliRun.example(), "--frobnicate", "x")
					: command.equals("import") ? List.of(command, "netbox", "x.yaml", "--frobnicate")
							: List.of(command, "--frobnicate");
			assertEquals(2, cli.run(args.toArray(String[]::new)), () -> command + ": " + cli.both());
			assertTrue(cli.err().contains("'--frobnicate'"), () -> command + ": " + cli.err());
			assertTrue(cli.err().contains("usage: underlay " + command), () -> command + ": " + cli.err());
			assertEquals("", cli.out(), command);
		}
	}
}
