package org.underlay.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * Files over HTTP with their length and single range requests ({@code Range: bytes=a-b}, {@code a-},
 * {@code -n}): a 206 with {@code Content-Range}, a 416 for a range outside the file. Copied channel to channel, so
 * an image never passes through the Java heap.
 */
final class FileResponses {

	private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

	private FileResponses() {
	}

	static void serve(HttpExchange exchange, Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			BootHttpServer.text(exchange, 404, "not found\n");
			return;
		}
		boolean head = exchange.getRequestMethod().equals("HEAD");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			long first = 0;
			long last = size - 1;
			int code = 200;
			String range = exchange.getRequestHeaders().getFirst("Range");
			if (range != null) {
				Matcher m = RANGE.matcher(range.strip());
				if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
					unsatisfiable(exchange, size);
					return;
				}
				try {
					if (m.group(1).isEmpty()) {
						first = Math.max(0, size - Long.parseLong(m.group(2)));
					} else {
						first = Long.parseLong(m.group(1));
						last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
					}
				} catch (NumberFormatException e) {
					unsatisfiable(exchange, size);
					return;
				}
				if (first >= size || first > last) {
					unsatisfiable(exchange, size);
					return;
				}
				code = 206;
				exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + size);
			}
			long length = last - first + 1;
			exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
			exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
			if (head) {
				exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
				exchange.sendResponseHeaders(code, -1);
				return;
			}
			exchange.sendResponseHeaders(code, length == 0 ? -1 : length);
			try (OutputStream out = exchange.getResponseBody()) {
				var target = Channels.newChannel(out);
				long position = first;
				while (position <= last) {
					long sent = channel.transferTo(position, last - position + 1, target);
					if (sent <= 0) {
						break;
					}
					position += sent;
				}
			}
		}
	}

	private static void unsatisfiable(HttpExchange exchange, long size) throws IOException {
		exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
		exchange.sendResponseHeaders(416, -1);
	}
}
