package org.underlay.deploy.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;

/**
 * Power and boot actions that are checked afterwards: every power action waits until the BMC reports the state it
 * asked for (or its timeout passes and the action fails with both states named), every boot override is read back
 * (target and Once/Continuous). A cycle or reset is never sent twice on a hunch: when the BMC does not answer the
 * request, the engine reads the machine's state and restart marker and decides from what it sees.
 */
final class BmcActions {

	/** Records a verified step of a long action in the journal, for a resumption to build on. */
	interface Progress {
		void reached(String what) throws ActionFailure;
	}

	/** Journal progress texts a resumption reads back. */
	static final String MARKER = "restart marker ";
	static final String SENDING_OFF = "power off sent";
	static final String OFF_REACHED = "off reached";
	static final String SENT = "request sent";

	private static final long POLL_MILLIS = 250;

	private final MachineConnections c;
	private final EngineSettings settings;

	BmcActions(MachineConnections c, EngineSettings settings) {
		this.c = c;
		this.settings = settings;
	}

	/** The request was sent but no answer came: whether it was carried out is for the state to tell. */
	private static final class NoAnswer extends Exception {
		private static final long serialVersionUID = 1L;

		NoAnswer(BmcException cause) {
			super(cause.getMessage(), cause);
		}
	}

	// --- power ---------------------------------------------------------------------------------------------

	/** @param detail "on", "off", "soft", "cycle" or "reset" as plans write them; returns what was verified */
	String power(String detail, Progress progress) throws ActionFailure, InterruptedException {
		return switch (detail) {
		case "on" -> on(progress);
		case "off" -> off(progress);
		case "soft" -> soft(progress);
		case "cycle" -> cycle(progress);
		case "reset" -> reset(progress);
		default -> throw new ActionFailure("no power action '" + detail + "'");
		};
	}

	private String on(Progress progress) throws ActionFailure, InterruptedException {
		if (state() == PowerState.ON) {
			return "already on";
		}
		progress.reached(SENT);
		request(PowerAction.ON);
		return "on after " + await(PowerState.ON, settings.powerTimeout(), "power on");
	}

	private String off(Progress progress) throws ActionFailure, InterruptedException {
		if (state() == PowerState.OFF) {
			return "already off";
		}
		progress.reached(SENT);
		request(PowerAction.OFF);
		return "off after " + await(PowerState.OFF, settings.powerTimeout(), "power off");
	}

	private String soft(Progress progress) throws ActionFailure, InterruptedException {
		if (state() == PowerState.OFF) {
			return "already off";
		}
		String op = operation(PowerAction.SOFT_SHUTDOWN).orElse("soft shutdown");
		progress.reached(SENT);
		try {
			requestOnce(PowerAction.SOFT_SHUTDOWN);
		} catch (NoAnswer e) {
			// a shutdown request is not sent twice: the wait below shows whether it arrived
		}
		long t0 = System.nanoTime();
		if (!poll(PowerState.OFF, settings.softTimeout(), null).reached) {
			throw new ActionFailure("the operating system did not shut down within " + seconds(settings.softTimeout())
					+ " of the shutdown request (" + op + "); the machine is still on: its OS ignores the request or"
					+ " is still shutting down ('power off' forces it)");
		}
		return "off after " + since(t0) + " (the operating system shut down)";
	}

	private String cycle(Progress progress) throws ActionFailure, InterruptedException {
		if (state() == PowerState.OFF) {
			request(PowerAction.ON);
			return "was off: powered on (on after " + await(PowerState.ON, settings.powerTimeout(), "power on") + ")";
		}
		Optional<String> op = operation(PowerAction.CYCLE);
		Optional<String> before = marker();
		if (op.isPresent() && before.isPresent()) {
			return restart(PowerAction.CYCLE, op.get(), before.get(), progress);
		}
		String why = op.isEmpty() ? "this BMC offers no power cycle" : "this BMC reports no restart marker to check "
				+ op.get() + " by";
		progress.reached(SENDING_OFF);
		request(PowerAction.OFF);
		String off = await(PowerState.OFF, settings.powerTimeout(), "power off (of a cycle)");
		progress.reached(OFF_REACHED);
		request(PowerAction.ON);
		return "cycled as power off + on (" + why + "): off after " + off + ", on after "
				+ await(PowerState.ON, settings.powerTimeout(), "power on (of a cycle)");
	}

