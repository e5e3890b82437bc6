package org.underlay.cli;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C in two steps while an apply runs: the first SIGINT calls {@code first} (stop starting new actions), the
 * second {@code second} (interrupt the actions in flight); the JVM's own handling (exit at once) comes back with
 * {@link #restore()}. Uses the JDK's {@code sun.misc.Signal} (module jdk.unsupported) by reflection through the
 * system class loader, which sees it whatever the OSGi wiring; where it is missing, Ctrl-C keeps its default.
 */
final class Interrupts {

	private static Object previous;

	private Interrupts() {
	}

	static synchronized void onCtrlC(Runnable first, Runnable second) {
		try {
			ClassLoader loader = ClassLoader.getSystemClassLoader();
			AtomicInteger count = new AtomicInteger();
			Object handler = Proxy.newProxyInstance(loader, new Class<?>[] { loader.loadClass("sun.misc.SignalHandler") },
					(proxy, method, args) -> {
						if (method.getName().equals("handle")) {
							(count.incrementAndGet() == 1 ? first : second).run();
							return null;
						}
						return method.getName().equals("toString") ? "underlay Ctrl-C" : method.invoke(proxy, args);
					});
			previous = handle(handler);
		} catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			previous = null; // no signal handling here: Ctrl-C ends the process, the journal shows what started
		}
	}

	static synchronized void restore() {
		if (previous == null) {
			return;
		}
		try {
			handle(previous);
		} catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			// the process ends soon after an apply; its default handling is not needed any more
		} finally {
			previous = null;
		}
	}

	/** {@code sun.misc.Signal.handle(new Signal("INT"), handler)}; returns the handler it replaced. */
	private static Object handle(Object handler) throws ReflectiveOperationException {
		ClassLoader loader = ClassLoader.getSystemClassLoader();
		Class<?> signal = loader.loadClass("sun.misc.Signal");
		Class<?> handlerType = loader.loadClass("sun.misc.SignalHandler");
		return signal.getMethod("handle", signal, handlerType).invoke(null,
				signal.getConstructor(String.class).newInstance("INT"), handler);
	}
}
