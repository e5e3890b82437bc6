package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.dsl.ide.UnderlayLanguageServer;

/**
 * The language server, driven by a real LSP client over a loopback socket: diagnostics, then after didOpen
 * completion (keywords and cross-references), hover and go to definition.
 */
class LanguageServerTest {

	private static final String LIBRARY = "package t.lib\n/* One rack unit, for tests. */\ndevice-type OneU { height 1 }\n";
	private static final String SITE = """
			package t.dc
			import t.lib.*
			site s {
				room r {
					rack k height 10 {
						server a : OneU at 1
						server b : OneU at 1
					}
				}
			}
			""";

	@Test
	void publishesDiagnosticsCompletesHoversAndFindsDefinitions(@TempDir Path workspace) throws Exception {
		Files.writeString(workspace.resolve("lib.underlay"), LIBRARY);
		Path site = workspace.resolve("site.underlay");
		Files.writeString(site, SITE);

		BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
		session(diagnostics, server -> {
				InitializeParams init = new InitializeParams();
				init.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "test")));
				init.setRootUri(workspace.toUri().toString());
				assertNotNull(server.initialize(init).get(60, TimeUnit.SECONDS).getCapabilities().getCompletionProvider());
				server.initialized(new InitializedParams());

				PublishDiagnosticsParams published = null;
				long deadline = System.currentTimeMillis() + 60_000;
				while (System.currentTimeMillis() < deadline) {
					PublishDiagnosticsParams next = diagnostics.poll(1, TimeUnit.SECONDS);
					if (next != null && next.getUri().endsWith("site.underlay") && !next.getDiagnostics().isEmpty()) {
						published = next;
						break;
					}
				}
				assertNotNull(published, "diagnostics for site.underlay");
				assertEquals(1, published.getDiagnostics().size(), published::toString);
				assertEquals("b (unit 1) overlaps a at unit 1 in rack k; first free position: 2",
						published.getDiagnostics().get(0).getMessage().getLeft());
				assertEquals(6, published.getDiagnostics().get(0).getRange().getStart().getLine(), "zero-based line of b");

				CompletionParams completion = new CompletionParams(new TextDocumentIdentifier(published.getUri()),
						new Position(4, 2));
				Either<List<CompletionItem>, CompletionList> items = server.getTextDocumentService().completion(completion).get(30, TimeUnit.SECONDS);
				List<CompletionItem> list = items.isLeft() ? items.getLeft() : items.getRight().getItems();
				assertTrue(list.stream().anyMatch(i -> i.getLabel().equals("rack")), () -> list.toString());

				// the client opens the file: what follows works on the open document
				server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
						new TextDocumentItem(published.getUri(), "underlay", 1, SITE)));
				TextDocumentIdentifier document = new TextDocumentIdentifier(published.getUri());
				Position onType = new Position(5, 15); // inside 'OneU' of 'server a : OneU at 1'

				CompletionParams afterColon = new CompletionParams(document, new Position(5, 14));
				Either<List<CompletionItem>, CompletionList> types = server.getTextDocumentService().completion(afterColon)
						.get(30, TimeUnit.SECONDS);
				List<CompletionItem> typeList = types.isLeft() ? types.getLeft() : types.getRight().getItems();
				assertTrue(typeList.stream().anyMatch(i -> i.getLabel().equals("OneU")), () -> typeList.toString());

				Hover hover = server.getTextDocumentService().hover(new HoverParams(document, onType)).get(30,
						TimeUnit.SECONDS);
				assertNotNull(hover, "hover over the type reference");
				String shown = hover.getContents().isRight() ? hover.getContents().getRight().getValue()
						: hover.getContents().getLeft().toString();
				assertTrue(shown.contains("One rack unit, for tests."), shown);

				Either<List<? extends Location>, List<? extends LocationLink>> definition = server.getTextDocumentService()
						.definition(new DefinitionParams(document, onType)).get(30, TimeUnit.SECONDS);
				List<? extends Location> locations = definition.getLeft();
				assertEquals(1, locations.size(), locations::toString);
				assertTrue(locations.get(0).getUri().endsWith("lib.underlay"), locations::toString);
				assertEquals(2, locations.get(0).getRange().getStart().getLine(), "zero-based line of OneU in the library");

				// no 'exit': Xtext's server ends the JVM on exit, which would end this test run with it
				server.shutdown().get(30, TimeUnit.SECONDS);
		});
	}

	/** A client that opens no folder (LSP allows a null root) gets a working session, not an internal error. */
	@Test
	void initializeWithoutARootFolder() throws Exception {
		BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
		session(diagnostics, server -> {
				InitializeParams init = new InitializeParams();
				assertNotNull(server.initialize(init).get(60, TimeUnit.SECONDS).getCapabilities().getHoverProvider());
				server.initialized(new InitializedParams());
				server.shutdown().get(30, TimeUnit.SECONDS);
		});
	}

	/** What a test does with the server, connected over a loopback socket. */
	@FunctionalInterface
	private interface Session {
		void run(LanguageServer server) throws Exception;
	}

	private static void session(BlockingQueue<PublishDiagnosticsParams> diagnostics, Session session) throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
				try {
					Socket socket = listener.accept();
					UnderlayLanguageServer.start(socket.getInputStream(), socket.getOutputStream());
					return socket;
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			});
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
				Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(new Client(diagnostics),
						socket.getInputStream(), socket.getOutputStream());
				launcher.startListening();
				LanguageServer server = launcher.getRemoteProxy();
				session.run(server);
			}
			accepted.get(30, TimeUnit.SECONDS).close();
		}
	}

	private record Client(BlockingQueue<PublishDiagnosticsParams> diagnostics) implements LanguageClient {
		@Override
		public void telemetryEvent(Object object) {
		}

		@Override
		public void publishDiagnostics(PublishDiagnosticsParams params) {
			diagnostics.add(params);
		}

		@Override
		public void showMessage(MessageParams params) {
		}

		@Override
		public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void logMessage(MessageParams params) {
		}
	}
}
