package org.underlay.lab.tests;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.lab.Lab;

/** A test that starts labs in its temporary folder: whatever lab {@link #state} names is taken down after it. */
abstract class LabTestSupport {

	@TempDir
	Path tmp;
	/** The state folder of the lab the test started (null: none to take down). */
	Path state;

	@AfterEach
	void down() throws Exception {
		if (state != null) {
			Lab.down(state);
		}
	}
}
