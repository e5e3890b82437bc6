package org.underlay.testing.ipmi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.underlay.peers.FileTrees;
import org.underlay.peers.ipmi.IpmiSim;

/**
 * A real IPMI 2.0 BMC on loopback: Debian's {@code ipmi_sim} (package openipmi) as the peers bundle starts it
 * ({@link IpmiSim}) with the chassis-control script, sensor repository and FRU image, in a fresh state directory per
 * instance (ipmi_sim ignores the users of lan.conf once it has persisted a users file). Chassis state (power, boot,
 * identify, resets) is kept as files in {@link #chassisDir()} for tests to inspect.
 *
 * <p>If {@code ipmi_sim}, {@code sdrcomp} or {@code python3} is missing, {@link #start} throws: a missing peer must
 * fail the run, not skip tests. {@link #startKeepingBootFlags} loads the ipmi_sim boot flags module, which the
 * peers bundle's build compiles (gcc, libc6-dev and libopenipmi-dev at build time).
 *
 * <p>Users: {@value #ADMIN} (administrator), {@value #OPERATOR} (operator), {@value #VIEWER} (user level), all with
 * the test-only password {@link #password()}. Tests must never print it.
 */
public final class IpmiSimulator implements AutoCloseable {

	public static final String ADMIN = "admin";
	public static final String OPERATOR = "oper";
	public static final String VIEWER = "viewer";
	/** Test-only password from the recipe (/work/shared/recipes/ipmi_sim); not a secret anywhere. */
	private static final String TEST_PASSWORD = "s3cret";

	private final IpmiSim sim;

	private IpmiSimulator(IpmiSim sim) {
		this.sim = sim;
	}

	/** A copy of the test-only password of every simulator user. */
	public static char[] password() {
		return TEST_PASSWORD.toCharArray();
	}

	public static IpmiSimulator start() {
		return start("bmc1", "SIM0001");
	}

	/** Starts one simulator on a free loopback UDP port and waits until it answers (a few hundred ms). */
	public static IpmiSimulator start(String name, String serial) {
		return start(name, serial, false);
	}

	/**
	 * Like {@link #start(String, String)}, with the ipmi_sim boot flags module loaded (built from
	 * {@code bundles/org.underlay.peers/native/bootflags.c}): the boot flags (System Boot Options parameter 5) are
	 * kept byte for byte, valid, persistent and EFI bits included, as a real BMC keeps them, in
	 * {@link #chassisDir()}{@code /bootflags}; plain ipmi_sim keeps only the device and reads every override back as
	 * invalid. Nothing here uses up a one-time override (there is no firmware that boots).
	 */
	public static IpmiSimulator startKeepingBootFlags(String name, String serial) {
		return start(name, serial, true);
	}

	private static IpmiSimulator start(String name, String serial, boolean keepingBootFlags) {
		try {
			Path state = Files.createTempDirectory("ipmi_sim-" + name + "-");
			IpmiSim.Config config = IpmiSim.config(name, state).chassisScript(state.resolve("chassis"))
					.inventory(serial).user(ADMIN, TEST_PASSWORD, "admin").user(OPERATOR, TEST_PASSWORD, "operator")
					.user(VIEWER, TEST_PASSWORD, "user");
			if (keepingBootFlags) {
				config.keepingBootFlags();
			}
			return new IpmiSimulator(IpmiSim.start(config));
		} catch (IOException e) {
			throw new IllegalStateException("the real IPMI BMC simulator did not start: " + e.getMessage()
					+ " (see /work/shared/recipes/peers.md)", e);
		}
	}

	public String host() {
		return sim.address();
	}

	public int port() {
		return sim.port();
	}

	public String name() {
		return sim.name();
	}

	/** The FRU product serial; chassis serial is "CH" + it, board serial "BRD" + it. */
	public String serial() {
		return sim.serial();
	}

	public long pid() {
		return sim.pid();
	}

	public boolean isAlive() {
		return sim.isAlive();
	}

	public Path stateDir() {
		return sim.stateDir();
	}

	/** Chassis state files written by chassis-control.sh: power, boot, identify, resets, calls.log. */
	public Path chassisDir() {
		return sim.chassisDir();
	}

	private String chassisFile(String file, String absent) {
		try {
			Path p = chassisDir().resolve(file);
			return Files.exists(p) ? Files.readString(p).strip() : absent;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** "1" (on) or "0" (off) as the chassis-control script keeps it. */
	public String power() {
		return chassisFile("power", "0");
	}

	/** none, pxe, default (disk), cdrom or bios. */
	public String boot() {
		return chassisFile("boot", "default");
	}

	/** "&lt;interval&gt; &lt;force&gt;" of the last Chassis Identify, or "" if none. */
	public String identify() {
		return chassisFile("identify", "");
	}

	/** Number of hard resets the BMC performed. */
	public int resets() {
		return Integer.parseInt(chassisFile("resets", "0"));
	}

	/** Lines of chassis-control calls ("&lt;time&gt; set power 1"), for tests that count BMC actions. */
	public List<String> chassisCalls() {
		try {
			Path p = chassisDir().resolve("calls.log");
			return Files.exists(p) ? Files.readAllLines(p) : List.of();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Sets the power state directly (as if someone pressed the button). */
	public void setPower(boolean on) {
		writeChassis("power", on ? "1" : "0");
	}

	/**
	 * Makes every chassis-control call sleep first; ipmi_sim answers nothing meanwhile (a hung BMC).
	 * {@link Duration#ZERO} removes the delay.
	 */
	public void setChassisDelay(Duration delay) {
		if (delay.isZero()) {
			try {
				Files.deleteIfExists(chassisDir().resolve("delay"));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		} else {
			writeChassis("delay", String.format(Locale.ROOT, "%.3f", delay.toMillis() / 1000.0));
		}
	}

	private void writeChassis(String file, String value) {
		try {
			Files.writeString(chassisDir().resolve(file), value + "\n");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public String log() {
		return sim.log();
	}

	/** SIGKILL to the simulator (and its chassis-control children): a BMC that dies mid-call. */
	public void kill() {
		sim.kill();
	}

	/** Stops the simulator by its PID (SIGTERM, then SIGKILL after 2 s). */
	public void stop() {
		sim.stop(Duration.ofSeconds(2));
	}

	/** Stops the simulator and deletes its state directory. */
	@Override
	public void close() {
		stop();
		FileTrees.deleteWhatCan(stateDir());
	}

	@Override
	public String toString() {
		return "IpmiSimulator[" + name() + " on 127.0.0.1:" + port() + ", pid " + pid() + "]";
	}
}
