package org.underlay.dsl.ui.internal.builder;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;

/** The problem markers of design files: one per validation issue, with the issue's code and data for quick fixes. */
public final class DesignMarkers {

	public static final String TYPE = "org.underlay.dsl.ui.problem";
	/** The issue code ({@code underlay.rack-unit-overlap}). */
	public static final String CODE = "underlayCode";
	/** The issue data, joined with {@link #DATA_SEPARATOR}. */
	public static final String DATA = "underlayData";
	public static final String DATA_SEPARATOR = "\u001f";

	private DesignMarkers() {
	}

	static void replace(IFile file, List<Issue> issues, String unreadable) throws CoreException {
		file.deleteMarkers(TYPE, true, IResource.DEPTH_ZERO);
		if (unreadable != null) {
			IMarker marker = file.createMarker(TYPE);
			marker.setAttribute(IMarker.MESSAGE, unreadable);
			marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
			return;
		}
		for (Issue issue : issues) {
			if (issue.getSeverity() == Severity.IGNORE) {
				continue;
			}
			IMarker marker = file.createMarker(TYPE);
			marker.setAttribute(IMarker.MESSAGE, issue.getMessage());
			marker.setAttribute(IMarker.SEVERITY, DesignBuilder.severity(issue.getSeverity()));
			if (issue.getLineNumber() != null) {
				marker.setAttribute(IMarker.LINE_NUMBER, issue.getLineNumber().intValue());
				marker.setAttribute(IMarker.LOCATION, "line " + issue.getLineNumber());
			}
			if (issue.getOffset() != null) {
				marker.setAttribute(IMarker.CHAR_START, issue.getOffset().intValue());
				marker.setAttribute(IMarker.CHAR_END,
						issue.getOffset() + (issue.getLength() == null ? 0 : issue.getLength()));
			}
			if (issue.getCode() != null) {
				marker.setAttribute(CODE, issue.getCode());
			}
			if (issue.getData() != null && issue.getData().length > 0) {
				marker.setAttribute(DATA, String.join(DATA_SEPARATOR, issue.getData()));
			}
		}
	}

	public static String[] data(IMarker marker) {
		String joined = marker.getAttribute(DATA, "");
		return joined.isEmpty() ? new String[0] : joined.split(DATA_SEPARATOR, -1);
	}
}
