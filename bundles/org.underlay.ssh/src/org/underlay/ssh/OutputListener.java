package org.underlay.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Receives a command's output as it arrives. Called on the session's reader thread, in order; must not block for
 * long (it holds up the whole session).
 */
@FunctionalInterface
public interface OutputListener {

	OutputListener NONE = (b, off, len) -> { };

	void output(byte[] buffer, int offset, int length);

	/** Splits the stream into UTF-8 lines (without terminator); a last line without newline comes at the end. */
	static LineSplitter lines(Consumer<String> consumer) {
		return new LineSplitter(consumer);
	}

	/** An {@link OutputListener} that hands complete lines to a consumer. */
	final class LineSplitter implements OutputListener {
		private final Consumer<String> consumer;
		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		LineSplitter(Consumer<String> consumer) {
			this.consumer = consumer;
		}

		@Override
		public synchronized void output(byte[] buffer, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (buffer[i] == '\n') {
					emit();
				} else {
					line.write(buffer[i]);
				}
			}
		}

		private void emit() {
			byte[] b = line.toByteArray();
			int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
			line.reset();
			consumer.accept(new String(b, 0, n, StandardCharsets.UTF_8));
		}

		/** Emits a pending partial line; {@link SshSession#exec} calls it when the command ends. */
		public synchronized void flush() {
			if (line.size() > 0) {
				emit();
			}
		}
	}
}
