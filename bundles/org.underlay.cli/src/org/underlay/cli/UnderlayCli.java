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
			  export <what> <folder> [--site S] [--room R] [--out FILE] [--colour-by kind|role] [--environment E]
			                                         drawings and sheets: elevation.svg|png, graph.svg|png|dot,
			                                         ip-plan.csv, cables.csv, work-package.html; interchange:
			                                         ansible-inventory.yml, ansible-playbook.yml, design.json
			  import netbox <file.yaml | folder>... --package NAME [--out FILE]
			                                         NetBox device-type library YAML as a library of device types
			  import json <design.json> [--out FILE | FOLDER]
			                                         the JSON form of 'export design.json' back to design text
			  plan <folder> --site S --environment E [--workflow W] [--json]
			                                         what apply would run, in order, with its blast radius
			  apply <folder> --site S --environment E [--workflow W] [--credentials FILE] [--lab DIR] ...
			                                         run the plan over the BMCs and SSH, journalled, resumable
			  collect <folder> --site S --environment E [...]
			                                         observe the machines; stored in <folder>/.underlay/observed
			  drift <folder> --site S --environment E [--json]
			                                         the last observation against the design (1 if any)
			  lab up <folder> [--site S] [--state DIR] | lab down | lab status
			                                         the rehearsal lab: simulated BMCs and SSH hosts on loopback
			  lsp                                    serve the language over stdio (Language Server Protocol)
			  bench [--per-file N] [devices...]      parse+link+validate and drawing figures for synthetic designs
			  bench machines [N [parallelism]]       IPMI and SSH fan-out against ipmitool, pssh, Ansible
			  help                                   show this text; '<command> --help' shows a command's usage

			Without a command, the 'underlay' script starts the workbench.
			Exit codes: 0 clean, 1 findings (errors or warnings), 2 bad usage or unreadable input.""";

	private final PrintStream out;
	private final PrintStream err;

	public UnderlayCli(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	static final String LSP_USAGE = """
			usage: underlay lsp
			Serves the Underlay language over standard input and output (Language Server Protocol): diagnostics,
			completion, hover with param provenance, go to definition, references, rename, formatting.""";

	static final String BENCH_USAGE = """
			usage: underlay bench [--per-file N] [devices...]
			Generates synthetic designs (default 1000 and 10000 devices, N devices per site file, default 1000) and
			prints parse + link + validate time, peak heap, revalidation after one edit and drawing figures.""";

	/** Whether the arguments ask for a command's usage ({@code --help} or {@code -h}). */
	static boolean wantsHelp(String[] args) {
		return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
	}

	private int serveLanguage(String[] args) {
		if (wantsHelp(args)) {
			out.println(LSP_USAGE);
			return OK;
		}
		if (args.length > 0) {
			err.println("underlay lsp: unexpected argument '" + args[0] + "'");
			err.println(LSP_USAGE);
			return USAGE;
		}
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

	private int bench(String[] args) {
		if (wantsHelp(args)) {
			out.println(BENCH_USAGE);
			return OK;
		}
		for (String arg : args) {
			if (arg.startsWith("-") && !arg.equals("--per-file") && !arg.equals("machines")) {
				err.println("underlay bench: unknown option '" + arg + "'");
				err.println(BENCH_USAGE);
				return USAGE;
			}
		}
		if (args.length > 0 && args[0].equals("machines")) {
			return machines(Arrays.copyOfRange(args, 1, args.length));
		}
		return new org.underlay.cli.bench.BenchCommand(out, err).run(args);
	}

	/** {@code bench machines [N [parallelism]]}: the machine-control fan-out against the field's tools. */
	private int machines(String[] args) {
		try {
			int machines = args.length > 0 ? Integer.parseInt(args[0]) : 50;
			int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 16;
			return new org.underlay.deploy.bench.FanOutBench(machines, parallelism).run(out);
		} catch (NumberFormatException e) {
			err.println("underlay bench machines: not a number: " + String.join(" ", args));
			return USAGE;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
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
			case "import" -> new ImportCommand(out, err).run(rest);
			case "plan", "apply", "collect", "drift" -> new DeployCommand(out, err).run(args[0], rest);
			case "lab" -> new org.underlay.lab.LabCommand().run(rest, out, err);
			case "lsp" -> serveLanguage(rest);
			case "bench" -> bench(rest);
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
