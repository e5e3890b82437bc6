package org.underlay.dsl.ui.internal;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.xtext.validation.Issue;

/** A live validation problem in the editor; keeps the issue so quick fixes can read its code and data. */
public class IssueAnnotation extends Annotation {

	private final Issue issue;

	public IssueAnnotation(String type, Issue issue, String text) {
		super(type, false, text);
		this.issue = issue;
	}

	public Issue issue() {
		return issue;
	}
}
