package org.underlay.ui.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.underlay.deploy.session.EnvironmentSession;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.ssh.HostKeyVerifier;
import org.underlay.ui.internal.credentials.PromptingCredentials;
import org.underlay.ui.internal.credentials.WorkbenchCredentials;

/**
 * The workbench's {@link EnvironmentSession}s: the session decides everything about an environment (the running
 * lab, the one known_hosts, the journal and its lock, the engine's settings); the workbench brings its credential
 * sources ({@link WorkbenchCredentials}), the design's errors from the {@link DesignSnapshot}, and for a run the
 * operator starts, a credential dialog and a question about unknown SSH host keys.
 */
public final class WorkbenchSessions {

	private WorkbenchSessions() {
	}

	/** What is done with a session while its design is current ({@code X}: what it may refuse with). */
	@FunctionalInterface
	public interface Work<T, X extends Exception> {
		T run(EnvironmentSession session) throws X;
	}

	/**
	 * Runs {@code work} on a session of this environment of the site the tracker shows, which never asks (planning, the
	 * power watch; {@link #forRun} makes one that does), while the design is current: the session plans from the
	 * design's model, which the editor re-parses. Null when no site is shown or it has no such environment.
	 *
	 * @param designErrors the design's errors ({@link DesignSnapshot#designErrors()}): plans are refused while any
	 */
	@SuppressWarnings("unchecked")
	public static <T, X extends Exception> T withSession(DesignTracker tracker, String environment,
			List<String> designErrors, Work<T, X> work) throws X {
		Exception[] refused = new Exception[1];
		T result = tracker.withSite(site -> {
			EnvironmentSession session = open(site, environment, designErrors);
			try {
				return session == null ? null : work.run(session);
			} catch (RuntimeException e) {
				throw e;
			} catch (Exception e) {
				refused[0] = e;
				return null;
			}
		});
		if (refused[0] != null) {
			throw (X) refused[0];
		}
		return result;
	}

	private static EnvironmentSession open(Site site, String environment, List<String> designErrors) {
		Environment env = Sites.environmentsOf(site).stream().filter(e -> e.getName().equals(environment))
				.findFirst().orElse(null);
		if (env == null) {
			return null;
		}
		Path folder = DesignFiles.rootOf(Path.of(site.eResource().getURI().toFileString()));
		return new EnvironmentSession(folder, site, env, designErrors, WorkbenchCredentials.sources(folder),
				EnvironmentSession.Options.defaults());
	}

	/** A run the operator started: its session asks on the display; close it when the run ends. */
	public record Run(EnvironmentSession session, PromptingCredentials prompt) implements AutoCloseable {
		@Override
		public void close() {
			prompt.close();
		}
	}

	/** Call on the UI thread. */
	public static Run forRun(EnvironmentSession session, Display display) {
		PromptingCredentials prompt = WorkbenchCredentials.forRun(session.folder(), display);
		return new Run(session.with(session.options().withPrompt(prompt).withHostKeys(askHostKeys(display))), prompt);
	}

	/** Asks the operator about an SSH host key the session's known_hosts does not hold yet. */
	private static HostKeyVerifier askHostKeys(Display display) {
		return key -> {
			boolean[] trust = new boolean[1];
			display.syncExec(() -> trust[0] = MessageDialog.openQuestion(display.getActiveShell(), "Unknown host key",
					"The SSH host " + key.hostAndPort() + " presents a " + key.keyType() + " key\n" + key.fingerprint()
							+ "\nthat is not known yet. Trust it from now on?"));
			return trust[0];
		};
	}
}
