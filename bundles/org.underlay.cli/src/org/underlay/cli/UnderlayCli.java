package org.underlay.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;

import org.underlay.bench.BenchCommand;
import org.underlay.dsl.ide.UnderlayLanguageServer;
import org.underlay.lab.LabCommand;

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
			  boot serve <folder> --site S --environment E --interface IF [--proxy] [...]
			                                         DHCP/TFTP, iPXE, installer and images for E's machines
			  images build installer --out DIR | images build <image> --catalogue DIR | images list --catalogue DIR
			                                         the installer and OS images, from this machine's Debian packages
			  lsp                                    serve the language over stdio (Language Server Protocol)
			  bench [--per-file N] [devices...]      parse+link+validate and drawing figures for synthetic designs
			  bench machines [N [parallelism]] [--ipmi|--ssh] [--unprepared]
			                                         IPMI and SSH fan-out against ipmitool, pssh, Ansible
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
			UnderlayLanguageServer.start(System.in, System.out).get();
			return OK;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return OK;
		} catch (ExecutionException e) {
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
			case "import" -> new ImportCommand(out, err).run(rest);
			case "plan", "apply", "collect", "drift" -> new DeployCommand(out, err).run(args[0], rest);
			case "lab" -> new LabCommand().run(rest, out, err);
			case "boot" -> new BootCommand(out, err).boot(rest);
			case "images" -> new BootCommand(out, err).images(rest);
			case "lsp" -> serveLanguage(rest);
			case "bench" -> new BenchCommand(out, err).run(rest);
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
