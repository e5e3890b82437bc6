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

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
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

	private static final String LIBRARY = "package t.lib\n/* One rack unit, for tests. */\ndevice-type OneU { height 1 }\n"
			+ "param os.image : string default \"debian-12\" \"The image the installer writes\"\n";
	private static final String SITE = """
			package t.dc
			import t.lib.*
			site s {
				room r {
					rack k height 10 {
						server a : OneU at 1 { param os.image = "ubuntu-24" }
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

				PublishDiagnosticsParams siteFile = null;
				long deadline = System.currentTimeMillis() + 60_000;
				while (System.currentTimeMillis() < deadline) {
					PublishDiagnosticsParams next = diagnostics.poll(1, TimeUnit.SECONDS);
					if (next != null && next.getUri().endsWith("site.underlay") && !next.getDiagnostics().isEmpty()) {
						siteFile = next;
						break;
					}
				}
				assertNotNull(siteFile, "diagnostics for site.underlay");
				List<Diagnostic> published = siteFile.getDiagnostics();
				assertEquals(List.of("a (unit 1) overlaps b at unit 1 in rack k; nearest free position: 2",
						"b (unit 1) overlaps a at unit 1 in rack k; nearest free position: 2"),
						published.stream().map(d -> d.getMessage().getLeft()).toList(), published::toString);
				assertEquals(List.of(5, 6), published.stream().map(d -> d.getRange().getStart().getLine()).toList(),
						"zero-based lines of a and b");

				CompletionParams completion = new CompletionParams(new TextDocumentIdentifier(siteFile.getUri()),
						new Position(4, 2));
				Either<List<CompletionItem>, CompletionList> items = server.getTextDocumentService().completion(completion).get(30, TimeUnit.SECONDS);
				List<CompletionItem> list = items.isLeft() ? items.getLeft() : items.getRight().getItems();
				assertTrue(list.stream().anyMatch(i -> i.getLabel().equals("rack")), () -> list.toString());

				// the client opens the file: what follows works on the open document
				server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
						new TextDocumentItem(siteFile.getUri(), "underlay", 1, SITE)));
				TextDocumentIdentifier document = new TextDocumentIdentifier(siteFile.getUri());
				Position onType = new Position(5, 15); // inside 'OneU' of 'server a : OneU at 1'

				CompletionParams afterColon = new CompletionParams(document, new Position(5, 14));
				Either<List<CompletionItem>, CompletionList> types = server.getTextDocumentService().completion(afterColon)
						.get(30, TimeUnit.SECONDS);
				List<CompletionItem> typeList = types.isLeft() ? types.getLeft() : types.getRight().getItems();
				assertTrue(typeList.stream().anyMatch(i -> i.getLabel().equals("OneU") && "device type".equals(i.getDetail())),
						() -> typeList.toString());
				assertTrue(typeList.stream().noneMatch(i -> i.getLabel().equals("t.lib.OneU")),
						() -> "each type once, by its shortest name: " + typeList);

				// a param: its type, default and documentation, not an internal class name
				Either<List<CompletionItem>, CompletionList> paramItems = server.getTextDocumentService()
						.completion(new CompletionParams(document, new Position(5, 32))).get(30, TimeUnit.SECONDS);
				List<CompletionItem> paramList = paramItems.isLeft() ? paramItems.getLeft()
						: paramItems.getRight().getItems();
				CompletionItem image = paramList.stream().filter(i -> i.getLabel().equals("os.image")).findFirst()
						.orElseThrow(() -> new AssertionError("param proposals: " + paramList));
				assertEquals("string, default \"debian-12\"", image.getDetail());
				assertEquals("The image the installer writes", image.getDocumentation().isLeft()
						? image.getDocumentation().getLeft() : image.getDocumentation().getRight().getValue());

				Hover hover = server.getTextDocumentService().hover(new HoverParams(document, onType)).get(30,
						TimeUnit.SECONDS);
				assertNotNull(hover, "hover over the type reference");
				String shown = hover.getContents().isRight() ? hover.getContents().getRight().getValue()
						: hover.getContents().getLeft().toString();
				assertTrue(shown.contains("device-type OneU\n1 U") && shown.contains("One rack unit, for tests."), shown);

				// the workbench's provenance hover: a device's effective params and where each comes from
				Hover device = server.getTextDocumentService().hover(new HoverParams(document, new Position(5, 10)))
						.get(30, TimeUnit.SECONDS);
				String params = device.getContents().getRight().getValue();
				assertTrue(params.startsWith("server a : OneU\nrack k, unit 1 front") && params.contains("os.image")
						&& params.contains("ubuntu-24"), params);

				// the quick fixes as code actions: b moves to the free unit above
				CodeActionParams fixB = new CodeActionParams(document, published.get(1).getRange(),
						new CodeActionContext(List.of(published.get(1))));
				List<Either<Command, CodeAction>> actions = server.getTextDocumentService().codeAction(fixB)
						.get(30, TimeUnit.SECONDS);
				assertEquals(List.of("Move to unit 2"), actions.stream().map(a -> a.getRight().getTitle()).toList());
				CodeAction move = actions.get(0).getRight();
				assertEquals(CodeActionKind.QuickFix, move.getKind());
				List<TextEdit> edits = move.getEdit().getChanges().get(siteFile.getUri());
				assertEquals(1, edits.size(), edits::toString);
				assertEquals("2", edits.get(0).getNewText());
				assertEquals(new Range(new Position(6, 22), new Position(6, 23)), edits.get(0).getRange(),
						"the unit after 'at' on b's line");

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
