package org.underlay.bench.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.underlay.boot.BootHttpServer;
import org.underlay.boot.BootMachines;
import org.underlay.dsl.images.ImageCatalogue;
import org.underlay.peers.FileTrees;
import org.underlay.peers.Programs;

/**
 * How fast the boot service hands out an image on loopback, measured as a client sees it: curl downloads the image
 * whole (a new process each time, as the installer's wget is), from the boot service and from busybox's httpd
 * serving the same file (a C server, the way a small PXE setup serves images), interleaved, repeated; minimum,
 * median and maximum in MB/s. Target: more than 500 MB/s.
 */
public final class BootBench {

	/** The goal the figure is held against. */
	static final double TARGET_MB_PER_S = 500;

	private final PrintStream out;
	private final PrintStream err;

	public BootBench(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Serves an image of {@code mib} MiB and times {@code rounds} downloads from each server. */
	public int run(int mib, int rounds) throws IOException, InterruptedException {
		if (Programs.find("curl").isEmpty()) {
			err.println("underlay bench boot: curl is not installed (it is the client the figures are taken with)");
			return 2;
		}
		Path dir = Files.createTempDirectory("underlay-bench-boot-");
		try {
			Path image = dir.resolve("bench.raw.gz");
			byte[] block = new byte[1 << 20];
			new Random(1).nextBytes(block);
			try (OutputStream file = Files.newOutputStream(image)) {
				for (int i = 0; i < mib; i++) {
					file.write(block);
				}
			}
			ImageCatalogue.write(dir, List.of(new ImageCatalogue.Image("bench", "1", "bench.raw.gz", "raw.gz",
					"0".repeat(64), Files.size(image), Files.size(image))));
			ImageCatalogue catalogue = ImageCatalogue.load(dir);
			BootMachines none = new BootMachines("bench", List.of(), List.of(), List.of());
			List<Double> ours = new ArrayList<>();
			List<Double> peer = new ArrayList<>();
			String busybox = Programs.find("busybox").map(Path::toString).orElse(null);
			try (BootHttpServer server = new BootHttpServer(none, catalogue, dir, List.of(), "", "127.0.0.1", 0,
					(m, w) -> {
					})) {
				int peerPort = freePort();
				Process httpd = busybox == null ? null : new ProcessBuilder(busybox, "httpd", "-f", "-p",
						"127.0.0.1:" + peerPort, "-h", dir.toString()).redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
				try {
					Thread.sleep(300);
					for (int round = 0; round < rounds; round++) {
						ours.add(download(server.base() + "/images/bench.raw.gz"));
						if (httpd != null) {
							peer.add(download("http://127.0.0.1:" + peerPort + "/bench.raw.gz"));
						}
					}
				} finally {
					if (httpd != null) {
						httpd.destroy();
					}
				}
			}
			out.printf("boot service image download, %d MiB on loopback, curl as client, %d rounds interleaved%n", mib,
					rounds);
			out.printf("%-34s %10s %10s %10s%n", "server", "min MB/s", "median", "max");
			row("Underlay boot service (Java)", ours);
			if (!peer.isEmpty()) {
				row("busybox httpd (C)", peer);
			}
			double median = median(ours);
			out.printf("target > %.0f MB/s: %s (median %.0f MB/s)%n", TARGET_MB_PER_S,
					median > TARGET_MB_PER_S ? "met" : "NOT met", median);
			return 0;
		} finally {
			FileTrees.deleteWhatCan(dir);
		}
	}

	private void row(String name, List<Double> figures) {
		List<Double> sorted = figures.stream().sorted().toList();
		out.printf("%-34s %10.0f %10.0f %10.0f%n", name, sorted.get(0), median(figures), sorted.get(sorted.size() - 1));
	}

	private static double median(List<Double> figures) {
		List<Double> sorted = figures.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	/** One download with curl; MB/s (10^6 bytes) over the whole process, start included. */
	private static double download(String url) throws IOException {
		long start = System.nanoTime();
		Programs.Result result = Programs.run(List.of("curl", "-s", "-f", "-o", "/dev/null", "-w", "%{size_download}",
				url), null, null, Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - start) / 1e9;
		if (result.code() != 0) {
			throw new IOException("curl " + url + " failed (exit " + result.code() + ")");
		}
		return Long.parseLong(result.output().strip()) / 1e6 / seconds;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
