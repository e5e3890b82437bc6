package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the design commands ({@code validate}, {@code export}, {@code import}) share: the two streams, the usage
 * ({@code --help} prints it and succeeds, too few arguments print it as an error) and text that goes to a file or
 * to standard output.
 */
abstract class Subcommand {

	final PrintStream out;
	final PrintStream err;
	private final String usage;
	private final int leastArguments;

	Subcommand(PrintStream out, PrintStream err, String usage, int leastArguments) {
		this.out = out;
		this.err = err;
		this.usage = usage;
		this.leastArguments = leastArguments;
	}

	final int run(String[] args) {
		if (UnderlayCli.wantsHelp(args)) {
			out.println(usage);
			return UnderlayCli.OK;
		}
		if (args.length < leastArguments) {
			err.println(usage);
			return UnderlayCli.USAGE;
		}
		return execute(args);
	}

	/** The command itself, once the arguments are not a request for help. */
	abstract int execute(String[] args);

	/**
	 * Writes {@code text} to {@code target}, or to standard output when there is none; says on standard error what
	 * it wrote or why it could not, the line starting with {@code command}.
	 */
	final boolean write(String target, String text, String command) {
		if (target == null) {
			out.print(text);
			out.flush();
			return true;
		}
		try {
			Files.writeString(Path.of(target), text, StandardCharsets.UTF_8);
			err.println(command + ": wrote " + target);
			return true;
		} catch (IOException e) {
			err.println(command + ": cannot write " + target + ": " + e.getMessage());
			return false;
		}
	}
}
