package org.underlay.dsl.ide;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
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

	/**
	 * Xtext's server, for clients that open no folder: LSP allows {@code initialize} without a root (single files),
	 * Xtext's workspace manager needs one; such a session gets an empty folder of its own, so it sees only the
	 * documents the client opens.
	 */
	static final class Server extends LanguageServerImpl {

		@SuppressWarnings("deprecation") // rootPath: older clients send only it
		@Override
		public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
			boolean noFolders = params.getWorkspaceFolders() == null || params.getWorkspaceFolders().isEmpty();
			if (params.getRootUri() == null && params.getRootPath() == null && noFolders) {
				try {
					Path empty = Files.createTempDirectory("underlay-lsp-");
					empty.toFile().deleteOnExit();
					params.setRootUri(empty.toUri().toString());
				} catch (IOException e) {
					CompletableFuture<InitializeResult> failed = new CompletableFuture<>();
					failed.completeExceptionally(new IllegalStateException("no workspace folder and no temporary "
							+ "folder for one: " + e.getMessage()));
					return failed;
				}
			}
			return super.initialize(params);
		}
	}

	/** Starts serving; the future completes when the client closes the connection. */
	public static Future<Void> start(InputStream in, OutputStream out) {
		new UnderlayIdeSetup().createInjectorAndDoEMFRegistration();
		Injector injector = Guice.createInjector(Modules.override(new ServerModule())
				.with(binder -> binder.bind(IResourceServiceProvider.Registry.class)
						.toInstance(IResourceServiceProvider.Registry.INSTANCE)));
		LanguageServerImpl server = injector.getInstance(Server.class);
		Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
		server.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}
}
