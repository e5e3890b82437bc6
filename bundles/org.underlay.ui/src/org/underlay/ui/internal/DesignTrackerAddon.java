package org.underlay.ui.internal;

import org.eclipse.e4.core.contexts.ContextFunction;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.widgets.Display;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Puts the workbench's {@link DesignTracker} and its latest {@link DesignSnapshot} into the application's context,
 * so views and handlers get them injected ({@code @Inject DesignTracker}, {@code @Inject @Optional void
 * show(DesignSnapshot)}). The tracker is made when a view or handler first asks for either: addons are made before
 * the workbench window whose editors it follows. From then on every newer snapshot replaces the one in the context,
 * which injects it again into everything that asked for it.
 */
public final class DesignTrackerAddon {

	private IEclipseContext application;
	private DesignTracker tracker;

	@PostConstruct
	public void install(IEclipseContext application) {
		this.application = application;
		application.set(DesignTracker.class.getName(), new ContextFunction() {
			@Override
			public Object compute(IEclipseContext context, String key) {
				return tracker();
			}
		});
		application.set(DesignSnapshot.class.getName(), new ContextFunction() {
			@Override
			public Object compute(IEclipseContext context, String key) {
				return tracker().current();
			}
		});
	}

	/** The tracker, started on first use (UI thread). */
	private synchronized DesignTracker tracker() {
		if (tracker == null) {
			Display display = Display.getCurrent() != null ? Display.getCurrent() : Display.getDefault();
			tracker = new DesignTracker(display, snapshot -> application.set(DesignSnapshot.class, snapshot));
			tracker.start();
		}
		return tracker;
	}

	@PreDestroy
	public synchronized void uninstall() {
		if (tracker != null) {
			tracker.stop();
		}
	}
}
