package org.underlay.deploy.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against real peers: a temporary folder, and the peers it started, stopped after each test. */
abstract class PeerTest {

	@TempDir
	Path tmp;

	/** Peers to close after the test, in the order they were added. */
	final List<AutoCloseable> peers = new ArrayList<>();

	@AfterEach
	void stopPeers() throws Exception {
		for (AutoCloseable peer : peers) {
			peer.close();
		}
	}
}
