package org.underlay.dsl.ui.internal.fixes;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.underlay.dsl.ui.internal.builder.DesignMarkers;

/**
 * Quick fixes in the Problems view. The fix edits the file's shared buffer: an open editor sees the change (and
 * stays dirty if it was); a file nobody has open is saved at once.
 */
public class DesignMarkerResolutions implements IMarkerResolutionGenerator2 {

	@Override
	public boolean hasResolutions(IMarker marker) {
		return !fixes(marker, new Document("")).isEmpty();
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		List<IMarkerResolution> resolutions = new ArrayList<>();
		if (!(marker.getResource() instanceof IFile file)) {
			return new IMarkerResolution[0];
		}
		List<String> labels = new ArrayList<>();
		withDocument(file, document -> {
			for (DesignFix fix : fixes(marker, document)) {
				labels.add(fix.label());
			}
			return false;
		});
		for (int i = 0; i < labels.size(); i++) {
			int index = i;
			String label = labels.get(i);
			resolutions.add(new IMarkerResolution() {
				@Override
				public String getLabel() {
					return label;
				}

				@Override
				public void run(IMarker target) {
					withDocument(file, document -> {
						List<DesignFix> fixes = fixes(target, document);
						if (index < fixes.size()) {
							fixes.get(index).apply(document);
							return true;
						}
						return false;
					});
				}
			});
		}
		return resolutions.toArray(new IMarkerResolution[0]);
	}

	private static List<DesignFix> fixes(IMarker marker, IDocument document) {
		int start = marker.getAttribute(IMarker.CHAR_START, -1);
		int end = marker.getAttribute(IMarker.CHAR_END, -1);
		String code = marker.getAttribute(DesignMarkers.CODE, null);
		if (start < 0 || end < start || code == null) {
			return List.of();
		}
		if (document.getLength() > 0 && end > document.getLength()) {
			return List.of(); // the file changed since it was validated
		}
		return DesignFixes.fixesFor(code, DesignMarkers.data(marker), document, start, end - start);
	}

	private interface BufferWork {
		/** Returns whether the document was changed. */
		boolean run(IDocument document) throws BadLocationException;
	}

	private static void withDocument(IFile file, BufferWork work) {
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		IPath path = file.getFullPath();
		try {
			manager.connect(path, LocationKind.IFILE, null);
			try {
				ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.IFILE);
				boolean wasDirty = buffer.isDirty();
				boolean changed = work.run(buffer.getDocument());
				if (changed && !wasDirty && !buffer.isShared()) {
					buffer.commit(null, true);
				}
			} finally {
				manager.disconnect(path, LocationKind.IFILE, null);
			}
		} catch (CoreException | BadLocationException e) {
			ILog.of(DesignMarkerResolutions.class).error("Quick fix on " + file + " failed", e);
		}
	}
}
