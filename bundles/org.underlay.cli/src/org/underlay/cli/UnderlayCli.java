package org.underlay.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code underlay} command line. Exit codes: 0 success, 1 findings, 2 bad usage or unreadable input. Errors are
 * one-line messages, never stack traces.
 */
public final class UnderlayCli {

	public static final int OK = 0;
	public static final int FINDINGS = 1;
	public static final int USAGE = 2;

	static final String USAGE_TEXT = """
			usage: underlay <command> [arguments]

			commands:
			  validate <file.underlay | folder>...   check designs; prints file:line:col: severity: message [code]
			  export <what> <folder> [--site S] [--room R] [--out FILE] [--colour-by kind|role]
			                                         drawings and sheets: elevation.svg|png, graph.svg|png|dot,
			                                         ip-plan.csv, cables.csv, work-package.html
			  lsp                                    serve the language over stdio (Language Server Protocol)
			  bench [--per-file N] [devices...]      parse+link+validate and drawing figures for synthetic designs
			  help                                   show this text

			Without a command, the 'underlay' script starts the workbench.
			Exit codes: 0 clean, 1 findings (errors or warnings), 2 bad usage or unreadable input.""";

	private final PrintStream out;
	private final PrintStream err;

	public UnderlayCli(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	private int serveLanguage() {
		try {
			org.underlay.dsl.ide.UnderlayLanguageServer.start(System.in, System.out).get();
			return OK;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return OK;
		} catch (java.util.concurrent.ExecutionException e) {
			err.println("underlay lsp: the connection failed: " + e.getCause());
			return USAGE;
		}
	}

	public int run(String... args) {
		if (args.length == 0) {
			err.println(USAGE_TEXT);
			return USAGE;
		}
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		try {
			return switch (args[0]) {
			case "validate" -> new ValidateCommand(out, err).run(rest);
			case "export" -> new ExportCommand(out, err).run(rest);
			case "lsp" -> serveLanguage();
			case "bench" -> new org.underlay.cli.bench.BenchCommand(out, err).run(rest);
			case "help", "-h", "--help" -> {
				out.println(USAGE_TEXT);
				yield OK;
			}
			default -> {
				err.println("underlay: unknown command '" + args[0] + "'");
				err.println(USAGE_TEXT);
				yield USAGE;
			}
			};
		} catch (RuntimeException e) {
			// a bug, not the user's fault: one line, and the exit code pipelines treat as failure
			err.println("underlay: internal error: " + e);
			return USAGE;
		}
	}
}
