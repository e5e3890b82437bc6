package org.underlay.dsl.ui.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.log4j.Logger;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * Live validation: after each pause in typing, the document is parsed, linked against the rest of its design and
 * validated by Xtext; the issues become error/warning annotations (squiggles, ruler, overview ruler).
 */
public class UnderlayValidationReconciler extends MonoReconciler {

	public static final String ERROR_TYPE = "org.eclipse.ui.workbench.texteditor.error";
	public static final String WARNING_TYPE = "org.eclipse.ui.workbench.texteditor.warning";
	public static final String INFO_TYPE = "org.eclipse.ui.workbench.texteditor.info";

	public UnderlayValidationReconciler() {
		super(new Strategy(), false);
		setDelay(300);
	}

	@Override
	public void install(ITextViewer textViewer) {
		((Strategy) getReconcilingStrategy(IDocument.DEFAULT_CONTENT_TYPE)).viewer = textViewer;
		super.install(textViewer);
	}

	/** The validation issues of a document's text within its design (its project's other files). */
	public static List<Issue> validate(IDocument document, IProgressMonitor monitor) {
		DesignContext.Located located = DesignContext.locate(document);
		String text = document.get();
		return located.context().withDocument(located.uri(), text, resource -> {
			List<Issue> issues = UnderlayLanguage.get(IResourceValidator.class).validate(resource, CheckMode.ALL,
					monitor::isCanceled);
			SemanticRegions.compute(document, resource);
			return issues;
		});
	}

	private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
		private volatile ITextViewer viewer;
		private volatile IDocument document;
		private volatile IProgressMonitor monitor = new NullProgressMonitor();
		private final List<Annotation> shown = new ArrayList<>();

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public void setProgressMonitor(IProgressMonitor monitor) {
			this.monitor = monitor;
		}

		@Override
		public void initialReconcile() {
			update();
		}

		@Override
		public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
			update();
		}

		@Override
		public void reconcile(IRegion partition) {
			update();
		}

		private void update() {
			IDocument doc = document;
			if (doc == null || !(viewer instanceof ISourceViewer sourceViewer)) {
				return;
			}
			IAnnotationModel model = sourceViewer.getAnnotationModel();
			if (model == null) {
				return;
			}
			List<Issue> issues;
			try {
				issues = validate(doc, monitor);
			} catch (OperationCanceledError | OperationCanceledException e) {
				// an edit arrived while this run was going: the reconciler runs again for it. Xtext signals the
				// cancel with an Error, which would otherwise end the reconciler's thread and with it live
				// validation for the rest of the session
				return;
			} catch (RuntimeException | StackOverflowError e) {
				// never let a validator bug (or a design nested beyond the stack) take the editor down; the log has it
				Logger.getLogger(UnderlayValidationReconciler.class).error("validation failed", e);
				return;
			}
			if (monitor.isCanceled()) {
				return;
			}
			Map<Annotation, Position> added = new HashMap<>();
			for (Issue issue : issues) {
				if (issue.getOffset() == null || issue.getSeverity() == Severity.IGNORE) {
					continue;
				}
				String type = switch (issue.getSeverity()) {
				case ERROR -> ERROR_TYPE;
				case WARNING -> WARNING_TYPE;
				default -> INFO_TYPE;
				};
				int length = issue.getLength() == null ? 0 : issue.getLength();
				String code = issue.getCode() == null ? "" : " [" + issue.getCode() + "]";
				added.put(new IssueAnnotation(type, issue, issue.getMessage() + code), new Position(issue.getOffset(), length));
			}
			synchronized (shown) {
				if (model instanceof IAnnotationModelExtension extension) {
					extension.replaceAnnotations(shown.toArray(new Annotation[0]), added);
				} else {
					shown.forEach(model::removeAnnotation);
					added.forEach(model::addAnnotation);
				}
				shown.clear();
				shown.addAll(added.keySet());
			}
			// the references are known now: let the colouring show them
			ITextViewer v = viewer;
			if (v != null && v.getTextWidget() != null && !v.getTextWidget().isDisposed()) {
				v.getTextWidget().getDisplay().asyncExec(() -> {
					if (v.getTextWidget() != null && !v.getTextWidget().isDisposed()) {
						v.invalidateTextPresentation();
					}
				});
			}
		}
	}
}
