package org.underlay.dsl.ide.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.underlay.dsl.fixes.Fix;
import org.underlay.dsl.fixes.Fixes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * The quick fixes as LSP code actions: for each diagnostic the client sends back, the fixes of {@link Fixes} for its
 * code and data, each one workspace edit on the document.
 */
public class UnderlayCodeActions implements ICodeActionService2 {

	@Override
	public List<Either<Command, CodeAction>> getCodeActions(Options options) {
		String uri = options.getURI();
		Document document = options.getDocument() != null ? options.getDocument()
				: options.getLanguageServerAccess().doSyncRead(uri, ILanguageServerAccess.Context::getDocument);
		if (document == null) {
			return List.of();
		}
		return actions(options, uri, document);
	}

	private static List<Either<Command, CodeAction>> actions(Options options, String uri, Document document) {
		List<Either<Command, CodeAction>> actions = new ArrayList<>();
		for (Diagnostic diagnostic : options.getCodeActionParams().getContext().getDiagnostics()) {
			if (options.getCancelIndicator().isCanceled()) {
				break;
			}
			String code = diagnostic.getCode() == null || !diagnostic.getCode().isLeft() ? null
					: diagnostic.getCode().getLeft();
			if (!Fixes.hasFixes(code)) {
				continue;
			}
			int start;
			int end;
			try {
				start = document.getOffSet(diagnostic.getRange().getStart());
				end = document.getOffSet(diagnostic.getRange().getEnd());
			} catch (IndexOutOfBoundsException e) {
				continue; // the document changed since the diagnostic was published
			}
			for (Fix fix : Fixes.forIssue(code, data(diagnostic.getData()), document.getContents(), start, end - start)) {
				List<TextEdit> edits = fix.edits().stream()
						.map(e -> new TextEdit(new Range(document.getPosition(e.offset()),
								document.getPosition(e.offset() + e.length())), e.text()))
						.toList();
				CodeAction action = new CodeAction(fix.label());
				action.setKind(CodeActionKind.QuickFix);
				action.setDiagnostics(List.of(diagnostic));
				action.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
				actions.add(Either.forRight(action));
			}
		}
		return actions;
	}

	/** The issue data as published (a string array) or as a client sends it back (JSON). */
	static String[] data(Object data) {
		if (data instanceof String[] strings) {
			return strings;
		}
		if (data instanceof JsonArray array) {
			List<String> values = new ArrayList<>();
			for (JsonElement element : array) {
				values.add(element.isJsonNull() ? null : element.getAsString());
			}
			return values.toArray(String[]::new);
		}
		if (data instanceof List<?> list) {
			return list.stream().map(String::valueOf).toArray(String[]::new);
		}
		return new String[0];
	}
}
