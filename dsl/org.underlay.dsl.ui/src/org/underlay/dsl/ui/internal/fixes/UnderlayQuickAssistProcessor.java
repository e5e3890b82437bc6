package org.underlay.dsl.ui.internal.fixes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.xtext.validation.Issue;
import org.underlay.dsl.fixes.Fixes;
import org.underlay.dsl.ui.internal.IssueAnnotation;

/** Ctrl+1 in the editor: the fixes of the live problems at the caret. */
public class UnderlayQuickAssistProcessor implements IQuickAssistProcessor {

	@Override
	public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
		List<ICompletionProposal> proposals = new ArrayList<>();
		for (IssueAnnotation annotation : problemsAt(context.getSourceViewer(), context.getOffset())) {
			Issue issue = annotation.issue();
			Position position = context.getSourceViewer().getAnnotationModel().getPosition(annotation);
			for (DesignFix fix : DesignFixes.fixesFor(issue.getCode(), issue.getData(),
					context.getSourceViewer().getDocument(), position.getOffset(), position.getLength())) {
				proposals.add(new FixProposal(fix));
			}
		}
		return proposals.toArray(new ICompletionProposal[0]);
	}

	/** The live problems whose region touches {@code offset}. */
	public static List<IssueAnnotation> problemsAt(ISourceViewer viewer, int offset) {
		List<IssueAnnotation> found = new ArrayList<>();
		IAnnotationModel model = viewer == null ? null : viewer.getAnnotationModel();
		if (model == null) {
			return found;
		}
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof IssueAnnotation annotation) {
				Position position = model.getPosition(annotation);
				if (position != null && position.getOffset() <= offset
						&& offset <= position.getOffset() + position.getLength()) {
					found.add(annotation);
				}
			}
		}
		return found;
	}

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public boolean canFix(Annotation annotation) {
		return annotation instanceof IssueAnnotation issue && Fixes.hasFixes(issue.issue().getCode());
	}

	@Override
	public boolean canAssist(IQuickAssistInvocationContext context) {
		return false;
	}

	/** A fix in the quick-fix popup. */
	public static final class FixProposal implements ICompletionProposal {
		private final DesignFix fix;

		public FixProposal(DesignFix fix) {
			this.fix = fix;
		}

		@Override
		public void apply(IDocument document) {
			try {
				fix.apply(document);
			} catch (BadLocationException e) {
				// the text moved under the fix: nothing applied, the problem stays visible
			}
		}

		@Override
		public Point getSelection(IDocument document) {
			return null;
		}

		@Override
		public String getAdditionalProposalInfo() {
			return null;
		}

		@Override
		public String getDisplayString() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public IContextInformation getContextInformation() {
			return null;
		}
	}
}