	private String reset(Progress progress) throws ActionFailure, InterruptedException {
		if (state() == PowerState.OFF) {
			request(PowerAction.ON);
			return "was off: powered on (on after " + await(PowerState.ON, settings.powerTimeout(), "power on") + ")";
		}
		String op = operation(PowerAction.HARD_RESET).orElseThrow(
				() -> new ActionFailure("BMC " + c.machine.bmc() + ": this BMC offers no hard reset"));
		Optional<String> before = marker();
		if (before.isPresent()) {
			return restart(PowerAction.HARD_RESET, op, before.get(), progress);
		}
		boolean answered = true;
		try {
			requestOnce(PowerAction.HARD_RESET);
		} catch (NoAnswer e) {
			answered = false;
		}
		Poll seen = poll(PowerState.ON, settings.powerTimeout(), null);
		if (!seen.reached) {
			throw new ActionFailure("after " + op + " the machine did not come back on within "
					+ seconds(settings.powerTimeout()) + " (the BMC reports " + seen.last + ")");
		}
		if (seen.sawOff) {
			return "reset with " + op + ": it went off and is on again";
		}
		if (!answered) {
			throw new ActionFailure("the BMC did not answer " + op + " and shows no sign of a restart (on throughout, "
					+ "no restart marker): not sent again, since a late reset would restart the machine twice; check "
					+ "the machine, then run again");
		}
		return "reset sent with " + op + " and accepted; this BMC gives no evidence of the restart (no restart "
				+ "marker, on throughout)";
	}

	/** A native cycle or reset, checked by the restart marker changing and the machine being on again. */
	private String restart(PowerAction action, String op, String before, Progress progress)
			throws ActionFailure, InterruptedException {
		progress.reached(MARKER + before);
		boolean answered = true;
		try {
			requestOnce(action);
		} catch (NoAnswer e) {
			answered = false;
		}
		long t0 = System.nanoTime();
		Poll seen = poll(PowerState.ON, settings.powerTimeout(), before);
		if (seen.reached && (seen.markerChanged || seen.sawOff)) {
			return "restarted with " + op + " (on again after " + since(t0) + ")";
		}
		if (!answered) {
			throw new ActionFailure("the BMC did not answer " + op + " and the machine shows no restart within "
					+ seconds(settings.powerTimeout()) + " (power " + seen.last + ", restart marker unchanged); not "
					+ "sent again, since a late " + op + " would restart it twice: check the machine, then run again");
		}
		if (!seen.markerChanged && !seen.sawOff) {
			throw new ActionFailure("the BMC accepted " + op + " but the machine did not restart within "
					+ seconds(settings.powerTimeout()) + ": it stayed " + seen.last + " and its restart marker did "
					+ "not change");
		}
		throw new ActionFailure("after " + op + " the machine did not come back on within "
				+ seconds(settings.powerTimeout()) + " (the BMC reports " + seen.last + ")");
	}

	/**
	 * Whether the machine reaches {@code target} within the timeout of {@code detail} ("soft": the soft timeout):
	 * a request an interrupted apply sent may still be carried out.
	 */
	boolean reaches(PowerState target, String detail) throws ActionFailure, InterruptedException {
		return poll(target, detail.equals("soft") ? settings.softTimeout() : settings.powerTimeout(), null).reached;
	}

	// --- boot ----------------------------------------------------------------------------------------------

	/** @param detail "pxe once", "disk", … as plans write them */
	String boot(String detail) throws ActionFailure, InterruptedException {
		BootOverride wanted = bootOverride(detail);
		bmc(b -> {
			b.setBootOverride(wanted);
			return null;
		}, true);
		BootOverride stored = bmc(BmcClient::bootOverride, true);
		String asked = describe(wanted);
		if (stored.device() != wanted.device()) {
			throw new ActionFailure("asked the BMC for boot " + asked + ", but it reports " + describe(stored));
		}
		if (stored.persistent() != wanted.persistent()) {
			throw new ActionFailure("the BMC stored the boot override as " + (stored.persistent()
					? "Continuous (every start would boot from " + device(stored) + ")" : "Once (the next start only)")
					+ ", not " + (wanted.persistent() ? "Continuous" : "Once") + " as asked");
		}
		return "boot override " + describe(stored) + " (read back)";
	}

	/** Whether the override the BMC holds is the one {@code detail} asks for. */
	boolean bootInPlace(String detail) throws ActionFailure, InterruptedException {
		BootOverride wanted = bootOverride(detail);
		BootOverride stored = bmc(BmcClient::bootOverride, true);
		return stored.device() == wanted.device() && stored.persistent() == wanted.persistent();
	}

	static BootOverride bootOverride(String detail) throws ActionFailure {
		String[] words = detail.split(" ");
		BootDevice device = switch (words[0]) {
		case "pxe" -> BootDevice.PXE;
		case "disk" -> BootDevice.DISK;
		case "cdrom" -> BootDevice.CDROM;
		case "bios" -> BootDevice.BIOS_SETUP;
		default -> throw new ActionFailure("no BMC boot device for " + words[0]);
		};
		boolean once = words.length > 1 && words[1].equals("once");
		return new BootOverride(device, !once, BootMode.UEFI);
	}

	private static String device(BootOverride o) {
		return o.device() == BootDevice.BIOS_SETUP ? "bios" : o.device().name().toLowerCase(Locale.ROOT);
	}

