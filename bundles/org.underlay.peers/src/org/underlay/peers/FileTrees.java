package org.underlay.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting the peers' folders (state, keys, logs; the lab's machine state and disks). */
public final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes {@code dir} and everything below it (links are deleted, not followed), as much as it can; a missing
	 * folder is nothing to do.
	 *
	 * @throws IOException the first file that could not be deleted, after trying all of them
	 */
	public static void delete(Path dir) throws IOException {
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		List<Path> all;
		try (Stream<Path> files = Files.walk(dir)) {
			all = files.sorted(Comparator.reverseOrder()).toList();
		}
		IOException first = null;
		for (Path p : all) {
			try {
				Files.deleteIfExists(p);
			} catch (IOException e) {
				if (first == null) {
					first = e;
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

	/** {@link #delete(Path)} as far as it goes: what cannot be deleted stays (for the OS's tmp cleaning). */
	public static void deleteWhatCan(Path dir) {
		try {
			delete(dir);
		} catch (IOException e) {
			// best effort
		}
	}
}
