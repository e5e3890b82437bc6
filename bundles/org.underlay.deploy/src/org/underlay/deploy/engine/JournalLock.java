package org.underlay.deploy.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.underlay.operations.observed.PrivateFiles;

import com.google.gson.Gson;

/**
 * The exclusive lock of one environment's journal, in the spirit of Terraform's state lock: held for a whole apply,
 * so a second apply (from another shell, another operator or the workbench) is refused and told who holds it and
 * since when. The operating system's file lock ({@code <journal>.lock}) is what excludes: it ends with the process
 * that holds it, so a crash never leaves a stale lock behind; the holder's description in the file is only for the
 * message.
 */
public final class JournalLock implements AutoCloseable {

	/** Who holds a lock, as the refused apply is told. */
	public record Holder(String user, String host, long pid, String since, String purpose) {

		String describe() {
			return purpose + " by " + user + "@" + host + " (process " + pid + ") since " + since;
		}
	}

	/** A second apply of an environment while the first runs. */
	public static final class LockedException extends IOException {
		private static final long serialVersionUID = 1L;

		private final transient Holder holder;

		LockedException(Path journal, Holder holder) {
			super("the journal " + journal + " is locked: " + (holder == null ? "another apply holds it"
					: holder.describe()) + "; wait until it ends (or stop it) and run again");
			this.holder = holder;
		}

		public Holder holder() {
			return holder;
		}
	}

	private static final Gson GSON = new Gson();
	/** Locks this process holds: the OS lock does not exclude threads of one process from each other. */
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	private final Path path;
	private final Path key;
	private final FileChannel channel;
	private final FileLock lock;

	private JournalLock(Path path, Path key, FileChannel channel, FileLock lock) {
		this.path = path;
		this.key = key;
		this.channel = channel;
		this.lock = lock;
	}

	public static Path fileOf(Path journal) {
		return journal.resolveSibling(journal.getFileName() + ".lock");
	}

	/** Takes the lock of {@code journal} or throws {@link LockedException} naming the holder. */
	public static JournalLock acquire(Path journal, String purpose) throws IOException {
		Path path = fileOf(journal);
		Path key = path.toAbsolutePath().normalize();
		if (!HELD.add(key)) {
			throw new LockedException(journal, read(path));
		}
		FileChannel channel = null;
		try {
			channel = Files.exists(path) ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
					: FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
							StandardOpenOption.WRITE), PrivateFiles.ownerOnly());
			PrivateFiles.restrict(path);
			FileLock lock;
			try {
				lock = channel.tryLock();
			} catch (OverlappingFileLockException e) {
				lock = null;
			}
			if (lock == null) {
				throw new LockedException(journal, read(path));
			}
			Holder me = new Holder(System.getProperty("user.name"), hostName(), ProcessHandle.current().pid(),
					Instant.now().toString(), purpose);
			channel.truncate(0);
			channel.write(ByteBuffer.wrap((GSON.toJson(me) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
			channel.force(true);
			return new JournalLock(path, key, channel, lock);
		} catch (IOException | RuntimeException e) {
			HELD.remove(key);
			if (channel != null) {
				channel.close();
			}
			throw e;
		}
	}

	/** The holder a lock file names, or null when it names none (or cannot be read). */
	public static Holder read(Path lockFile) {
		try {
			return GSON.fromJson(Files.readString(lockFile, StandardCharsets.UTF_8).strip(), Holder.class);
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** The kernel's host name: no name service lookup (which may hang on a misconfigured resolver) per apply. */
	private static String hostName() {
		try {
			String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
			if (!name.isEmpty()) {
				return name;
			}
		} catch (IOException | RuntimeException e) {
			// not Linux: the JVM's own name for the process carries the host
		}
		String name = ManagementFactory.getRuntimeMXBean().getName();
		return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "localhost";
	}

	public Path path() {
		return path;
	}

	@Override
	public void close() throws IOException {
		try {
			if (lock.isValid()) {
				channel.truncate(0);
				lock.release();
			}
		} finally {
			channel.close();
			HELD.remove(key);
		}
	}
}
