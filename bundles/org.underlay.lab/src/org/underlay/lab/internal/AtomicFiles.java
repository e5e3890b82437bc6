package org.underlay.lab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files so a reader sees the old or the new content, never a part: a temp file beside, then a move. */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	public static void write(Path file, String content) throws IOException {
		write(file, content, false);
	}

	/** With {@code secret}, the file is created 0600 before any byte is written. */
	public static void write(Path file, String content, boolean secret) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp = secret
				? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
		try {
			if (!secret) {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
			}
			Files.writeString(tmp, content, StandardCharsets.UTF_8);
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
