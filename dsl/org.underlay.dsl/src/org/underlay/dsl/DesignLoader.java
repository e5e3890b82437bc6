package org.underlay.dsl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;

/**
 * Reads the files of a design into one resource set, parsing several files at a time.
 * <p>
 * Parsing a file touches nothing but that file's resource, so each file is parsed in a scratch resource set of its
 * own on a worker thread and then moved into the target set on the calling thread (the resource set itself is not
 * thread-safe). Linking and validation stay on the calling thread: they read across files.
 */
public final class DesignLoader {

	private static final AtomicInteger THREADS = new AtomicInteger();

	private DesignLoader() {
	}

	/**
	 * Loads every URI not yet in {@code target}. A file that cannot be read leaves no resource behind and is returned
	 * with its cause; the others are loaded regardless.
	 *
	 * @param scratch makes an empty resource set configured like {@code target} (same language, same options)
	 */
	public static Map<URI, Exception> loadAll(ResourceSet target, Supplier<? extends ResourceSet> scratch,
			Collection<URI> uris) {
		List<URI> todo = new ArrayList<>();
		for (URI uri : uris) {
			if (target.getResource(uri, false) == null && !todo.contains(uri)) {
				todo.add(uri);
			}
		}
		Map<URI, Exception> failed = new LinkedHashMap<>();
		int threads = Math.min(todo.size(), Runtime.getRuntime().availableProcessors());
		if (threads <= 1) {
			for (URI uri : todo) {
				try {
					target.getResource(uri, true);
				} catch (RuntimeException e) {
					failed.put(uri, e);
					Resource broken = target.getResource(uri, false);
					if (broken != null) {
						target.getResources().remove(broken);
					}
				}
			}
			return failed;
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "underlay-parse-" + THREADS.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		try {
			Map<URI, Future<Resource>> parsed = new LinkedHashMap<>();
			for (URI uri : todo) {
				parsed.put(uri, pool.submit(() -> {
					ResourceSet own = scratch.get();
					own.getLoadOptions().putAll(target.getLoadOptions());
					Resource resource = own.createResource(uri);
					if (resource == null) {
						throw new IllegalArgumentException("no parser for " + uri.lastSegment());
					}
					resource.load(own.getLoadOptions());
					return resource;
				}));
			}
			for (Map.Entry<URI, Future<Resource>> entry : parsed.entrySet()) {
				try {
					target.getResources().add(entry.getValue().get());
				} catch (ExecutionException e) {
					failed.put(entry.getKey(), e.getCause() instanceof Exception cause ? cause : e);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					failed.put(entry.getKey(), e);
				}
			}
			return failed;
		} finally {
			pool.shutdownNow();
		}
	}
}
