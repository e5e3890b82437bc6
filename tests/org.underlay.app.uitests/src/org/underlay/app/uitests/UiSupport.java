package org.underlay.app.uitests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.underlay.dsl.ui.internal.UnderlayValidationReconciler;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;

/** What every UI test needs: the window, waiting while the UI runs, screenshots for people to look at. */
final class UiSupport {

	static final long TIMEOUT_MS = 60_000;

	private UiSupport() {
	}

	static IWorkbenchWindow window() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		return window != null ? window : PlatformUI.getWorkbench().getWorkbenchWindows()[0];
	}

	static IWorkbenchPage page() {
		return window().getActivePage();
	}

	static void waitFor(String what, Supplier<Boolean> condition) {
		long deadline = System.currentTimeMillis() + TIMEOUT_MS;
		while (!condition.get()) {
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("timed out waiting for " + what);
			}
			spin(50);
		}
	}

	static void spin(long millis) {
		Display display = Display.getCurrent();
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			while (display.readAndDispatch()) {
				// drain the event queue
			}
			try {
				Thread.sleep(10);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Saves what the screen shows (the whole X display) for people to look at. */
	static void screenshot(String name) throws Exception {
		spin(300);
		Display display = Display.getCurrent();
		Rectangle bounds = window().getShell().getBounds();
		Image image = new Image(display, bounds.width, bounds.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, bounds.x, bounds.y);
			Path folder = Path.of(System.getProperty("underlay.screenshots", "target/screenshots"));
			Files.createDirectories(folder);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(folder.resolve(name).toString(), SWT.IMAGE_PNG);
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	/**
	 * Answers every dialog whose title starts with a text by pressing one of its buttons, as an operator would, until
	 * closed; remembers their titles. It runs from the display's timer, so also inside the dialog's own event loop.
	 */
	static final class Dialogs implements AutoCloseable {
		final List<String> answered = new CopyOnWriteArrayList<>();
		private final Display display = Display.getCurrent();
		private final String title;
		private final String button;
		private volatile boolean open = true;

		/** Cancels every credential dialog. */
		static Dialogs cancelCredentials() {
			return new Dialogs("Credential ", "Cancel");
		}

		Dialogs(String title, String button) {
			this.title = title;
			this.button = button;
			display.timerExec(100, this::check);
		}

		private void check() {
			if (!open) {
				return;
			}
			for (Shell shell : display.getShells()) {
				if (!shell.isDisposed() && shell.isVisible() && shell.getText().startsWith(title)) {
					Button pressed = button(shell, button);
					if (pressed != null) {
						answered.add(shell.getText());
						pressed.notifyListeners(SWT.Selection, new Event());
					}
				}
			}
			display.timerExec(100, this::check);
		}

		private static Button button(Composite composite, String text) {
			for (Control child : composite.getChildren()) {
				if (child instanceof Button b && text.equals(b.getText().replace("&", ""))) {
					return b;
				}
				Button found = child instanceof Composite c ? button(c, text) : null;
				if (found != null) {
					return found;
				}
			}
			return null;
		}

		@Override
		public void close() {
			open = false;
		}
	}

	/** Shows a part of the model fragment and returns its POJO once created. */
	@SuppressWarnings("unchecked")
	static <T> T show(String id) {
		EPartService parts = window().getService(EPartService.class);
		MPart part = parts.showPart(id, PartState.VISIBLE);
		assertNotNull(part, id + " is contributed by the model fragment");
		waitFor(id + " to be created", () -> part.getObject() != null);
		spin(200);
		return (T) part.getObject();
	}

	/** Waits for the design tracker's snapshot to settle and meet the condition, then lets the views repaint. */
	static DesignSnapshot waitForSnapshot(String what, Predicate<DesignSnapshot> condition) {
		waitFor(what, () -> !DesignTracker.get().busy() && condition.test(DesignTracker.get().current()));
		spin(200);
		return DesignTracker.get().current();
	}

	/** The texts of the editor's error annotations (live validation's squiggles). */
	static List<String> errors(ISourceViewer viewer) {
		List<String> texts = new ArrayList<>();
		for (Iterator<Annotation> it = viewer.getAnnotationModel().getAnnotationIterator(); it.hasNext();) {
			Annotation annotation = it.next();
			if (UnderlayValidationReconciler.ERROR_TYPE.equals(annotation.getType())) {
				texts.add(annotation.getText());
			}
		}
		return texts;
	}
}
