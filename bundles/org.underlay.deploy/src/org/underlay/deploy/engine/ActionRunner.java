package org.underlay.deploy.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.underlay.bmc.PowerState;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.OutputListener;
import org.underlay.ssh.SshException;

/**
 * Runs one action of a plan on one machine, over its BMC ({@link BmcActions}: verified) and SSH, and decides what a
 * resumption does with an action an earlier apply was interrupted in.
 */
final class ActionRunner {

	/** What a resumption does with an action that started but never finished. */
	record Verdict(Kind kind, String message) {
		enum Kind {
			/** Its effect is in place (read back): record it done. */
			DONE,
			/** Nothing of it happened, or it is harmless to repeat: run it again. */
			RERUN,
			/** Its effect cannot be read back: stop the machine and tell the operator. */
			STOP
		}
	}

	private static final Pattern ASSERTION = Pattern.compile("^\"([^\"]+)\" (==|!=|contains) (.*)$");

	private final MachineConnections c;
	private final EngineSettings settings;
	private final BmcActions bmc;
	private final Applier.Listener listener;

	ActionRunner(MachineConnections c, EngineSettings settings, Applier.Listener listener) {
		this.c = c;
		this.settings = settings;
		this.bmc = new BmcActions(c, settings);
		this.listener = listener;
	}

	/** Runs the action; returns what was verified, for the journal and the operator (null: nothing to say). */
	String execute(Plan.Action action, Map<String, String> facts, BmcActions.Progress progress)
			throws ActionFailure, InterruptedException {
		return switch (action.kind()) {
		case POWER -> bmc.power(action.detail(), progress);
		case BOOT -> bmc.boot(action.detail());
		case REBOOT -> {
			c.dropSsh();
			yield bmc.power("cycle", progress);
		}
		case WAIT_SSH -> {
			c.waitSsh(Duration.ofSeconds(Long.parseLong(action.detail().replaceAll("\\D+", ""))));
			yield null;
		}
		case RUN -> {
			run(action.detail());
			yield null;
		}
		case SCRIPT -> {
			script(action.detail());
			yield null;
		}
		case COLLECT_FACTS -> {
			facts.putAll(Collector.facts(this::exec));
			yield null;
		}
		case ASSERT_FACT -> {
			check(action.detail(), facts);
			yield null;
		}
		};
	}

	/**
	 * An action an earlier apply started and never finished: read its effect back where the BMC can tell, run it
	 * again where that is harmless, stop where nobody can tell (an SSH command may have run in part).
	 *
	 * @param trail the action's entries in the resumed run (STARTED, then PROGRESS or INTERRUPTED)
	 */
	Verdict resume(Plan.Action action, List<Journal.Entry> trail) throws ActionFailure, InterruptedException {
		String progress = trail.stream().filter(e -> e.status() == Journal.Status.PROGRESS)
				.map(Journal.Entry::message).reduce((a, b) -> b).orElse(null);
		switch (action.kind()) {
		case POWER, REBOOT -> {
			String detail = action.kind() == Plan.Kind.REBOOT ? "cycle" : action.detail();
			if (detail.equals("on") || detail.equals("off") || detail.equals("soft")) {
				PowerState wanted = detail.equals("on") ? PowerState.ON : PowerState.OFF;
				String state = wanted.name().toLowerCase(Locale.ROOT);
				if (bmc.state() == wanted) {
					return new Verdict(Verdict.Kind.DONE, "found " + state + " when resuming (read back)");
				}
				// the interrupted apply sent its request: the machine may be on its way; wait before sending again
				if (BmcActions.SENT.equals(progress) && bmc.reaches(wanted, detail)) {
					return new Verdict(Verdict.Kind.DONE, "found " + state + " when resuming, once the interrupted "
							+ "request was carried out (read back)");
				}
				return new Verdict(Verdict.Kind.RERUN, null);
			}
			return restartVerdict(detail, progress);
		}
		case BOOT -> {
			return bmc.bootInPlace(action.detail())
					? new Verdict(Verdict.Kind.DONE, "found the boot override in place when resuming (read back)")
					: new Verdict(Verdict.Kind.RERUN, null);
		}
		case RUN, SCRIPT -> {
			if (settings.rerunInterrupted()) {
				return new Verdict(Verdict.Kind.RERUN, null);
			}
			return new Verdict(Verdict.Kind.STOP, "action " + action.id() + " (" + action.kind().name()
					.toLowerCase(Locale.ROOT) + " " + action.detail() + ") was interrupted in an earlier "
					+ "apply: it may have run in part or in full, and its effect cannot be read back; check the "
					+ "machine, then apply again with --rerun-interrupted to run it again");
		}
		default -> {
			return new Verdict(Verdict.Kind.RERUN, null); // waits and reads: harmless to repeat
		}
		}
	}