	static String describe(BootOverride o) {
		return o.device() == BootDevice.NONE ? "none" : device(o) + (o.persistent() ? " (continuous)" : " once");
	}

	// --- reading and sending -------------------------------------------------------------------------------

	PowerState state() throws ActionFailure, InterruptedException {
		return bmc(BmcClient::powerState, true);
	}

	Optional<String> marker() throws ActionFailure, InterruptedException {
		return bmc(BmcClient::restartMarker, true);
	}

	private Optional<String> operation(PowerAction action) throws ActionFailure, InterruptedException {
		return bmc(b -> b.operation(action), true);
	}

	/** An idempotent request (on, off, boot override): sent again when the BMC may come back. */
	private void request(PowerAction action) throws ActionFailure, InterruptedException {
		bmc(b -> {
			b.power(action);
			return null;
		}, true);
	}

	/** A request that must not be repeated blindly (cycle, reset, soft shutdown). */
	private void requestOnce(PowerAction action) throws ActionFailure, InterruptedException, NoAnswer {
		try {
			c.bmc().power(action);
		} catch (BmcException e) {
			c.dropBmc();
			if (e.kind() == BmcException.Kind.CANCELLED) {
				throw new InterruptedException();
			}
			if (e.kind() == BmcException.Kind.TIMEOUT || e.kind() == BmcException.Kind.UNREACHABLE) {
				throw new NoAnswer(e);
			}
			throw new ActionFailure("BMC " + c.machine.bmc() + ": " + ActionFailure.message(e));
		}
	}

	private interface BmcCall<T> {
		T call(BmcClient bmc) throws BmcException;
	}

	private <T> T bmc(BmcCall<T> call, boolean retry) throws ActionFailure, InterruptedException {
		BmcException last = null;
		int attempts = retry ? settings.attempts() : 1;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			try {
				return call.call(c.bmc());
			} catch (BmcException e) {
				last = e;
				c.dropBmc();
				if (e.kind() == BmcException.Kind.CANCELLED) {
					throw new InterruptedException();
				}
				if (e.kind() != BmcException.Kind.UNREACHABLE && e.kind() != BmcException.Kind.TIMEOUT) {
					break;
				}
				if (attempt < attempts) {
					Thread.sleep(500L * attempt);
				}
			}
		}
		throw new ActionFailure("BMC " + c.machine.bmc() + ": " + ActionFailure.message(last));
	}

	/** What a wait saw: whether the target was reached, the last state, and evidence of a restart on the way. */
	private static final class Poll {
		boolean reached;
		boolean sawOff;
		boolean markerChanged;
		String last = "nothing (no answer)";
	}

	/**
	 * Polls until the BMC reports {@code target} (and, with a marker given, a restart shows: the marker changed or
	 * the machine was seen off) or {@code max} passes. A BMC busy with a transition may not answer for a while:
	 * unreachable and timeout answers are waited out, other errors end the wait.
	 */
	private Poll poll(PowerState target, Duration max, String markerBefore)
			throws ActionFailure, InterruptedException {
		Poll poll = new Poll();
		long end = System.nanoTime() + max.toNanos();
		while (true) {
			try {
				BmcClient b = c.bmc();
				PowerState s = b.powerState();
				poll.last = s.name().toLowerCase(Locale.ROOT);
				poll.sawOff |= s == PowerState.OFF;
				if (markerBefore != null && !poll.markerChanged) {
					Optional<String> now = b.restartMarker();
					poll.markerChanged = now.isPresent() && !now.get().equals(markerBefore);
				}
				boolean restarted = markerBefore == null || poll.markerChanged || poll.sawOff;
				if (s == target && restarted) {
					poll.reached = true;
					return poll;
				}
			} catch (BmcException e) {
				c.dropBmc();
				if (e.kind() == BmcException.Kind.CANCELLED) {
					throw new InterruptedException();
				}
				if (e.kind() != BmcException.Kind.UNREACHABLE && e.kind() != BmcException.Kind.TIMEOUT) {
					throw new ActionFailure("BMC " + c.machine.bmc() + ": " + ActionFailure.message(e));
				}
			}
			if (System.nanoTime() - end >= 0) {
				return poll;
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	/** Waits for {@code target}; returns how long it took, or fails naming what was asked and what the BMC says. */
	private String await(PowerState target, Duration max, String asked) throws ActionFailure, InterruptedException {
		long t0 = System.nanoTime();
		Poll poll = poll(target, max, null);
		if (!poll.reached) {
			throw new ActionFailure("asked the BMC to " + asked + ", but after " + seconds(max) + " it still reports "
					+ poll.last + " (not " + target.name().toLowerCase(Locale.ROOT) + ")");
		}
		return since(t0);
	}

	private static String since(long t0) {
		return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
	}

	private static String seconds(Duration d) {
		return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
	}
}
