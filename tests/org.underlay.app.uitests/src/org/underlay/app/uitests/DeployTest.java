package org.underlay.app.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.app.uitests.UiSupport.page;
import static org.underlay.app.uitests.UiSupport.screenshot;
import static org.underlay.app.uitests.UiSupport.show;
import static org.underlay.app.uitests.UiSupport.spin;
import static org.underlay.app.uitests.UiSupport.waitFor;
import static org.underlay.app.uitests.UiSupport.waitForSnapshot;
import static org.underlay.app.uitests.UiSupport.window;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerState;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.MissingCredentialException;
import org.underlay.credentials.Secret;
import org.underlay.deploy.engine.JournalLock;
import org.underlay.lab.Lab;
import org.underlay.lab.LabException;
import org.underlay.lab.LabPlan;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.plan.Plan;
import org.underlay.ui.internal.DeployConsoles;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.credentials.CredentialDialog;
import org.underlay.ui.internal.credentials.PromptingCredentials;
import org.underlay.ui.internal.credentials.SecureStorageCredentials;
import org.underlay.ui.internal.credentials.WorkbenchCredentials;
import org.underlay.ui.internal.views.DeployPart;
import org.underlay.ui.internal.views.DriftPart;

/**
 * The Deploy view against fra1's rehearsal lab, in the running application: the power column follows the lab's
 * BMCs, the selection's power actions run through the engine, collect streams into each machine's console, the
 * Drift view's Fix becomes the Deploy view's plan and applying it removes the drift; and credentials from secure
 * storage, asked for once, never shown.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployTest {

	private static final String SITE = "sites/fra1.underlay";
	private static Lab lab;
	private static Path project;

	@BeforeAll
	static void labUp() throws Exception {
		IDE.openEditor(page(), ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc").getFile(SITE), true);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		project = Path.of(ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc").getLocationURI());
		var spec = DesignTracker.get().withSite(site -> {
			try {
				return LabPlan.of(site);
			} catch (LabException e) {
				throw new IllegalStateException(e);
			}
		});
		lab = Lab.up(spec, Lab.defaultStateDir());
	}

	@AfterAll
	static void labDown() throws Exception {
		Lab.down(Lab.defaultStateDir());
		Path underlay = project.resolve(".underlay");
		if (Files.exists(underlay)) {
			try (var files = Files.walk(underlay)) {
				files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
			}
		}
		DesignTracker.get().refresh();
		waitForSnapshot("no drift without an observation", s -> s.driftEnvironment() == null);
	}

	@Test
	@Order(1)
	void secureStorageKeepsCredentialsEncryptedAndAMissingOneIsAskedForOnce() throws Exception {
		// the workbench's own storage lives in the build folder during tests, never in the user's home
		assertNotEquals(Path.of(System.getProperty("user.home"), ".underlay"), WorkbenchCredentials.folder());
		Path folder = Files.createTempDirectory("underlay-secure-storage");
		SecureStorageCredentials storage = SecureStorageCredentials.open(folder.resolve("secure_storage"),
				"a test master password".toCharArray());
		String secret = "pw-" + UUID.randomUUID();
		storage.store("fra1-bmc", "admin", secret.toCharArray());
		try (Secret found = storage.resolve("fra1-bmc")) {
			assertEquals("admin", found.user().orElseThrow());
			assertEquals(secret, new String(found.password()));
			assertFalse(found.toString().contains(secret));
		}
		String onDisk = Files.readString(folder.resolve("secure_storage"), StandardCharsets.ISO_8859_1);
		assertTrue(onDisk.contains("fra1-bmc"), onDisk);
		assertFalse(onDisk.contains(secret), "encrypted at rest");

		// eight machines share a credential no source defines: one dialog, remembered in secure storage
		AtomicInteger asked = new AtomicInteger();
		String typed = "typed-" + UUID.randomUUID();
		var sources = CredentialsChain.of(storage, new EnvironmentCredentials(Map.of()));
		PromptingCredentials run = new PromptingCredentials(sources, storage, (name, where) -> {
			asked.incrementAndGet();
			spinless(200);
			return Optional.of(new PromptingCredentials.Answer("root", typed.toCharArray(), true));
		});
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> passwords = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				passwords.add(pool.submit(() -> {
					try (Secret s = run.resolve("lab-new")) {
						return s.user().orElseThrow() + ":" + new String(s.password());
					}
				}));
			}
			for (Future<String> password : passwords) {
				assertEquals("root:" + typed, password.get());
			}
		} finally {
			pool.shutdownNow();
		}
		assertEquals(1, asked.get(), "asked once");
		try (Secret remembered = storage.resolve("lab-new")) {
			assertEquals(typed, new String(remembered.password()), "remembered in secure storage");
		}
		PromptingCredentials nextRun = new PromptingCredentials(sources, storage, (name, where) -> {
			throw new AssertionError("a remembered credential is not asked for again");
		});
		nextRun.resolve("lab-new").close();

		// not remembered: kept for the run only; cancelled: missing, and not asked again in the run
		PromptingCredentials once = new PromptingCredentials(sources, storage, (name, where) -> {
			asked.incrementAndGet();
			return name.equals("kept") ? Optional.of(new PromptingCredentials.Answer("", "x".toCharArray(), false))
					: Optional.empty();
		});
		once.resolve("kept").close();
		once.resolve("kept").close();
		assertTrue(storage.find("kept").isEmpty(), "not remembered");
		var missing = assertThrows(MissingCredentialException.class, () -> once.resolve("cancelled"));
		assertThrows(MissingCredentialException.class, () -> once.resolve("cancelled"));
		assertEquals(3, asked.get(), "'kept' and 'cancelled' asked once each");
		assertTrue(missing.getMessage().contains("'cancelled'") && !missing.getMessage().contains(secret)
				&& !missing.getMessage().contains(typed), missing.getMessage());
		once.close();

		// the dialog: a masked password, OK only with one, "remember" checked
		CredentialDialog dialog = new CredentialDialog(window().getShell(), "fra1-bmc", sources.describe());
		dialog.setBlockOnOpen(false);
		dialog.open();
		try {
			spin(200);
			assertTrue(dialog.rememberBox().getSelection(), "remember in secure storage is the default");
			assertTrue((dialog.passwordField().getStyle() & SWT.PASSWORD) != 0, "the password is masked");
			assertFalse(dialog.okEnabled(), "no OK without a password");
			screenshot("credential-dialog.png");
			dialog.userField().setText("admin");
			dialog.passwordField().setText(typed);
			assertTrue(dialog.okEnabled());
			dialog.pressOk();
		} finally {
			dialog.close();
		}
		assertEquals("admin", dialog.answer().user());
		assertEquals(typed, new String(dialog.answer().password()));
		assertTrue(dialog.answer().remember());
		assertEquals(null, dialog.answer().keyFile());

		// an SSH key file instead of a password: OK once the file can be read, the password is its passphrase
		Path keyFile = Files.writeString(folder.resolve("id_ed25519"), "not really a key\n");
		CredentialDialog keyDialog = new CredentialDialog(window().getShell(), "deploy-key", sources.describe());
		keyDialog.setBlockOnOpen(false);
		keyDialog.open();
		try {
			spin(200);
			keyDialog.keyFileField().setText(folder.resolve("missing-key").toString());
			assertFalse(keyDialog.okEnabled(), "no OK with a key file that is not there");
			keyDialog.keyFileField().setText(keyFile.toString());
			assertTrue(keyDialog.okEnabled(), "a key without passphrase needs no password");
			keyDialog.pressOk();
		} finally {
			keyDialog.close();
		}
		assertEquals(keyFile, keyDialog.answer().keyFile());
		assertEquals(0, keyDialog.answer().password().length);
		PromptingCredentials withKey = new PromptingCredentials(sources, storage, (name, where) -> Optional.of(
				new PromptingCredentials.Answer("deploy", "key-pass".toCharArray(), keyFile, true)));
		withKey.resolve("deploy-key").close();
		try (Secret remembered = storage.resolve("deploy-key")) {
			assertEquals(keyFile, remembered.keyFile().orElseThrow(), "the key file remembered");
			assertEquals("key-pass", new String(remembered.passphrase().orElseThrow()), "and its passphrase");
			assertFalse(remembered.hasPassword());
		}
		assertFalse(Files.readString(folder.resolve("secure_storage"), StandardCharsets.ISO_8859_1)
				.contains("key-pass"), "the passphrase encrypted at rest");

		// the workbench's master password: random, 0600, refused once others may read it
		Path key = folder.resolve("secure-storage.key");
		char[] master = WorkbenchCredentials.masterPassword(key);
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
		assertTrue(master.length >= 40);
		assertEquals(new String(master), new String(WorkbenchCredentials.masterPassword(key)), "the same each start");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
		assertTrue(assertThrows(IOException.class, () -> WorkbenchCredentials.masterPassword(key)).getMessage()
				.contains("chmod 600"));
	}

	@Test
	@Order(2)
	void powerColumnFollowsTheLabsBmcsWhileTheViewIsVisible() throws Exception {
		DeployPart deploy = deployView();
		// the lab starts every machine powered off; the poll asks their BMCs
		waitFor("the poll to show web-01 off", () -> "off".equals(deploy.table().cell("web-01", "Power")));
		assertEquals("off", deploy.table().power("web-02"));
		waitFor("the poll to keep one BMC session per machine open", () -> deploy.table().pollSessions() == 10);

		// power on from the view: a plan of just that action, run by the engine as a Job
		deploy.table().select(List.of("web-01"));
		assertEquals(List.of("web-01"), deploy.table().selected());
		Plan on = deploy.planActions(deploy.table().selected(), Plan.Kind.POWER, "on");
		assertTrue(on.runnable(), () -> on.problems().toString());
		assertEquals(List.of("web-01 POWER on"), on.actions().stream().map(a -> a.machine() + " " + a.kind() + " "
				+ a.detail()).toList());
		finish(deploy.runActions(on));
		waitFor("the lab's BMC to be on", () -> labPower("web-01") == PowerState.ON);
		waitFor("the power column to show web-01 on", () -> "on".equals(deploy.table().cell("web-01", "Power")));
		assertTrue(console("web-01").contains("[1 power on]"), console("web-01"));

		// powered off behind the view's back, through the lab's own BMC client: the column follows
		lab.powerOff("web-01");
		waitFor("the power column to show web-01 off again", () -> "off".equals(deploy.table().cell("web-01", "Power")));

		// what asks for confirmation: powering off shows the machines and the blast radius
		Plan off = deploy.planActions(List.of("web-01", "web-02"), Plan.Kind.POWER, "off");
		assertTrue(off.runnable());
		assertEquals("power off", off.workflow());
		assertTrue(off.toText().contains("blast radius"), off.toText());

		// hidden, the poll stops (cancelled); visible again, it polls again
		assertTrue(deploy.table().polling());
		show(DriftPart.ID);
		waitFor("the poll to stop while the view is hidden", () -> !deploy.table().polling());
		assertEquals(0, deploy.table().pollSessions(), "stopping the poll closes its BMC sessions");
		show(DeployPart.ID);
		waitFor("the poll to start again", () -> deploy.table().polling());
	}

	@Test
	@Order(3)
	void collectStreamsWhatEachMachineShowsIntoItsConsoleAndNoSecret() throws Exception {
		DeployPart deploy = deployView();
		lab.powerOn("web-02");
		var ssh = lab.machine("web-02");
		waitFor("web-02's SSH host to follow its power", () -> listening(ssh.sshHost(), ssh.sshPort()));
		Job collect = deploy.collect(List.of("web-02", "web-03"));
		finish(collect);
		waitFor("web-02's console", () -> console("web-02").contains("hostname = web-02"));
		assertTrue(console("web-02").contains("--- collect in lab, "), console("web-02"));
		assertTrue(console("web-02").contains("power on"), console("web-02"));
		waitFor("web-03's console", () -> console("web-03").contains("power off"));
		var observed = new ObservationStore(project).read("lab");
		assertEquals("on", observed.findMachine("web-02").getPower());
		assertEquals("off", observed.findMachine("web-03").getPower());
		assertEquals(null, observed.findMachine("web-04"), "only the chosen machines were collected");
		waitFor("the table to show when web-02 was observed",
				() -> !"never".equals(deploy.table().cell("web-02", "Last observed")));
		assertEquals("never", deploy.table().cell("web-04", "Last observed"));
		screenshot("deploy-console.png");

		// the lab's BMC password and SSH key are used, never shown
		String password;
		try (Credentials bmc = lab.bmcCredentials("web-02")) {
			password = new String(bmc.password());
		}
		String key = Files.readAllLines(lab.sshKey()).get(1);
		for (IConsole console : DeployConsoles.manager().getConsoles()) {
			if (console instanceof TextConsole text) {
				assertFalse(text.getDocument().get().contains(password), console.getName() + " shows the BMC password");
				assertFalse(text.getDocument().get().contains(key), console.getName() + " shows the SSH key");
			}
		}
		assertTrue(deploy.log().stream().noneMatch(l -> l.contains(password) || l.contains(key)));
		assertFalse(Files.readString(new ObservationStore(project).fileOf("lab")).contains(password));
	}

	@Test
	@Order(4)
	void fixInTheDriftViewBecomesTheDeployPlanAndApplyingItRemovesTheDrift() throws Exception {
		DeployPart deploy = deployView();
		finish(deploy.collect(null));
		DesignSnapshot drifted = waitForSnapshot("web-01's power drift",
				s -> "lab".equals(s.driftEnvironment()) && powerDrift(s, "web-01") != null);
		DriftFinding web01 = powerDrift(drifted, "web-01");
		assertEquals("web-01: power is off, designed on", web01.describe());
		assertNotNull(powerDrift(drifted, "web-03"), "web-03 is off too, but not chosen");
		waitFor("the drift column", () -> !"none".equals(deploy.table().cell("web-01", "Drift"))
				&& !"".equals(deploy.table().cell("web-01", "Drift")));

		DriftPart drift = show(DriftPart.ID);
		waitFor("the drift view", () -> drift.rows() != null && drift.rows().contains(web01));
		drift.select(List.of(web01));
		DeployPart shown = drift.fixSelected();
		assertTrue(shown == deploy, "Fix shows the Deploy view");
		waitFor("the fix plan", () -> deploy.plan() != null && "fix".equals(deploy.plan().workflow()));
		assertTrue(deploy.fixing());
		assertEquals(List.of("web-01 POWER on"), deploy.plan().actions().stream()
				.map(a -> a.machine() + " " + a.kind() + " " + a.detail()).toList());
		assertTrue(deploy.heading().startsWith("Fix: 1 corrective action on 1 machine, for Apply"), deploy.heading());
		assertEquals(10, deploy.table().rows().size(), "the table still shows every machine");
		screenshot("deploy-fix.png");

		finish(deploy.applyConfirmed());
		waitFor("the lab's BMC to be on", () -> labPower("web-01") == PowerState.ON);
		waitForSnapshot("web-01's power drift to go after the fixed machine is collected again",
				s -> "lab".equals(s.driftEnvironment()) && powerDrift(s, "web-01") == null
						&& powerDrift(s, "web-03") != null);
		waitFor("the Deploy view back on the machines' own workflows", () -> !deploy.fixing());
		waitFor("web-01's console to show the fix", () -> console("web-01").contains("--- fix in lab, "));
	}

	/**
	 * The machines' own workflows (the example's provision, written for real hardware) applied from the view on the
	 * lab: every machine installs, runs its steps on its own disk and reboots; then the view collects them, so the
	 * table shows them observed just now and without drift.
	 */
	@Test
	@Order(5)
	void applyingTheMachinesOwnWorkflowsProvisionsTheLabAndTheTableFollows() throws Exception {
		DeployPart deploy = deployView();
		waitFor("the machines' own workflows", () -> deploy.plan() != null && deploy.plan().workflow() == null
				&& deploy.plan().actions().size() == 130);
		long before = System.currentTimeMillis();
		finish(deploy.applyConfirmed());
		for (String m : List.of("web-01", "db-01", "app-02", "backup-01")) {
			waitFor(m + "'s console to end its run", () -> console(m).contains("ok (13 done, 0 already done)"));
		}
		assertTrue(console("db-01").contains("disk layout raid10 recorded in /etc/underlay-disk-layout"),
				console("db-01"));
		assertTrue(console("web-01").contains("disk layout raid1 recorded in /etc/underlay-disk-layout"),
				console("web-01"));
		waitFor("every machine observed after the apply, without drift", () -> {
			Observation observed;
			try {
				observed = new ObservationStore(project).read("lab");
			} catch (IOException e) {
				return false;
			}
			return observed.getTakenAt() != null && observed.getTakenAt().getTime() >= before
					&& observed.getMachines().size() == 10
					&& deploy.table().rows().stream().allMatch(r -> "none".equals(deploy.table().cell(r.machine().name(), "Drift")));
		});
		assertEquals("web-01.fra1.acme.example",
				new ObservationStore(project).read("lab").findMachine("web-01").getFacts().get("hostname"));
		screenshot("deploy-provision.png");

		// a machine action is an apply like any other: the log says what the BMC was seen to do
		int logged = deploy.log().size();
		finish(deploy.runActions(deploy.planActions(List.of("web-01", "web-02"), Plan.Kind.POWER, "cycle")));
		List<String> log = deploy.log().subList(logged, deploy.log().size());
		for (String m : List.of("web-01", "web-02")) {
			assertTrue(log.stream().anyMatch(l -> l.matches(m + " \\d+ power cycle: done \\(.*on again.*\\)")),
					() -> String.join("\n", log));
			assertTrue(log.contains(m + ": ok (1 done, 0 already done)"), () -> String.join("\n", log));
		}
		IViewReference view = page().findViewReference(DeployPart.ID);
		page().setPartState(view, IWorkbenchPage.STATE_MAXIMIZED);
		try {
			spin(500);
			// the log's text below its old size is painted only on a new line: paint the whole window now
			Shell shell = window().getShell();
			shell.redraw(0, 0, shell.getSize().x, shell.getSize().y, true);
			shell.update();
			screenshot("deploy-applied.png");
		} finally {
			page().setPartState(view, IWorkbenchPage.STATE_RESTORED);
		}
	}

	/**
	 * A design with an error is neither planned nor applied: the view says why, with the error as validate prints
	 * it, and nothing reaches the machines or the journal.
	 */
	@Test
	@Order(6)
	void theViewRefusesToApplyADesignWithAnError() throws Exception {
		DeployPart deploy = deployView();
		ITextEditor editor = (ITextEditor) IDE.openEditor(page(),
				ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc").getFile(SITE), true);
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		String original = document.get();
		long journalBefore = Files.exists(deploy.journal()) ? Files.size(deploy.journal()) : 0;
		int at = original.indexOf("server web-01 : DellR650 at 40") + "server web-01 : DellR650 at ".length();
		try {
			document.replace(at, 2, "39"); // web-01 now overlaps web-02: an error
			DesignSnapshot broken = waitForSnapshot("the planted overlap", s -> !s.designErrors().isEmpty());
			assertTrue(broken.designErrors().stream().allMatch(e -> e.startsWith("sites/fra1.underlay:")
					&& e.contains(": error: ")), broken.designErrors()::toString);
			waitFor("the view to refuse a plan", () -> deploy.plan() == null && deploy.heading().contains("error"));
			assertTrue(deploy.heading().contains("plan and apply run only a design that validates"),
					deploy.heading());
			assertEquals(10, deploy.table().rows().size(), "the machines are still shown (and watched)");

			assertEquals(null, deploy.applyConfirmed(), "no apply is started");
			assertEquals(null, deploy.planActions(List.of("web-01"), Plan.Kind.POWER, "off"),
					"nor a machine action");
			List<String> log = deploy.log();
			assertTrue(log.stream().anyMatch(l -> l.startsWith("Apply refused: the design has ")
					&& l.contains(broken.designErrors().get(0))), () -> String.join("\n", log));
			assertTrue(log.stream().anyMatch(l -> l.startsWith("Power off refused: the design has ")),
					() -> String.join("\n", log));
			assertEquals(journalBefore, Files.exists(deploy.journal()) ? Files.size(deploy.journal()) : 0,
					"nothing was journalled");
			screenshot("deploy-refused.png");
		} finally {
			editor.doRevertToSaved();
		}
		assertEquals(original, document.get());
		waitForSnapshot("the design without errors", s -> s.designErrors().isEmpty() && "fra1".equals(s.site()));
		waitFor("the plan again", () -> deploy.plan() != null);
	}

	/**
	 * SSH trusts the session's known_hosts only (the lab's own here; ~/.underlay/known_hosts elsewhere): a key in the
	 * project's .underlay/known_hosts, which travels with the design's repository, is not trusted. The host is
	 * unknown, the operator is asked and refuses, and the machine keeps its last good observation.
	 */
	@Test
	@Order(7)
	void aHostKeyOnlyInTheProjectFolderIsNotTrusted() throws Exception {
		DeployPart deploy = deployView();
		var web02 = lab.machine("web-02");
		String host = "[" + web02.sshHost() + "]:" + web02.sshPort() + " ";
		Path labKnownHosts = Lab.defaultStateDir().resolve(Lab.KNOWN_HOSTS);
		byte[] original = Files.readAllBytes(labKnownHosts);
		List<String> lines = Files.readAllLines(labKnownHosts);
		List<String> keys = lines.stream().filter(l -> l.startsWith(host)).toList();
		assertFalse(keys.isEmpty(), () -> "web-02's key in the lab's known_hosts: " + lines);
		Path committed = project.resolve(".underlay").resolve("known_hosts");
		Files.createDirectories(committed.getParent());
		Files.write(committed, keys); // what a committer could have put into the design's repository
		Files.write(labKnownHosts, lines.stream().filter(l -> !l.startsWith(host)).toList());
		int logged = deploy.log().size();
		try (var questions = new UiSupport.Dialogs("Unknown host key", "No")) {
			finish(deploy.collect(List.of("web-02")));
			assertFalse(questions.answered.isEmpty(), "the host is unknown: the operator is asked");
		} finally {
			Files.write(labKnownHosts, original);
			Files.delete(committed);
		}
		List<String> log = deploy.log().subList(logged, deploy.log().size());
		assertTrue(log.stream().anyMatch(l -> l.startsWith("web-02: SSH unreachable: ")
				&& l.endsWith("; kept the facts, interfaces and neighbours SSH showed last")), () -> String.join("\n", log));
		var kept = new ObservationStore(project).read("lab").findMachine("web-02");
		assertTrue(kept.getLastAttemptError().startsWith("SSH "), kept.getLastAttemptError());
		assertEquals("web-02.fra1.acme.example", kept.getFacts().get("hostname"), "the last good facts are kept");
		waitFor("the table to show the failed attempt",
				() -> deploy.table().cell("web-02", "Last observed").endsWith("(last attempt failed)"));
	}

	/**
	 * One journal and one lock per environment: an apply while another holds the lock (the command line's here, then
	 * the view's own) is refused naming the holder; cancelling the running apply lets the actions in flight finish
	 * and reports where each machine stopped.
	 */
	@Test
	@Order(8)
	void aSecondApplyIsRefusedWhileOneRunsAndCancelStopsTheFirst() throws Exception {
		DeployPart deploy = deployView();
		assertEquals(project.resolve(".underlay/journal/lab.jsonl"), deploy.journal(), "one journal per environment");
		waitFor("the machines' own workflows", () -> deploy.plan() != null && deploy.plan().workflow() == null);
		try (JournalLock cli = JournalLock.acquire(deploy.journal(), "apply provision in lab")) {
			Job refused = deploy.applyConfirmed();
			waitFor(refused.getName(), () -> refused.getState() == Job.NONE);
			assertEquals(IStatus.ERROR, refused.getResult().getSeverity());
			assertTrue(refused.getResult().getMessage().contains("is locked: apply provision in lab by "),
					refused.getResult().getMessage());
		}
		closeErrorDialogs();
		assertTrue(deploy.log().stream().anyMatch(l -> l.contains("refused: the journal ")
				&& l.contains("is locked: apply provision in lab by ") && l.contains("(process ")), deploy.log()::toString);

		int logged = deploy.log().size();
		Job first = deploy.applyConfirmed();
		waitFor("the apply to be under way", () -> deploy.log().subList(logged, deploy.log().size()).stream()
				.anyMatch(l -> l.contains(": done")));
		Job second = deploy.runActions(deploy.planActions(List.of("web-01"), Plan.Kind.POWER, "on"));
		waitFor(second.getName(), () -> second.getState() == Job.NONE);
		assertEquals(IStatus.ERROR, second.getResult().getSeverity());
		assertTrue(second.getResult().getMessage().contains(
				"is locked: workbench apply of each machine's own workflows in lab by "), second.getResult().getMessage());
		closeErrorDialogs();

		first.cancel();
		waitFor("the first apply to stop", () -> first.getState() == Job.NONE);
		assertEquals(IStatus.CANCEL, first.getResult().getSeverity());
		List<String> log = deploy.log().subList(logged, deploy.log().size());
		assertTrue(log.stream().anyMatch(l -> l.contains("stopping - no new action starts")), log::toString);
		assertTrue(log.stream().anyMatch(l -> l.matches("[a-z0-9-]+: STOPPED at action \\d+: .*")),
				() -> String.join("\n", log));
		screenshot("deploy-stopped.png");
		List<String> journal = Files.readAllLines(deploy.journal());
		assertTrue(journal.stream().anyMatch(l -> l.contains("\"DONE\"") && l.contains("after")),
				"the journal records what each action verified");
		waitFor("the collect after the stopped apply", () -> deploy.log().subList(logged, deploy.log().size())
				.stream().anyMatch(l -> l.startsWith("observed 10 machines")));
	}

	private static void closeErrorDialogs() {
		spin(500);
		for (Shell shell : Display.getCurrent().getShells()) {
			if (shell != window().getShell() && shell.isVisible()) {
				shell.close();
			}
		}
		spin(200);
	}

	// ---------------------------------------------------------------------------------------------------------

	private static DeployPart deployView() {
		DeployPart deploy = show(DeployPart.ID);
		waitFor("the lab's machines", () -> deploy.table().rows() != null && deploy.table().rows().size() == 10
				&& deploy.plan() != null && "lab".equals(deploy.plan().environment()));
		return deploy;
	}

	private static DriftFinding powerDrift(DesignSnapshot snapshot, String machine) {
		return snapshot.drift().stream().filter(f -> f.device().equals(machine) && f.subject() instanceof DriftSubject.Power)
				.findFirst().orElse(null);
	}

	private static String console(String machine) {
		for (IConsole console : DeployConsoles.manager().getConsoles()) {
			if (console.getName().equals(DeployConsoles.name("lab", machine)) && console instanceof TextConsole text) {
				return text.getDocument().get();
			}
		}
		return "";
	}

	private static PowerState labPower(String machine) {
		try (Credentials c = lab.bmcCredentials(machine);
				BmcClient bmc = BmcDrivers.open(lab.bmcEndpoint(machine), c)) {
			return bmc.powerState();
		} catch (Exception e) {
			throw new AssertionError("cannot ask " + machine + "'s BMC: " + e.getMessage(), e);
		}
	}

	private static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 200);
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	private static void finish(Job job) {
		assertNotNull(job);
		waitFor(job.getName(), () -> job.getState() == Job.NONE);
		assertTrue(job.getResult().isOK(), () -> job.getName() + ": " + job.getResult());
	}

	private static void spinless(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}


}
