package org.underlay.operations.observed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;

/**
 * Keeps the observed state of each environment inside the project, as an XMI resource of the observed model in
 * {@code .underlay/observed/<environment>.observed}. Writes are atomic: the new state goes to a temporary file in the
 * same folder, is forced to disk and then moved over the old one, so a crash leaves either the old or the new state,
 * never half of one. The files are the operator's alone (0600, in a 0700 folder).
 */
public final class ObservationStore {

	/** The file extension of stored observations. */
	public static final String EXTENSION = "observed";

	private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9_-]+");

	private static final Map<String, Object> OPTIONS = Map.of(XMLResource.OPTION_ENCODING, "UTF-8",
			XMLResource.OPTION_LINE_WIDTH, 120);

	private final Path folder;

	/** @param project the design's project folder */
	public ObservationStore(Path project) {
		this.folder = project.resolve(".underlay").resolve("observed");
		// registers the observed model's package (by its nsURI) for loading, in OSGi and outside alike
		ObservedPackage.eINSTANCE.eClass();
	}

	public Path fileOf(String environment) {
		if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
			throw new IllegalArgumentException("not an environment name: " + environment);
		}
		return folder.resolve(environment + "." + EXTENSION);
	}

	/** Stores a copy of the observation (the caller's object stays where it is). */
	public void write(Observation observation) throws IOException {
		Path target = fileOf(observation.getEnvironment());
		Resource resource = new XMIResourceImpl(URI.createFileURI(target.toAbsolutePath().toString()));
		resource.getContents().add(EcoreUtil.copy(observation));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		resource.save(bytes, OPTIONS);
		PrivateFiles.createFolder(folder);
		Path temp = Files.createTempFile(folder, observation.getEnvironment() + "-", ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(temp);
		}
	}

	/**
	 * Merges a new observation into the stored one ({@link Observations#merge}: a machine that could not be observed
	 * now keeps its last good entry) and stores the result, which it returns.
	 */
	public Observation merge(Observation observation) throws IOException {
		Observation merged = Observations.merge(read(observation.getEnvironment()), observation);
		write(merged);
		return merged;
	}

	/**
	 * The stored observation, or an empty one if none was stored yet.
	 *
	 * @throws IOException if the file cannot be read or holds no observation (the message names the file)
	 */
	public Observation read(String environment) throws IOException {
		Path file = fileOf(environment);
		if (!Files.exists(file)) {
			return Observations.observation(environment, null);
		}
		Resource resource = new XMIResourceImpl(URI.createFileURI(file.toAbsolutePath().toString()));
		try (InputStream in = Files.newInputStream(file)) {
			resource.load(in, OPTIONS);
		} catch (IOException | RuntimeException e) {
			throw new IOException(file + " is not a readable observation: " + message(e), e);
		}
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Observation)) {
			throw new IOException(file + " holds no observation");
		}
		return (Observation) resource.getContents().get(0);
	}

	private static String message(Exception e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) {
			t = t.getCause();
		}
		return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
	}
}
