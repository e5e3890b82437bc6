package org.underlay.app.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.app.uitests.UiSupport.page;
import static org.underlay.app.uitests.UiSupport.screenshot;
import static org.underlay.app.uitests.UiSupport.show;
import static org.underlay.app.uitests.UiSupport.spin;
import static org.underlay.app.uitests.UiSupport.waitFor;
import static org.underlay.app.uitests.UiSupport.waitForSnapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;
import org.underlay.drawings.elevation.Elevation.Placement;
import org.underlay.drawings.elevation.Elevation.RackView;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.dsl.underlay.Face;
import org.underlay.lab.Lab;
import org.underlay.lab.LabException;
import org.underlay.lab.LabPlan;
import org.underlay.lab.LabSpec;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.ui.internal.DeployConsoles;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.Exports;
import org.underlay.ui.internal.views.DeployPart;
import org.underlay.ui.internal.views.DesignPropertiesPart;
import org.underlay.ui.internal.views.DriftPart;
import org.underlay.ui.internal.views.EffectiveParamsPart;
import org.underlay.ui.internal.views.RackElevationPart;
import org.underlay.ui.internal.views.TopologyPart;

/**
 * The design views in the running application: each shows the example, follows the text as it is edited, and keeps
 * its selection in step with the editor's caret, both ways. Asserts on the model behind each drawing; saves a
 * screenshot of each view under target/screenshots.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewsTest {

	private static final String SITE = "sites/fra1.underlay";

	@Test
	@Order(1)
	void rackElevationShowsTheSitesRacksAndFollowsTheText() throws Exception {
		ITextEditor editor = open(SITE);
		RackElevationPart elevation = show(RackElevationPart.ID);
		DesignSnapshot fra1 = waitForSnapshot("the elevation of fra1", s -> "fra1".equals(s.site()));
		RackView r01 = fra1.racks().get(0);
		assertEquals("r01", r01.name());
		assertEquals("web-01", names(r01.at(40, Face.FRONT)));
		assertEquals("tor-r01", names(r01.at(42, Face.FRONT)));
		Drawing drawing = elevation.drawing();
		assertEquals(fra1.racks().stream().mapToInt(r -> 2 * r.placed().size() + r.zeroU().size()).sum(),
				drawing.shapes(Box.class, "device").size(), "each placed device on both faces, zero-U devices once");
		double before = box(drawing, "device:web-01").y();
		screenshot("elevation.png");

		// edit the text (unsaved): the view follows
		IDocument document = document(editor);
		String original = document.get();
		int at = original.indexOf("server web-01 : DellR650 at 40") + "server web-01 : DellR650 at ".length();
		document.replace(at, 2, "30");
		DesignSnapshot moved = waitForSnapshot("web-01 to move to unit 30",
				s -> "fra1".equals(s.site()) && names(s.racks().get(0).at(30, Face.FRONT)).equals("web-01"));
		assertEquals("", names(moved.racks().get(0).at(40, Face.FRONT)), "unit 40 is free now");
		waitFor("the drawing to follow", () -> box(elevation.drawing(), "device:web-01").y() > before);
		assertEquals(10 * ElevationLayout.UNIT, box(elevation.drawing(), "device:web-01").y() - before, 0.01);

		// a planted overlap is marked on the device
		document.replace(at, 2, "39");
		waitForSnapshot("the overlap to be marked", s -> s.racks().size() > 0 && s.errors() > 0);
		waitFor("the overlapping pair outlined in red", () -> box(elevation.drawing(), "device:web-01").stroke() == Palette.ERROR
				|| box(elevation.drawing(), "device:web-02").stroke() == Palette.ERROR);
		editor.doRevertToSaved();
		assertEquals(original, document.get());
		waitForSnapshot("the original design", s -> s.errors() == 0 && "fra1".equals(s.site())
				&& names(s.racks().get(0).at(40, Face.FRONT)).equals("web-01"));
	}

	@Test
	@Order(2)
	void caretSelectsInEveryViewAndAClickRevealsTheDeclaration() throws Exception {
		ITextEditor editor = open(SITE);
		RackElevationPart elevation = show(RackElevationPart.ID);
		IDocument document = document(editor);
		int web02 = document.get().indexOf("server web-02") + "server ".length() + 2;
		editor.selectAndReveal(web02, 0);
		waitForSnapshot("web-02 selected", s -> "device:web-02".equals(s.selectedId()));
		EffectiveParamsPart params = show(EffectiveParamsPart.ID);
		waitFor("the params of web-02", () -> params.heading().startsWith("web-02:"));
		assertTrue(params.rows().stream().anyMatch(r -> r.name().equals("os.image") && !r.chain().isEmpty()),
				() -> "params: " + params.rows());
		assertTrue(params.rows().stream().anyMatch(r -> r.setBy().startsWith("profile")),
				"some param comes from a profile");
		screenshot("params.png");
		DesignPropertiesPart properties = show(DesignPropertiesPart.ID);
		waitFor("the properties of web-02",
				() -> properties.rows().stream().anyMatch(p -> p.name().equals("Device") && p.value().equals("web-02")));
		assertTrue(properties.rows().stream().anyMatch(p -> p.name().equals("Rack") && p.value().startsWith("r01")));
		screenshot("properties.png");

		// clicking a device in the elevation selects its declaration in the editor
		show(RackElevationPart.ID);
		waitFor("the elevation to show web-02 selected", () -> elevation.canvas() != null
				&& elevation.snapshot() != null && "device:web-02".equals(elevation.snapshot().selectedId()));
		Box db01 = box(elevation.drawing(), "device:db-01");
		click(elevation, db01);
		waitFor("db-01 to be selected in the editor", () -> selectedText(editor).equals("db-01"));
		waitForSnapshot("the views to follow the click", s -> "device:db-01".equals(s.selectedId()));
	}

	@Test
	@Order(3)
	void topologyDrawsTheCablesAndTracesThroughPatchPanels() throws Exception {
		ITextEditor editor = open(SITE);
		TopologyPart topology = show(TopologyPart.ID);
		DesignSnapshot fra1 = waitForSnapshot("the topology of fra1", s -> "fra1".equals(s.site()));
		assertEquals(fra1.topology().edges().size(), topology.drawing().shapes(Line.class, "link").size());
		// caret on the uplink's first end: the trace goes through both patch panels to the other leaf
		IDocument document = document(editor);
		int end = document.get().indexOf("link tor-r01.Ethernet49") + "link tor-r01.Eth".length();
		editor.selectAndReveal(end, 0);
		DesignSnapshot traced = waitForSnapshot("the uplink trace", s -> s.trace().size() == 3);
		assertEquals("tor-r01.Ethernet49", traced.selectedLabel());
		waitFor("three cables highlighted", () -> topology.drawing().shapes(Line.class, "link").stream()
				.filter(l -> l.colour() == Palette.HIGHLIGHT).count() == 3);
		screenshot("topology.png");
	}

	@Test
	@Order(4)
	void aFileWithoutSiteGetsAMessageNotABlankView() throws Exception {
		open("lib/devices.underlay");
		RackElevationPart elevation = show(RackElevationPart.ID);
		// the library has no site of its own: the views keep showing the last site
		waitForSnapshot("a snapshot of the library", s -> s.file() != null && s.file().endsWith("devices.underlay"));
		DesignSnapshot library = DesignTracker.get().current();
		assertTrue(library.site() == null ? library.message().startsWith("No site in")
				: library.site().equals("fra1"), () -> "site " + library.site() + ", message " + library.message());
		assertNotNull(elevation.drawing());
		open(SITE);
		waitForSnapshot("fra1 again", s -> "fra1".equals(s.site()));
	}

	@Test
	@Order(5)
	void exportCommandsWriteWhatTheViewsShow() throws Exception {
		open(SITE);
		RackElevationPart elevation = show(RackElevationPart.ID);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		waitFor("the elevation of fra1", () -> elevation.snapshot() != null && "fra1".equals(elevation.snapshot().site()));
		Path folder = Files.createTempDirectory("underlay-export");
		Map<String, String> written = new HashMap<>();
		for (Exports.Format format : elevation.formats()) {
			Path file = folder.resolve("fra1-elevation." + format.extension());
			Exports.write(format, file);
			written.put(format.extension(), Files.readString(file, StandardCharsets.ISO_8859_1));
		}
		assertEquals(Set.of("svg", "png", "html", "csv"), written.keySet());
		assertTrue(written.get("svg").contains("data-id=\"device:web-01\""));
		assertTrue(written.get("png").startsWith("\u0089PNG"));
		assertTrue(written.get("html").contains("Work package: site fra1") && written.get("html").contains("FRA1-C0001"));
		assertTrue(written.get("csv").startsWith("site,room,rack,device,kind,interface,mac,address"));

		TopologyPart topology = show(TopologyPart.ID);
		waitFor("the topology of fra1", () -> topology.snapshot() != null && "fra1".equals(topology.snapshot().site()));
		for (Exports.Format format : topology.formats()) {
			Path file = folder.resolve("fra1-cables." + format.extension());
			Exports.write(format, file);
			written.put("graph." + format.extension(), Files.readString(file, StandardCharsets.ISO_8859_1));
		}
		assertTrue(written.get("graph.dot").startsWith("graph \"fra1\" {"));
		assertTrue(written.get("graph.csv").startsWith("site,cable_id,a_rack,a_device"));
		assertTrue(written.get("graph.svg").contains("data-kind=\"link\""));
	}

	@Test
	@Order(6)
	void theElevationWorksFromTheKeyboard() throws Exception {
		ITextEditor editor = open(SITE);
		RackElevationPart elevation = show(RackElevationPart.ID);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		var canvas = elevation.canvas();
		double before = canvas.zoom();
		key(elevation, '+', 0);
		assertEquals(before * 1.25, canvas.zoom(), 0.001, "+ zooms in");
		key(elevation, '0', 0);
		assertEquals(before, canvas.zoom(), 0.001, "0 fits again");
		// arrows walk through the devices in drawing order; Enter opens the one selected
		Set<String> start = canvas.selection();
		key(elevation, (char) 0, SWT.ARROW_DOWN);
		Set<String> moved = canvas.selection();
		assertEquals(1, moved.size());
		assertTrue(!moved.equals(start), "the arrow moved the selection from " + start);
		key(elevation, '\r', 0);
		String device = moved.iterator().next().substring("device:".length());
		waitFor(device + "'s declaration to be selected", () -> selectedText(editor).equals(device));
	}

	@Test
	@Order(7)
	void driftOfTheLastObservationIsListedAndOutlinedOnTheDrawings() throws Exception {
		open(SITE);
		Path project = Path.of(ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc")
				.getLocationURI());
		Instant at = Instant.parse("2026-11-27T01:00:00Z");
		List<ObservedMachine> machines = new ArrayList<>();
		for (String name : List.of("web-01", "web-02", "web-03", "db-01", "db-02", "web-04", "app-01", "app-02",
				"app-03", "backup-01")) {
			var machine = Observations.machine(name, at);
			machine.setPower(name.equals("web-01") ? "off" : "on");
			machine.getFacts().put("hostname", name);
			if (name.equals("web-02")) {
				machine.getInterfaces().add(Observations.nic("ens1f0", "02:00:0a:0a:00:99", List.of("10.10.0.12/24")));
			}
			machines.add(machine);
		}
		var store = new ObservationStore(project);
		store.write(Observations.observation("lab", at, machines));
		try {
			DesignTracker.get().refresh();
			DesignSnapshot drifted = waitForSnapshot("the drift of the lab", s -> s.drift().size() == 2);
			assertEquals("lab", drifted.driftEnvironment());
			assertEquals(List.of("web-01: power is off, designed on",
					"web-02: mac ens1f0 is 02:00:0a:0a:00:99, designed 02:00:0a:0a:00:0c"),
					drifted.drift().stream().map(DriftFinding::describe).toList());
			RackElevationPart elevation = show(RackElevationPart.ID);
			waitFor("the elevation to outline the drifted machines", () -> elevation.drawing()
					.shapes(Line.class, "drift").stream().map(Line::id).collect(Collectors.toSet())
					.equals(Set.of("device:web-01", "device:web-02")));
			DriftPart drift = show(DriftPart.ID);
			waitFor("the drift view", () -> drift.rows() != null && drift.rows().size() == 2);
			assertTrue(drift.heading().contains("2 differences on 2 machines"), drift.heading());
			show(RackElevationPart.ID);
			screenshot("drift.png");
			TopologyPart topology = show(TopologyPart.ID);
			waitFor("the topology to outline them too", () -> topology.drawing().shapes(Line.class, "drift").size() == 2);

			// accept the observed MAC into the design: an unsaved, undoable edit; its drift disappears
			ITextEditor editor = open(SITE);
			IDocument document = document(editor);
			DriftFinding mac = drifted.drift().get(1);
			assertTrue(DesignTracker.get().acceptObserved(mac).accepted());
			assertTrue(document.get().contains("nic ens1f0 mac \"02:00:0a:0a:00:99\" address 10.10.0.12"));
			assertTrue(editor.isDirty(), "the operator reviews and saves");
			waitForSnapshot("the accepted drift to disappear", s -> s.drift().size() == 1);
			((ITextOperationTarget) editor.getAdapter(ITextOperationTarget.class))
					.doOperation(ITextOperationTarget.UNDO);
			assertTrue(document.get().contains("nic ens1f0 mac \"02:00:0a:0a:00:0c\""), "undone");
			waitForSnapshot("the drift to be back", s -> s.drift().size() == 2);
			editor.doRevertToSaved();
		} finally {
			Files.deleteIfExists(store.fileOf("lab"));
			DesignTracker.get().refresh();
		}
		waitForSnapshot("no drift without an observation", s -> s.driftEnvironment() == null);
	}

	@Test
	@Order(8)
	void deployViewPlansTheLabAndCollectsAsAJob() throws Exception {
		open(SITE);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		DeployPart deploy = show(DeployPart.ID);
		waitFor("the lab's machines", () -> deploy.table().rows() != null && deploy.table().rows().size() == 10);
		assertEquals("lab", deploy.plan().environment());
		assertEquals("redfish 127.0.0.1:18001 credential lab-bmc", deploy.table().rows().get(0).machine().bmc().toString());
		assertTrue(deploy.heading().startsWith("10 machines, 130 actions planned"), deploy.heading());
		screenshot("deploy.png");
		// no lab runs here, so nothing defines its credential: the ten machines that share it ask once, the operator
		// cancels, and collect records every machine as unreachable, as a Job
		Path project = Path.of(ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc")
				.getLocationURI());
		var store = new ObservationStore(project);
		try (var dialogs = UiSupport.Dialogs.cancelCredentials()) {
			deploy.collect(null);
			waitFor("the collect job", () -> deploy.log().stream().anyMatch(l -> l.startsWith("observed 10 machines")));
			assertEquals(List.of("Credential lab-bmc"), dialogs.answered, "asked once for the credential all share");
			assertEquals(10, store.read("lab").getMachines().stream().filter(m -> !m.isReachable()).count());
			var errors = store.read("lab").getMachines().stream()
					.map(ObservedMachine::getError).toList();
			assertTrue(errors.stream().allMatch(e -> e.contains("'lab-bmc' is not defined")), errors::toString);
			waitFor("the table to show them unreachable", () -> deploy.table().rows().stream()
					.allMatch(r -> r.observed() != null && !r.observed().isReachable()));
		} finally {
			Files.deleteIfExists(store.fileOf("lab"));
			DesignTracker.get().refresh();
		}
	}

	@Test
	@Order(9)
	void deployViewAppliesToTheRehearsalLab() throws Exception {
		open(SITE);
		waitForSnapshot("fra1", s -> "fra1".equals(s.site()));
		DeployPart deploy = show(DeployPart.ID);
		waitFor("the lab's machines", () -> deploy.table().rows() != null && deploy.table().rows().size() == 10);
		Path state = Lab.defaultStateDir();
		LabSpec spec = DesignTracker.get().withSite(site -> {
			try {
				return LabPlan.of(site);
			} catch (LabException e) {
				throw new IllegalStateException(e);
			}
		});
		Lab.up(spec, state);
		try {
			deploy.chooseWorkflow("bring-up");
			waitFor("the bring-up plan", () -> deploy.plan() != null && "bring-up".equals(deploy.plan().workflow()));
			assertEquals("bring-up", deploy.plan().workflow());
			assertEquals(50, deploy.plan().actions().size());
			int logged = deploy.log().size();
			Job job = deploy.applyConfirmed();
			IViewReference view = page().findViewReference(DeployPart.ID);
			if (view != null) {
				page().setPartState(view, IWorkbenchPage.STATE_MAXIMIZED);
			}
			waitFor("the apply to be under way", () -> deploy.log().stream().filter(l -> l.contains(": done")).count() >= 12);
			screenshot("deploy-apply.png");
			if (view != null) {
				page().setPartState(view, IWorkbenchPage.STATE_RESTORED);
			}
			waitFor("the apply to finish", () -> job.getState() == Job.NONE);
			List<String> log = deploy.log();
			assertEquals(10, log.stream().filter(l -> l.matches("[a-z0-9-]+: ok \\(5 done, 0 already done\\)")).count(),
					() -> String.join("\n", log));
			// what each power action verified, read back from the BMC
			assertTrue(log.stream().anyMatch(l -> l.matches("web-01 1 power on: done \\(.*on.*\\)")),
					() -> String.join("\n", log));
			// each machine's output streams into its own console: uname -n answered by web-01's SSH host
			TextConsole web01 = (TextConsole) DeployConsoles
					.console("lab", "web-01");
			waitFor("web-01's console to show its output and outcome", () -> web01.getDocument().get().lines()
					.anyMatch(l -> l.equals("web-01")) && web01.getDocument().get().contains("ok (5 done"));
			assertTrue(web01.getDocument().get().contains("--- bring-up in lab, "), web01.getDocument().get());
			assertTrue(web01.getDocument().get().contains("[3 wait ssh timeout 120 s]\n[4 run uname -n]\nweb-01\n"),
					web01.getDocument().get());
			assertTrue(log.stream().noneMatch(l -> l.contains("| ")), "the output goes to the consoles, not the log");
			// then the view collects the applied machines, so its table shows where they stand
			waitFor("the collect after the apply", () -> deploy.log().subList(logged, deploy.log().size()).stream()
					.anyMatch(l -> l.startsWith("observed 10 machines")));
			waitFor("the table to show them observed", () -> deploy.table().rows().stream()
					.allMatch(r -> r.observed() != null && r.observed().isReachable()));
		} finally {
			Lab.down(state);
			Path journal = Path.of(ResourcesPlugin.getWorkspace().getRoot()
					.getProject("acme-dc").getLocationURI()).resolve(".underlay");
			if (Files.exists(journal)) {
				try (var files = Files.walk(journal)) {
					files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
				}
			}
			// the next tests start from a view that has observed nothing
			DesignTracker.get().refresh();
			waitFor("the table without observations", () -> deploy.table().rows() != null
					&& deploy.table().rows().stream().allMatch(r -> r.observed() == null));
		}
	}

	private static void key(RackElevationPart part, char character, int keyCode) {
		Event event = new Event();
		event.character = character;
		event.keyCode = keyCode;
		part.canvas().canvas().notifyListeners(SWT.KeyDown, event);
		spin(50);
	}

	@AfterAll
	static void backToTheSite() throws Exception {
		open(SITE);
	}

	// ---------------------------------------------------------------------------------------------------------

	private static ITextEditor open(String path) throws Exception {
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject("acme-dc").getFile(path);
		IEditorPart part = IDE.openEditor(page(), file, true);
		spin(100);
		return (ITextEditor) part;
	}



	private static IDocument document(ITextEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	private static String selectedText(ITextEditor editor) {
		return editor.getSelectionProvider().getSelection() instanceof ITextSelection selection
				&& selection.getText() != null ? selection.getText() : "";
	}

	private static Box box(Drawing drawing, String id) {
		return drawing.shapes(Box.class, "device").stream().filter(b -> b.id().equals(id)).findFirst()
				.orElseThrow(() -> new AssertionError("no " + id + " in the drawing"));
	}

	/** A real mouse-down event on the canvas at the centre of a box. */
	private static void click(RackElevationPart part, Box box) {
		var canvas = part.canvas().canvas();
		double zoom = part.canvas().zoom();
		Event event = new Event();
		event.button = 1;
		event.x = (int) Math.round((box.x() + box.w() / 2) * zoom);
		event.y = (int) Math.round((box.y() + box.h() / 2) * zoom) + 24; // below the heading line
		canvas.notifyListeners(SWT.MouseDown, event);
	}

	private static String names(List<Placement> placements) {
		return String.join(",", placements.stream().map(Placement::name).toList());
	}
}
