package org.underlay.app.uitests;

import static org.underlay.app.uitests.UiSupport.errors;
import static org.underlay.app.uitests.UiSupport.page;
import static org.underlay.app.uitests.UiSupport.screenshot;
import static org.underlay.app.uitests.UiSupport.spin;
import static org.underlay.app.uitests.UiSupport.waitFor;
import static org.underlay.app.uitests.UiSupport.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.source.TextInvocationContext;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IMarkerResolution;
import org.underlay.dsl.ui.internal.ReferencesHandler;
import org.underlay.dsl.ui.internal.UnderlayContentAssistProcessor;
import org.underlay.dsl.ui.internal.FormatHandler;
import org.underlay.dsl.ui.internal.RenameSupport;
import org.underlay.dsl.ui.internal.UnderlayHover;
import org.underlay.dsl.ui.internal.UnderlayHyperlinkDetector;
import org.underlay.dsl.ui.internal.builder.DesignBuilder;
import org.underlay.dsl.ui.internal.builder.DesignMarkers;
import org.underlay.dsl.ui.internal.outline.DesignOutlinePage;
import org.underlay.dsl.ui.internal.outline.OutlineNode;
import org.underlay.dsl.ui.internal.fixes.UnderlayQuickAssistProcessor;

/**
 * Runs inside the real Underlay application (tycho-surefire UI harness, under Xvfb): the first start imports the
 * example, the editor colours, validates live and proposes completions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class WorkbenchTest {

	private static final String PROJECT = "acme-dc";
	private static final String SITE = "sites/fra1.underlay";
	private static final long TIMEOUT_MS = 60_000;

	@Test
	@Order(1)
	void applicationWindowShowsTheDesignPerspective() {
		assertTrue(PlatformUI.isWorkbenchRunning());
		Shell shell = window().getShell();
		assertTrue(shell.isVisible());
		assertEquals("Underlay", shell.getText());
		assertEquals("org.underlay.app.perspective", window().getActivePage().getPerspective().getId());
		for (String view : List.of("org.eclipse.ui.navigator.ProjectExplorer", "org.eclipse.ui.views.ProblemView",
				"org.eclipse.ui.views.ContentOutline")) {
			assertNotNull(window().getActivePage().findViewReference(view), view + " is part of the perspective");
		}
	}

	@Test
	@Order(2)
	void firstStartImportsTheExampleAndOpensItsSiteDesign() {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		waitFor("the example project to be imported", () -> project.isOpen() && project.getFile(SITE).exists());
		assertTrue(project.getFile("lib/devices.underlay").exists());
		waitFor("the site design to open in an editor", () -> siteEditor() != null);
		assertEquals("org.eclipse.ui.genericeditor.GenericEditor", siteEditor().getSite().getId());
	}

	@Test
	@Order(3)
	void editorHighlightsValidatesLiveAndProposes() throws Exception {
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT).getFile(SITE);
		// brings the editor opened on first start to the front (its widgets exist only once it is visible)
		IEditorPart editor = IDE.openEditor(page(), file, true);
		spin(200);
		ISourceViewer viewer = (ISourceViewer) editor.getAdapter(ITextOperationTarget.class);
		assertNotNull(viewer, "the editor has a source viewer");
		IDocument document = viewer.getDocument();
		String original = document.get();
		String onDisk = Files.readString(Path.of(file.getLocationURI()));

		// syntax colouring from the language's lexer: 'rack' is a bold keyword, a string is not bold
		spin(500);
		StyleRange keyword = viewer.getTextWidget().getStyleRangeAtOffset(original.indexOf("rack r01"));
		assertNotNull(keyword, "keyword 'rack' is styled");
		assertEquals(SWT.BOLD, keyword.fontStyle & SWT.BOLD);
		StyleRange name = viewer.getTextWidget().getStyleRangeAtOffset(original.indexOf("r01"));
		assertTrue(name == null || (name.fontStyle & SWT.BOLD) == 0, "a name is not a keyword");

		// the Outline shows the design's structure
		ContentOutline outline = (ContentOutline) page()
				.showView("org.eclipse.ui.views.ContentOutline");
		page().activate(editor);
		waitFor("the design outline", () -> outline.getCurrentPage() instanceof DesignOutlinePage);
		List<OutlineNode> nodes = DesignOutlinePage.nodes(document);
		assertEquals(List.of("site fra1"), nodes.stream().map(OutlineNode::label).toList());
		List<String> underSite = nodes.get(0).children().stream().map(OutlineNode::label).toList();
		assertTrue(underSite.contains("network prod 10.10.0.0/24") && underSite.contains("room dh2"), underSite::toString);
		OutlineNode rack = nodes.get(0).children().stream().filter(n -> n.label().equals("room dh2")).findFirst()
				.orElseThrow().children().get(0);
		assertEquals("rack r01 (42 U)", rack.label());
		assertTrue(rack.children().stream().anyMatch(n -> n.label().equals("server web-01 : DellR650 @ unit 40")),
				() -> rack.children().toString());

		// go to definition: the type reference leads to the library file
		int typeReference = original.indexOf("web-01 : DellR650") + "web-01 : ".length() + 2;
		UnderlayHyperlinkDetector.Target target = UnderlayHyperlinkDetector.targetAt(document, typeReference);
		assertNotNull(target, "a hyperlink on the device type");
		assertTrue(target.uri().toString().endsWith("lib/devices.underlay"), target.uri()::toString);
		IEditorPart library = UnderlayHyperlinkDetector.reveal(target);
		assertEquals("devices.underlay", library.getEditorInput().getName());
		ITextSelection selected = (ITextSelection) library.getSite()
				.getSelectionProvider().getSelection();
		assertEquals("DellR650", selected.getText());
		page().activate(editor);

		// the clean example has no error annotation; a planted overlap gets one, cross-file types resolve
		waitFor("the initial validation", () -> true);
		spin(1500);
		assertEquals(List.of(), errors(viewer), "the example validates clean in the editor");
		// semantic colouring: a reference to a declaration elsewhere is italic, a declared name is not
		StyleRange reference = viewer.getTextWidget().getStyleRangeAtOffset(original.indexOf("web-01 : DellR650") + 10);
		assertNotNull(reference, "the type reference is styled");
		assertEquals(SWT.ITALIC, reference.fontStyle & SWT.ITALIC);
		StyleRange declared = viewer.getTextWidget().getStyleRangeAtOffset(original.indexOf("web-01 : DellR650") + 1);
		assertTrue(declared == null || (declared.fontStyle & SWT.ITALIC) == 0, "a declaration is not italic");
		int position = original.indexOf("web-02 : DellR650 at 39") + "web-02 : DellR650 at ".length();
		document.replace(position, 2, "40");
		waitFor("an overlap annotation", () -> errors(viewer).stream().anyMatch(
				text -> text.contains("web-02 (unit 40) overlaps web-01") && text.contains("[underlay.rack-unit-overlap]")));
		screenshot("workbench.png");

		// hover: the device with its effective params and where each value comes from
		String hover = UnderlayHover.describeAt(document, document.get().indexOf("web-01 : DellR650"));
		assertNotNull(hover);
		assertTrue(hover.contains("os.image = \"debian-12-hardened\"  from device web-01 (overrides default \"debian-12\")"), hover);
		assertTrue(hover.contains("dns.domain = \"fra1.acme.example\"  from site fra1"), hover);
		showHoverAt(viewer, document.get().indexOf("web-01 : DellR650") + 2);
		screenshot("hover.png");

		// both devices are marked; quick fix (Ctrl+1) on the moved one: back to the unit it just left, the nearest free
		assertTrue(errors(viewer).stream().anyMatch(text -> text.contains("web-01 (unit 40) overlaps web-02")),
				() -> "errors: " + errors(viewer));
		ICompletionProposal[] fixes = new UnderlayQuickAssistProcessor()
				.computeQuickAssistProposals(new TextInvocationContext(viewer, position, 0));
		assertEquals(List.of("Move to unit 39"), Arrays.stream(fixes).map(ICompletionProposal::getDisplayString).toList());
		fixes[0].apply(document);
		assertTrue(document.get().contains("web-02 : DellR650 at 39 {"), "the fix rewrote the position");
		waitFor("the fixed overlap to disappear", () -> errors(viewer).isEmpty());

		// content assist: a keyword inside a room, and a device type imported from the library file
		int afterRack = document.get().indexOf("\t\track r02");
		List<String> keywords = proposals(document, afterRack);
		assertTrue(keywords.contains("rack"), () -> "proposals in a room: " + keywords);
		assertEquals(List.of(), proposals(document, document.get().indexOf("Frankfurt: one") + 10), "none in a comment");
		assertEquals(List.of(), proposals(document, document.get().indexOf("Frankfurt colocation") + 3),
				"none in a quoted text");
		int lineEnd = document.get().indexOf('\n', document.get().indexOf("pdu pdu-r01-a : ApcAP8868"));
		document.replace(lineEnd, 0, "\n\t\t\tserver web-99 : ");
		List<String> types = proposals(document, lineEnd + "\n\t\t\tserver web-99 : ".length());
		assertTrue(types.contains("DellR650") && types.contains("HpeDL380Gen11"), () -> "type proposals: " + types);
		int paramAt = document.get().indexOf("param os.image = \"debian-12-hardened\"") + "param ".length();
		List<String> params = proposals(document, paramAt);
		assertTrue(params.contains("disk.layout") && params.contains("dns.domain"), () -> "param proposals: " + params);

		// missing import: without 'import acme.lib.*' nothing of the library resolves; one error, on the first name
		// used from it, says so, and its quick fix adds the import back
		document.set(original.replace("import acme.lib.*\n", ""));
		waitFor("the missing import", () -> errors(viewer).stream()
				.anyMatch(e -> e.contains("is declared in package acme.lib, which this file does not import")));
		assertEquals(1, errors(viewer).size(), () -> "errors: " + errors(viewer));
		int unresolved = document.get().indexOf("param dns.domain") + "param ".length();
		ICompletionProposal[] importFixes = new UnderlayQuickAssistProcessor()
				.computeQuickAssistProposals(new TextInvocationContext(viewer, unresolved + 1, 0));
		assertTrue(Arrays.stream(importFixes).anyMatch(p -> p.getDisplayString().equals("Import acme.lib.*")),
				() -> Arrays.toString(importFixes));
		Arrays.stream(importFixes).filter(p -> p.getDisplayString().equals("Import acme.lib.*")).findFirst()
				.orElseThrow().apply(document);
		assertTrue(document.get().contains("package acme.fra1\nimport acme.lib.*"), () -> document.get().substring(0, 300));
		waitFor("the types to resolve again", () -> errors(viewer).isEmpty());

		// Format Design: one member per line, tab indentation; one undo step restores the text
		document.set(original.replace("\t\t\tswitch tor-r01", "switch tor-r01"));
		assertTrue(FormatHandler.format(document, editor.getAdapter(IRewriteTarget.class)));
		assertTrue(document.get().contains("\n\t\t\tswitch tor-r01 : AristaDCS7050SX3 at 42 {\n\t\t\t\tport Ethernet1 access prod"),
				() -> document.get().substring(0, 900));
		assertTrue(document.get().contains("\t\t\tpdu pdu-r01-a : ApcAP8868 {\n\t\t\t\tinlet r01-a\n\t\t\t}"),
				"inline blocks are laid out");

		// back to the saved text: the annotation goes away, nothing was written to disk
		document.set(original);
		waitFor("the overlap annotation to go", () -> errors(viewer).isEmpty());
		editor.doSave(null);
		assertEquals(onDisk, Files.readString(Path.of(file.getLocationURI())));
		assertFalse(editor.isDirty());
	}

	@Test
	@Order(4)
	void problemsViewShowsCrossFileErrorsUntilFixedElsewhere() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		waitForBuild();
		assertEquals(List.of(), problems(project, IMarker.SEVERITY_WARNING), "the example builds clean");

		IFile library = project.getFile("lib/devices.underlay");
		String original = Files.readString(Path.of(library.getLocationURI()));
		library.setContents(new ByteArrayInputStream(
				original.replace("device-type DellR650 {", "device-type DellR650x {").getBytes(StandardCharsets.UTF_8)),
				IResource.FORCE, null);
		waitForBuild();
		List<String> broken = problems(project, IMarker.SEVERITY_ERROR);
		assertTrue(broken.stream().anyMatch(p -> p.startsWith("sites/fra1.underlay: unknown device type 'DellR650'")),
				() -> "errors: " + broken);

		library.setContents(new ByteArrayInputStream(original.getBytes(StandardCharsets.UTF_8)),
				IResource.FORCE, null);
		waitForBuild();
		assertEquals(List.of(), problems(project, IMarker.SEVERITY_ERROR), "fixing the library clears the site's errors");

		// the builder's Xtext index knows every file and where it links
		Map<URI, Set<URI>> index = DesignBuilder.indexOf(project);
		URI siteUri = uri(project.getFile("sites/fra1.underlay"));
		URI environmentsUri = uri(project.getFile("sites/fra1-environments.underlay"));
		assertEquals(6, index.size(), () -> "indexed: " + index.keySet());
		assertTrue(index.get(siteUri).contains(uri(library)), () -> "fra1 links to: " + index.get(siteUri));
		assertTrue(index.get(environmentsUri).contains(siteUri), () -> "environments link to: " + index.get(environmentsUri));

		// a device renamed in the site breaks the other file's binding (devices are host names, not exported names:
		// the index's link targets find that file), and renaming it back heals it
		IFile site = project.getFile("sites/fra1.underlay");
		String siteText = Files.readString(Path.of(site.getLocationURI()));
		site.setContents(new ByteArrayInputStream(siteText.replace("server backup-01 :", "server backup-09 :")
				.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
		waitForBuild();
		List<String> unbound = problems(project, IMarker.SEVERITY_ERROR);
		assertTrue(unbound.stream().anyMatch(p -> p.startsWith("sites/fra1-environments.underlay: unknown device 'backup-01'")),
				() -> "errors: " + unbound);
		site.setContents(new ByteArrayInputStream(siteText.getBytes(StandardCharsets.UTF_8)),
				IResource.FORCE, null);
		waitForBuild();
		assertEquals(List.of(), problems(project, IMarker.SEVERITY_ERROR), "renaming back heals the binding");

		// a script the provision workflow names goes missing and comes back: no design file changes, the markers do
		IFile script = project.getFile("scripts/apply-disk-layout.sh");
		byte[] scriptBytes = Files.readAllBytes(Path.of(script.getLocationURI()));
		script.delete(true, null);
		waitForBuild();
		List<String> missing = problems(project, IMarker.SEVERITY_ERROR);
		assertTrue(missing.stream().anyMatch(p -> p.startsWith("lib/automation.underlay: script scripts/apply-disk-layout.sh"
				+ " not found in the design folder")), () -> "errors: " + missing);
		script.create(new ByteArrayInputStream(scriptBytes), true, null);
		waitForBuild();
		assertEquals(List.of(), problems(project, IMarker.SEVERITY_ERROR), "the script is back");
	}

	private static URI uri(IFile file) {
		return URI.createPlatformResourceURI(file.getFullPath().toString(), true);
	}

	@Test
	@Order(5)
	void problemsViewQuickFixRepairsAFileThatIsNotOpen() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		IFile ams1 = project.getFile("sites/ams1.underlay");
		String original = Files.readString(Path.of(ams1.getLocationURI()));
		try {
			ams1.setContents(new ByteArrayInputStream(original.replace("HpeDL360Gen11 at 29", "HpeDL360Gen11 at 30")
					.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
			waitForBuild();
			IMarker overlap = null;
			for (IMarker marker : ams1.findMarkers(DesignMarkers.TYPE, true, IResource.DEPTH_ZERO)) {
				if ("underlay.rack-unit-overlap".equals(marker.getAttribute(DesignMarkers.CODE, ""))) {
					overlap = marker;
				}
			}
			assertNotNull(overlap, () -> "problems: " + problems(project, IMarker.SEVERITY_INFO));
			window().getActivePage().showView("org.eclipse.ui.views.ProblemView");
			spin(500);
			screenshot("problems.png");
			IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(overlap);
			assertEquals(List.of("Move to unit 29", "Move to unit 31"),
					Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList(), "the nearest free units, both ways");
			resolutions[0].run(overlap);
			assertTrue(Files.readString(Path.of(ams1.getLocationURI())).contains("HpeDL360Gen11 at 29 {"),
					"the fix was saved to the file");
			ams1.refreshLocal(IResource.DEPTH_ZERO, null);
			waitForBuild();
			assertEquals(List.of(), problems(project, IMarker.SEVERITY_ERROR));
		} finally {
			// restored whatever happened: a file changed on disk under an open editor would stop the next test with a dialog
			ams1.setContents(new ByteArrayInputStream(original.getBytes(StandardCharsets.UTF_8)),
				IResource.FORCE, null);
		}
	}

	@Test
	@Order(6)
	void renameReachesEveryFileOfTheDesign() throws Exception {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		IFile site = project.getFile(SITE);
		IFile environments = project.getFile("sites/fra1-environments.underlay");
		String siteBefore = Files.readString(Path.of(site.getLocationURI()));
		String environmentsBefore = Files.readString(Path.of(environments.getLocationURI()));
		IEditorPart editor = IDE.openEditor(page(), site, true);
		IDocument document = ((ISourceViewer) editor.getAdapter(ITextOperationTarget.class)).getDocument();
		int offset = document.get().indexOf("server web-02") + "server ".length() + 1;

		// find references: a device is named by its link, its PSU lines don't, both environments bind it
		List<String> references = RenameSupport.references(document, offset).stream()
				.map(ReferencesHandler::describe).toList();
		assertEquals(3, references.size(), references::toString);
		assertTrue(references.stream().anyMatch(r -> r.startsWith("fra1.underlay:") && r.endsWith("link web-02.ens1f0 to tor-r01.Ethernet2 cable dac length 2")),
				references::toString);
		assertEquals(2, references.stream().filter(r -> r.startsWith("fra1-environments.underlay:")).count(), references::toString);

		RenameSupport.Plan refused = RenameSupport.plan(document, offset, "rack");
		assertEquals("'rack' is a keyword of the language", refused.problem());

		RenameSupport.Plan plan = RenameSupport.plan(document, offset, "web-22");
		assertEquals("web-02", plan.oldName());
		assertEquals(4, plan.edits().size(), () -> "declaration, link, two bindings: " + plan.edits());
		RenameSupport.apply(plan, document, URI.createFileURI(site.getLocation().toOSString()));
		assertTrue(document.get().contains("server web-22 : DellR650") && document.get().contains("link web-22.ens1f0"));
		String renamed = Files.readString(Path.of(environments.getLocationURI()));
		assertFalse(renamed.contains("web-02"), renamed);
		assertEquals(2, renamed.split("web-22 \\{", -1).length - 1, "both environments follow");
		editor.doSave(null);
		environments.refreshLocal(IResource.DEPTH_ZERO, null);
		waitForBuild();
		assertEquals(List.of(), problems(project, IMarker.SEVERITY_ERROR), "the renamed design is consistent");

		// and back
		RenameSupport.apply(RenameSupport.plan(document, offset, "web-02"), document,
				URI.createFileURI(site.getLocation().toOSString()));
		editor.doSave(null);
		assertEquals(siteBefore, Files.readString(Path.of(site.getLocationURI())));
		assertEquals(environmentsBefore, Files.readString(Path.of(environments.getLocationURI())));
	}

	private static List<String> problems(IProject project, int minimumSeverity) {
		List<String> result = new ArrayList<>();
		try {
			for (IMarker marker : project.findMarkers(DesignMarkers.TYPE, true, IResource.DEPTH_INFINITE)) {
				if (marker.getAttribute(IMarker.SEVERITY, 0) >= minimumSeverity) {
					result.add(marker.getResource().getProjectRelativePath() + ": " + marker.getAttribute(IMarker.MESSAGE, ""));
				}
			}
		} catch (CoreException e) {
			throw new AssertionError(e);
		}
		return result;
	}

	private static void waitForBuild() {
		spin(200);
		long deadline = System.currentTimeMillis() + TIMEOUT_MS;
		while (Job.getJobManager().find(ResourcesPlugin.FAMILY_AUTO_BUILD).length > 0) {
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("timed out waiting for the build");
			}
			spin(50);
		}
		spin(100);
	}

	/** Moves the mouse over the text at {@code offset} and waits for the hover to show. */
	private static void showHoverAt(ISourceViewer viewer, int offset) {
		viewer.revealRange(offset, 1);
		viewer.getTextWidget().setFocus();
		spin(300);
		Point location = viewer.getTextWidget()
				.toDisplay(viewer.getTextWidget().getLocationAtOffset(offset));
		Event move = new Event();
		move.type = SWT.MouseMove;
		move.x = location.x + 3;
		move.y = location.y + 5;
		Display.getCurrent().post(move);
		spin(200);
		move.x += 2;
		Display.getCurrent().post(move);
		spin(2500);
	}

	private static List<String> proposals(IDocument document, int offset) {
		List<String> result = new ArrayList<>();
		for (ICompletionProposal proposal : UnderlayContentAssistProcessor.proposals(document, offset)) {
			result.add(proposal.getDisplayString().split(" ")[0]);
		}
		return result;
	}


	private static IEditorPart siteEditor() {
		for (IEditorReference reference : page().getEditorReferences()) {
			if (reference.getName().equals("fra1.underlay")) {
				return reference.getEditor(true);
			}
		}
		return null;
	}

}