	private Verdict restartVerdict(String detail, String progress) throws ActionFailure, InterruptedException {
		if (progress == null) {
			// nothing was sent: the marker (or the power off of a cycle) is recorded before any request
			return new Verdict(Verdict.Kind.RERUN, null);
		}
		if (progress.startsWith(BmcActions.MARKER)) {
			String before = progress.substring(BmcActions.MARKER.length());
			String now = bmc.marker().orElse(before);
			if (!now.equals(before)) {
				return bmc.state() == PowerState.ON
						? new Verdict(Verdict.Kind.DONE, "the " + detail + " had happened (restart marker changed) "
								+ "when resuming")
						: new Verdict(Verdict.Kind.STOP, "the " + detail + " happened (restart marker changed) but "
								+ "the machine is off now; check it, then apply again");
			}
			return new Verdict(Verdict.Kind.RERUN, null);
		}
		PowerState state = bmc.state();
		if (progress.equals(BmcActions.OFF_REACHED) || state == PowerState.OFF) {
			if (state == PowerState.OFF) {
				return new Verdict(Verdict.Kind.DONE, "completed when resuming: " + bmc.power("on", what -> {
				}));
			}
			return new Verdict(Verdict.Kind.DONE, "the " + detail + " had reached off and the machine is on again");
		}
		if (settings.rerunInterrupted()) {
			return new Verdict(Verdict.Kind.RERUN, null);
		}
		return new Verdict(Verdict.Kind.STOP, "a power " + detail + " was interrupted after its power off was sent, "
				+ "and the machine is on: it may or may not have cycled; check it, then apply again with "
				+ "--rerun-interrupted to cycle it");
	}

	// --- SSH -----------------------------------------------------------------------------------------------

	private void run(String command) throws ActionFailure, InterruptedException {
		ExecResult result = exec(command, true);
		if (result.exitStatus() != 0) {
			String stderr = result.stderr() == null ? "" : result.stderr().strip();
			String last = stderr.isEmpty() ? "" : ": " + stderr.lines().reduce((a, b) -> b).orElse("");
			throw new ActionFailure("'" + command + "' exited with status " + result.exitStatus() + last);
		}
	}

	ExecResult exec(String command) throws ActionFailure, InterruptedException {
		return exec(command, false);
	}

	private ExecResult exec(String command, boolean stream) throws ActionFailure, InterruptedException {
		OutputListener out = stream ? OutputListener.lines(line -> listener.output(c.name(), line)) : null;
		try {
			return out == null ? c.ssh().exec(command, settings.commandTimeout())
					: c.ssh().exec(command, settings.commandTimeout(), out, out);
		} catch (SshException e) {
			c.dropSsh();
			if (e.kind() == SshException.Kind.CANCELLED) {
				throw new InterruptedException();
			}
			throw new ActionFailure("SSH " + c.machine.ssh() + ": " + ActionFailure.message(e));
		}
	}

	/**
	 * Uploads the script (its path is the detail's first word, relative to the design folder, and must stay inside
	 * it also after links are followed) and runs it with the detail's remaining words as its arguments.
	 */
	private void script(String detail) throws ActionFailure, InterruptedException {
		String[] words = detail.split(" ", 2);
		Path local = confined(words[0]);
		String remote = "/tmp/underlay-" + local.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
		try {
			c.ssh().upload(local, remote, settings.commandTimeout());
		} catch (SshException e) {
			c.dropSsh();
			throw new ActionFailure("SSH " + c.machine.ssh() + ": cannot upload " + words[0] + ": "
					+ ActionFailure.message(e));
		}
		run("sh " + remote + (words.length > 1 ? " " + words[1] : ""));
	}

	/** The script's file, refused unless it is a regular file inside the design folder (links followed). */
	Path confined(String path) throws ActionFailure {
		Path folder = settings.designFolder();
		if (folder == null) {
			throw new ActionFailure("script " + path + ": no design folder to take it from");
		}
		try {
			Path relative = Path.of(path);
			Path root = folder.toRealPath();
			Path file = root.resolve(relative).normalize();
			if (relative.isAbsolute() || !file.startsWith(root) || !Files.isRegularFile(file)
					|| !file.toRealPath().startsWith(root)) {
				throw new ActionFailure("script " + path + " is not a file inside the design folder " + root
						+ "; only files of the design are uploaded");
			}
			return file.toRealPath();
		} catch (IOException | InvalidPathException e) {
			throw new ActionFailure("script " + path + " is not a file inside the design folder " + folder);
		}
	}

	private static void check(String detail, Map<String, String> facts) throws ActionFailure {
		Matcher m = ASSERTION.matcher(detail);
		if (!m.matches()) {
			throw new ActionFailure("cannot read the assertion " + detail);
		}
		String fact = m.group(1);
		String expected = m.group(3).replaceAll("^\"|\"$", "");
		String actual = facts.get(fact);
		if (actual == null) {
			throw new ActionFailure("fact " + fact + " was not collected (add 'collect facts' before the assertion)");
		}
		boolean holds = switch (m.group(2)) {
		case "==" -> actual.equals(expected);
		case "!=" -> !actual.equals(expected);
		default -> actual.contains(expected);
		};
		if (!holds) {
			throw new ActionFailure("fact " + fact + " is \"" + actual + "\", expected " + m.group(2) + " \""
					+ expected + "\"");
		}
	}
}
