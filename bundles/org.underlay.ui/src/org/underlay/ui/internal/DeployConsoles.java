package org.underlay.ui.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.console.IConsoleManager;
import org.eclipse.ui.console.IConsoleView;
import org.eclipse.ui.console.MessageConsole;
import org.eclipse.ui.console.MessageConsoleStream;

/**
 * One Console per machine and environment ("web-01 (lab)"), as Eclipse keeps one per launched process: the machines
 * of a run work in parallel, so each gets its own console to follow, picked from the Console view's list or by
 * selecting the machine in the Deploy view. A console lives across runs; each run starts with a header line.
 * Writes are thread-safe (engine threads stream into them) and never carry secrets: the engine hands over command
 * output and outcomes only.
 */
public final class DeployConsoles {

	/** The consoles' type, so they can be told from other consoles. */
	public static final String TYPE = "org.underlay.ui.machineConsole";

	/** A machine's console and its streams: plain output, action headers, failures. */
	private record Streams(MessageConsole console, MessageConsoleStream out, MessageConsoleStream header,
			MessageConsoleStream error) {
	}

	private static final Map<String, Streams> CONSOLES = new ConcurrentHashMap<>();

	private DeployConsoles() {
	}

	public static String name(String environment, String machine) {
		return machine + " (" + environment + ")";
	}

	/** The machine's console, created and added to the Console view's list on first use. */
	public static MessageConsole console(String environment, String machine) {
		return streams(environment, machine).console();
	}

	private static Streams streams(String environment, String machine) {
		String name = name(environment, machine);
		Streams streams = CONSOLES.get(name);
		if (streams != null && isRegistered(streams.console())) {
			return streams;
		}
		synchronized (CONSOLES) {
			streams = CONSOLES.get(name);
			if (streams == null || !isRegistered(streams.console())) {
				MessageConsole console = new MessageConsole(name, TYPE, null, true);
				// a console lives as long as the workbench: keep the last megabyte of output
				console.setWaterMarks(800_000, 1_000_000);
				streams = new Streams(console, console.newMessageStream(), console.newMessageStream(),
						console.newMessageStream());
				Streams coloured = streams;
				Display display = PlatformUI.getWorkbench().getDisplay();
				display.asyncExec(() -> {
					coloured.header().setColor(display.getSystemColor(SWT.COLOR_DARK_BLUE));
					coloured.error().setColor(display.getSystemColor(SWT.COLOR_DARK_RED));
				});
				ConsolePlugin.getDefault().getConsoleManager().addConsoles(new IConsole[] { console });
				CONSOLES.put(name, streams);
			}
			return streams;
		}
	}

	/** The user may remove a console from the view: then the next write makes a new one. */
	private static boolean isRegistered(MessageConsole console) {
		for (IConsole c : ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
			if (c == console) {
				return true;
			}
		}
		return false;
	}

	/** A line of the machine's output. */
	public static void output(String environment, String machine, String line) {
		streams(environment, machine).out().println(line);
	}

	/** What the run is doing on the machine: "▶ 3 run uname -n", a run's header. */
	public static void header(String environment, String machine, String line) {
		streams(environment, machine).header().println(line);
	}

	/** A failure on the machine. */
	public static void error(String environment, String machine, String line) {
		streams(environment, machine).error().println(line);
	}

	/**
	 * Brings the Console view up (without taking the focus) showing this machine's console. Call on the UI thread.
	 *
	 * @param open whether to open the Console view if it is not open; false: only switch a view already there
	 */
	public static void show(String environment, String machine, boolean open) {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		IWorkbenchPage page = window == null ? null : window.getActivePage();
		if (page == null) {
			return;
		}
		if (!open && !CONSOLES.containsKey(name(environment, machine))) {
			return; // nothing ran on it yet
		}
		IConsoleView view = (IConsoleView) page.findView(IConsoleConstants.ID_CONSOLE_VIEW);
		if (open) {
			try {
				// on top of its stack (opened if need be), without taking the focus from where the operator works
				view = (IConsoleView) page.showView(IConsoleConstants.ID_CONSOLE_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
			} catch (PartInitException e) {
				ILog.of(DeployConsoles.class).error("Cannot open the Console view", e);
				return;
			}
		}
		if (view != null) {
			// after the Console view has taken in consoles just added (it shows each one it takes in, later)
			IConsoleView shown = view;
			MessageConsole console = console(environment, machine);
			Display.getCurrent().asyncExec(() -> shown.display(console));
		}
	}

	/**
	 * Creates the consoles of a run's machines now (the Console view shows each console added, so adding them as
	 * output arrives would flip through them) and brings up the Console view with the first, unless it would cover
	 * {@code part} (same stack). Call on the UI thread.
	 */
	public static void reveal(String environment, List<String> machines,
			EPartService parts, MPart part) {
		if (machines.isEmpty()) {
			return;
		}
		machines.forEach(m -> console(environment, m));
		boolean covers = false;
		if (parts != null && part != null) {
			var view = parts.findPart(IConsoleConstants.ID_CONSOLE_VIEW);
			covers = view != null && stackOf(view) != null && stackOf(view) == stackOf(part);
		}
		show(environment, machines.get(0), !covers);
	}

	private static MUIElement stackOf(
			MPart part) {
		var ref = part.getCurSharedRef() != null ? part.getCurSharedRef() : part;
		return ref.getParent();
	}

	/** The console manager (tests look for consoles there). */
	public static IConsoleManager manager() {
		return ConsolePlugin.getDefault().getConsoleManager();
	}
}
