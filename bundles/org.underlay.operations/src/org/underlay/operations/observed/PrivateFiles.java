package org.underlay.operations.observed;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The operator's own state files (journals, observations, locks): readable and writable by the owner only (0600) in
 * folders only the owner can enter (0700), because they name machines, addresses and what ran on them. On a file
 * system without POSIX permissions the calls do nothing.
 */
public final class PrivateFiles {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
	private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

	private PrivateFiles() {
	}

	/** The attribute that creates a file as 0600 (none where POSIX permissions do not exist). */
	public static FileAttribute<?>[] ownerOnly() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
	}

	/** Makes an existing file 0600. */
	public static void restrict(Path file) throws IOException {
		if (POSIX && Files.exists(file)) {
			Files.setPosixFilePermissions(file, FILE);
		}
	}

	/** Creates the folder (and its parents) if needed; a folder it creates is 0700. */
	public static void createFolder(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		Path parent = folder.getParent();
		if (parent != null) {
			createFolder(parent);
		}
		if (POSIX) {
			Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
		} else {
			Files.createDirectories(folder);
		}
	}
}
