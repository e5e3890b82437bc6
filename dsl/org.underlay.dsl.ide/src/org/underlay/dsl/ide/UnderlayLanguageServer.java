package org.underlay.dsl.ide;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;

import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.resource.IResourceServiceProvider;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

/**
 * The Underlay language server (LSP over a pair of streams, e.g. stdio): the same ide services the workbench's
 * editor uses, for any LSP editor. The language is registered directly: Java's service loader, which Xtext's
 * server would use to find languages, does not see into OSGi bundles.
 */
public final class UnderlayLanguageServer {

	private UnderlayLanguageServer() {
	}

	/** Starts serving; the future completes when the client closes the connection. */
	public static Future<Void> start(InputStream in, OutputStream out) {
		new UnderlayIdeSetup().createInjectorAndDoEMFRegistration();
		Injector injector = Guice.createInjector(Modules.override(new ServerModule())
				.with(binder -> binder.bind(IResourceServiceProvider.Registry.class)
						.toInstance(IResourceServiceProvider.Registry.INSTANCE)));
		LanguageServerImpl server = injector.getInstance(LanguageServerImpl.class);
		Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
		server.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}
}
