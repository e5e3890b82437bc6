package org.underlay.dsl.ui.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.log4j.Logger;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.util.TextRegion;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * Content assist from Xtext's UI-independent proposal provider: keywords, and cross-references resolved within the
 * document's design (device types of imported library files).
 */
public class UnderlayContentAssistProcessor implements IContentAssistProcessor {

	private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "underlay-content-assist");
		thread.setDaemon(true);
		return thread;
	});

	private String errorMessage;

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		errorMessage = null;
		try {
			return proposals(viewer.getDocument(), offset).toArray(new ICompletionProposal[0]);
		} catch (RuntimeException e) {
			errorMessage = "No proposals: " + e.getMessage();
			Logger.getLogger(getClass()).error("content assist failed", e);
			return new ICompletionProposal[0];
		}
	}

	/** The proposals at {@code offset}, most specific first, without duplicates. */
	public static List<ICompletionProposal> proposals(IDocument document, int offset) {
		String text = document.get();
		if (insideCommentOrText(text, offset)) {
			return List.of(); // nothing to complete in prose: no pop-up on a ':' or '.' typed there
		}
		DesignContext.Located located = DesignContext.locate(document);
		List<ContentAssistEntry> entries = located.context().withDocument(located.uri(), text, resource -> {
			ContentAssistContextFactory factory = UnderlayLanguage.get(ContentAssistContextFactory.class);
			factory.setPool(POOL);
			ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
			IdeContentProposalAcceptor acceptor = UnderlayLanguage.get(IdeContentProposalAcceptor.class);
			UnderlayLanguage.get(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts), acceptor);
			List<ContentAssistEntry> accepted = new ArrayList<>();
			acceptor.getEntries().forEach(accepted::add);
			return accepted;
		});
		List<ICompletionProposal> result = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (ContentAssistEntry entry : entries) {
			String proposal = entry.getProposal();
			if (proposal == null || !seen.add(proposal)) {
				continue;
			}
			String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
			String label = entry.getLabel() != null ? entry.getLabel() : proposal;
			String display = entry.getDescription() != null ? label + " - " + entry.getDescription() : label;
			result.add(new CompletionProposal(proposal, offset - prefix.length(), prefix.length(), proposal.length(),
					null, display, null, entry.getDocumentation()));
		}
		return result;
	}

	/** Whether {@code offset} lies in a comment or a quoted text (a scan from the start of the file). */
	static boolean insideCommentOrText(String text, int offset) {
		int i = 0;
		int end = Math.min(offset, text.length());
		while (i < end) {
			if (text.startsWith("//", i)) {
				int eol = text.indexOf('\n', i);
				if (eol < 0 || eol >= offset) {
					return true;
				}
				i = eol + 1;
			} else if (text.startsWith("/*", i)) {
				int close = text.indexOf("*/", i + 2);
				if (close < 0 || close + 2 > offset) {
					return true;
				}
				i = close + 2;
			} else if (text.charAt(i) == '"') {
				int j = i + 1;
				while (j < text.length() && text.charAt(j) != '"' && text.charAt(j) != '\n') {
					j += text.charAt(j) == '\\' ? 2 : 1;
				}
				if (j >= offset) {
					return true;
				}
				i = j + 1;
			} else {
				i++;
			}
		}
		return false;
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return new IContextInformation[0];
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return new char[] { '.', ':' };
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return errorMessage;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
