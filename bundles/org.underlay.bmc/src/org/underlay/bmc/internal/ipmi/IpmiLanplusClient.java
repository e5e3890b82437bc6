package org.underlay.bmc.internal.ipmi;

import static org.underlay.bmc.internal.ipmi.LanplusSession.NETFN_APP;
import static org.underlay.bmc.internal.ipmi.LanplusSession.NETFN_CHASSIS;
import static org.underlay.bmc.internal.ipmi.LanplusSession.NETFN_SENSOR;
import static org.underlay.bmc.internal.ipmi.LanplusSession.NETFN_STORAGE;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.internal.Deadline;

/**
 * The SPI operations as IPMI commands over one {@link LanplusSession}. Calls are serialized by a lock that is
 * itself acquired within the call's deadline.
 */
public final class IpmiLanplusClient implements BmcClient {

	private static final int BOOT_FLAGS = 0x05;

	private final BmcEndpoint endpoint;
	private final LanplusSession session;
	private final ReentrantLock lock = new ReentrantLock();
	/** {@code ipmi.bootFlags=device-only}: the BMC keeps only the boot device (see {@link IpmiLanplusDriver}). */
	private final boolean deviceOnlyBootFlags;

	IpmiLanplusClient(BmcEndpoint endpoint, LanplusSession session, boolean deviceOnlyBootFlags) {
		this.endpoint = endpoint;
		this.session = session;
		this.deviceOnlyBootFlags = deviceOnlyBootFlags;
	}

	@FunctionalInterface
	private interface Call<T> {
		T run(Deadline deadline) throws BmcException;
	}

	private <T> T call(String what, Call<T> body) throws BmcException {
		Deadline deadline = Deadline.after(endpoint.timeout());
		try {
			if (!lock.tryLock(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS)) {
				throw new BmcException(Kind.TIMEOUT, endpoint.address() + ": " + what + " waited "
						+ deadline.budgetMillis() + " ms for another call on the same client");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new BmcException(Kind.CANCELLED, endpoint.address() + ": " + what + " cancelled (thread interrupted)");
		}
		try {
			if (session.isClosed()) {
				throw new BmcException(Kind.CANCELLED, endpoint.address() + ": " + what + " on a closed client");
			}
			session.ensureSession(deadline);
			return body.run(deadline);
		} finally {
			if (session.isClosed()) {
				session.wipe();
			}
			lock.unlock();
		}
	}

	/** Opens the session now (used by the driver so that open() reports address and login problems). */
	void connect() throws BmcException {
		call("login", deadline -> null);
	}

	private IpmiResponse send(int netFn, int command, byte[] data, String what, Deadline deadline)
			throws BmcException {
		return session.command(netFn, command, data, what, deadline);
	}

	/** Sends and requires completion code 0, else a typed error. */
	private IpmiResponse require(int netFn, int command, byte[] data, String what, Deadline deadline)
			throws BmcException {
		IpmiResponse r = send(netFn, command, data, what, deadline);
		if (!r.ok()) {
			throw CompletionCodes.error(endpoint, what, r.completionCode(), session.privilege());
		}
		return r;
	}

	private static void requireLength(BmcEndpoint endpoint, IpmiResponse r, int length, String what)
			throws BmcException {
		if (r.data().length < length) {
			throw new BmcException(Kind.PROTOCOL, endpoint.address() + ": " + what + " answer has "
					+ r.data().length + " data bytes, expected at least " + length);
		}
	}

	@Override
	public BmcEndpoint endpoint() {
		return endpoint;
	}

	// ---------------------------------------------------------------------------------------------- power

	@Override
	public PowerState powerState() throws BmcException {
		return call("Get Chassis Status", d -> {
			IpmiResponse r = require(NETFN_CHASSIS, 0x01, new byte[0], "Get Chassis Status", d);
			requireLength(endpoint, r, 3, "Get Chassis Status");
			return (r.u8(0) & 0x01) != 0 ? PowerState.ON : PowerState.OFF;
		});
	}

	/** A Chassis Control function (spec table 28-4) as the request byte and as an operator reads it. */
	private record ChassisControl(int code, String function) {
	}

	private static ChassisControl chassisControl(PowerAction action) {
		return switch (action) {
			case OFF -> new ChassisControl(0x00, "power down");
			case ON -> new ChassisControl(0x01, "power up");
			case CYCLE -> new ChassisControl(0x02, "power cycle");
			case HARD_RESET -> new ChassisControl(0x03, "hard reset");
			case SOFT_SHUTDOWN -> new ChassisControl(0x05, "soft shutdown (ACPI)");
		};
	}

	@Override
	public void power(PowerAction action) throws BmcException {
		ChassisControl control = chassisControl(action);
		String what = "Chassis Control (" + control.function() + ")";
		call(what, d -> require(NETFN_CHASSIS, 0x02, new byte[] { (byte) control.code() }, what, d));
	}

	/**
	 * "chassis control power cycle", "... hard reset", "... soft shutdown (ACPI)", "... power up", "... power down":
	 * the Chassis Control function {@link #power} sends. IPMI has no command that lists the functions a BMC
	 * implements: all are offered when Get Device ID reports a chassis device, none otherwise. The spec makes soft
	 * shutdown optional (a BMC without it answers CCh: UNSUPPORTED), and a power cycle of a machine that is off may
	 * be refused with D5h "not supported in the present state" (UNSUPPORTED too).
	 */
	@Override
	public Optional<String> operation(PowerAction action) throws BmcException {
		return capabilities().powerActions().contains(action)
				? Optional.of("chassis control " + chassisControl(action).function())
				: Optional.empty();
	}

	// ---------------------------------------------------------------------------------------------- boot

	/** Boot flags data bytes 1 and 2 (spec table 28-14, parameter 5). */
	public static byte[] bootFlags(BootOverride override) {
		int flags = 0x80; // valid
		if (override.persistent()) {
			flags |= 0x40;
		}
		if (override.mode() == BootMode.UEFI) {
			flags |= 0x20;
		}
		int device = switch (override.device()) {
			case NONE -> 0x00;
			case PXE -> 0x04;
			case DISK -> 0x08;
			case CDROM -> 0x14;
			case BIOS_SETUP -> 0x18;
		};
		return new byte[] { (byte) flags, (byte) device, 0, 0, 0 };
	}

	/**
	 * Decodes boot flags data bytes 1 and 2 (after parameter version and selector) exactly as the BMC stores them: no
	 * override unless the "valid" bit (data 1, bit 7) is set, as the firmware ignores the flags then (BMCs clear it
	 * after the boot it was set for, or 60 s after it was set); then the device, "persistent" (bit 6: all future
	 * boots, else the next one only) and EFI (bit 5).
	 */
	public static BootOverride bootOverride(byte[] flags) {
		BootMode mode = (flags[0] & 0x20) != 0 ? BootMode.UEFI : BootMode.LEGACY;
		if ((flags[0] & 0x80) == 0) {
			return new BootOverride(BootDevice.NONE, false, mode);
		}
		return new BootOverride(bootDevice(flags[1]), (flags[0] & 0x40) != 0, mode);
	}

	/**
	 * For a BMC that keeps only the device selector of the boot flags, as ipmi_sim does (it reads the flags back
	 * as "invalid, next boot only" whatever was set): a device is reported as a one-time override.
	 */
	static BootOverride deviceOnlyBootOverride(byte[] flags) {
		return new BootOverride(bootDevice(flags[1]), false, (flags[0] & 0x20) != 0 ? BootMode.UEFI
				: BootMode.LEGACY);
	}

	private static BootDevice bootDevice(byte selector) {
		return switch ((selector >>> 2) & 0x0F) {
			case 0x1 -> BootDevice.PXE;
			case 0x2, 0x3, 0xB -> BootDevice.DISK;
			case 0x5, 0x9 -> BootDevice.CDROM;
			case 0x6 -> BootDevice.BIOS_SETUP;
			default -> BootDevice.NONE;
		};
	}

	@Override
	public BootOverride bootOverride() throws BmcException {
		return call("Get System Boot Options", d -> {
			IpmiResponse r = require(NETFN_CHASSIS, 0x09, new byte[] { BOOT_FLAGS, 0, 0 }, "Get System Boot Options",
					d);
			requireLength(endpoint, r, 4, "Get System Boot Options");
			if ((r.u8(1) & 0x7F) != BOOT_FLAGS) {
				throw new BmcException(Kind.PROTOCOL, endpoint.address() + ": Get System Boot Options answered"
						+ " parameter " + (r.u8(1) & 0x7F) + " when asked for the boot flags (5)");
			}
			byte[] flags = new byte[] { r.data()[2], r.data()[3] };
			return deviceOnlyBootFlags ? deviceOnlyBootOverride(flags) : bootOverride(flags);
		});
	}

	@Override
	public void setBootOverride(BootOverride override) throws BmcException {
		String what = "Set System Boot Options";
		call(what, d -> {
			// Same sequence as ipmitool: set-in-progress, clear the boot info acknowledge bits, flags, set-complete.
			// The first, second and last are optional in the spec; their completion codes are ignored.
			send(NETFN_CHASSIS, 0x08, new byte[] { 0x00, 0x01 }, what + " (set in progress)", d);
			send(NETFN_CHASSIS, 0x08, new byte[] { 0x04, 0x01, 0x01 }, what + " (boot info acknowledge)", d);
			byte[] flags = bootFlags(override);
			byte[] data = new byte[1 + flags.length];
			data[0] = BOOT_FLAGS;
			System.arraycopy(flags, 0, data, 1, flags.length);
			IpmiResponse r = send(NETFN_CHASSIS, 0x08, data, what + " (boot flags)", d);
			send(NETFN_CHASSIS, 0x08, new byte[] { 0x00, 0x00 }, what + " (set complete)", d);
			if (!r.ok()) {
				throw CompletionCodes.error(endpoint, what + " (" + override.device() + ", " + override.mode()
						+ (override.persistent() ? ", persistent" : ", next boot") + ")", r.completionCode(),
						session.privilege());
			}
			return null;
		});
	}

	// ---------------------------------------------------------------------------------------------- sensors

	@Override
	public List<Sensor> sensors() throws BmcException {
		return call("read sensors", d -> {
			List<Sensor> sensors = new ArrayList<>();
			for (byte[] record : readSdrRepository(d)) {
				SensorRecord sdr = SensorRecord.parse(record);
				// Sensors of other controllers need IPMB bridging, which this driver does not do.
				if (sdr == null || sdr.owner() != IpmiMessages.BMC_ADDRESS || sdr.lun() != 0) {
					continue;
				}
				IpmiResponse r = send(NETFN_SENSOR, 0x2D, new byte[] { (byte) sdr.number() },
						"Get Sensor Reading (" + sdr.name() + ")", d);
				sensors.add(r.ok() ? sdr.reading(r.data()) : sdr.reading(new byte[0]));
			}
			return List.copyOf(sensors);
		});
	}

	private List<byte[]> readSdrRepository(Deadline d) throws BmcException {
		for (int restart = 0;; restart++) {
			IpmiResponse reserve = require(NETFN_STORAGE, 0x22, new byte[0], "Reserve SDR Repository", d);
			requireLength(endpoint, reserve, 2, "Reserve SDR Repository");
			byte resLow = reserve.data()[0];
			byte resHigh = reserve.data()[1];
			List<byte[]> records = new ArrayList<>();
			int next = 0;
			boolean cancelled = false;
			for (int count = 0; next != 0xFFFF; count++) {
				if (count > 4096) {
					throw new BmcException(Kind.PROTOCOL, endpoint.address() + ": SDR repository does not end");
				}
				IpmiResponse header = send(NETFN_STORAGE, 0x23,
						new byte[] { resLow, resHigh, (byte) next, (byte) (next >>> 8), 0, 5 }, "Get SDR", d);
				if (header.completionCode() == 0xC5 && restart < 3) { // reservation cancelled: repository changed
					cancelled = true;
					break;
				}
				if (!header.ok()) {
					throw CompletionCodes.error(endpoint, "Get SDR", header.completionCode(), session.privilege());
				}
				requireLength(endpoint, header, 7, "Get SDR");
				int following = header.data()[1] << 8 & 0xFF00 | header.data()[0] & 0xFF;
				ByteArrayOutputStream record = new ByteArrayOutputStream();
				record.write(header.data(), 2, 5);
				int length = header.u8(6);
				int offset = 5;
				int chunk = 32;
				while (offset < 5 + length) {
					int n = Math.min(chunk, 5 + length - offset);
					IpmiResponse part = send(NETFN_STORAGE, 0x23, new byte[] { resLow, resHigh, (byte) next,
							(byte) (next >>> 8), (byte) offset, (byte) n }, "Get SDR", d);
					if ((part.completionCode() == 0xCA || part.completionCode() == 0xFF) && chunk > 8) {
						chunk /= 2; // BMC cannot return that many bytes at once
						continue;
					}
					if (part.completionCode() == 0xC5) {
						cancelled = true;
						break;
					}
					if (!part.ok()) {
						throw CompletionCodes.error(endpoint, "Get SDR", part.completionCode(), session.privilege());
					}
					int got = part.data().length - 2;
					if (got <= 0) {
						throw new BmcException(Kind.PROTOCOL, endpoint.address() + ": empty Get SDR answer");
					}
					record.write(part.data(), 2, Math.min(got, n));
					offset += Math.min(got, n);
				}
				if (cancelled) {
					break;
				}
				records.add(record.toByteArray());
				next = following;
			}
			if (!cancelled) {
				return records;
			}
		}
	}

	// ---------------------------------------------------------------------------------------------- inventory

	@Override
	public Inventory inventory() throws BmcException {
		return call("read FRU inventory", d -> {
			IpmiResponse info = require(NETFN_STORAGE, 0x10, new byte[] { 0 }, "Get FRU Inventory Area Info", d);
			requireLength(endpoint, info, 3, "Get FRU Inventory Area Info");
			int size = info.u8(0) | info.u8(1) << 8;
			boolean words = (info.u8(2) & 0x01) != 0;
			ByteArrayOutputStream image = new ByteArrayOutputStream();
			int chunk = 32;
			while (image.size() < size) {
				int offset = image.size();
				int n = Math.min(chunk, size - offset);
				int unitOffset = words ? offset / 2 : offset;
				int unitCount = words ? (n + 1) / 2 : n;
				IpmiResponse r = send(NETFN_STORAGE, 0x11, new byte[] { 0, (byte) unitOffset,
						(byte) (unitOffset >>> 8), (byte) unitCount }, "Read FRU Data", d);
				if ((r.completionCode() == 0xCA || r.completionCode() == 0xC7 || r.completionCode() == 0xC8)
						&& chunk > 8) {
					chunk /= 2;
					continue;
				}
				if (!r.ok()) {
					throw CompletionCodes.error(endpoint, "Read FRU Data", r.completionCode(), session.privilege());
				}
				requireLength(endpoint, r, 1, "Read FRU Data");
				int got = Math.min(r.data().length - 1, (words ? r.u8(0) * 2 : r.u8(0)));
				if (got <= 0) {
					break;
				}
				image.write(r.data(), 1, Math.min(got, size - offset));
			}
			try {
				return FruParser.parse(image.toByteArray());
			} catch (IllegalArgumentException e) {
				throw new BmcException(Kind.PROTOCOL, endpoint.address() + ": FRU data is invalid ("
						+ e.getMessage() + ")");
			}
		});
	}

	// ---------------------------------------------------------------------------------------------- identify

	@Override
	public void identify(Duration duration) throws BmcException {
		byte[] data;
		if (duration == null) {
			data = new byte[] { 0, 1 }; // force on until switched off
		} else {
			long seconds = Math.max(0, Math.min(255, (duration.toMillis() + 999) / 1000));
			data = new byte[] { (byte) seconds };
		}
		call("Chassis Identify", d -> require(NETFN_CHASSIS, 0x04, data, "Chassis Identify", d));
	}

	// ---------------------------------------------------------------------------------------------- capabilities

	@Override
	public Capabilities capabilities() throws BmcException {
		return call("discover capabilities", d -> {
			IpmiResponse id = require(NETFN_APP, 0x01, new byte[0], "Get Device ID", d);
			requireLength(endpoint, id, 11, "Get Device ID");
			int support = id.u8(5);
			boolean chassis = (support & 0x80) != 0;
			Map<String, String> details = new LinkedHashMap<>();
			details.put("deviceId", String.valueOf(id.u8(0)));
			details.put("deviceRevision", String.valueOf(id.u8(1) & 0x0F));
			details.put("firmware", (id.u8(2) & 0x7F) + "." + String.format("%02x", id.u8(3)));
			details.put("ipmiVersion", (id.u8(4) & 0x0F) + "." + (id.u8(4) >>> 4));
			details.put("manufacturerId", String.valueOf(id.u8(6) | id.u8(7) << 8 | (id.u8(8) & 0x0F) << 16));
			details.put("productId", String.valueOf(id.u8(9) | id.u8(10) << 8));
			details.put("cipherSuite", String.valueOf(session.suite().id()));
			details.put("privilege", Privilege.name(session.privilege()));
			LanplusSession.ChannelAuthCapabilities channel = session.channelCapabilities();
			if (channel != null) {
				details.put("ipmi15", String.valueOf(channel.ipmi15()));
			}
			boolean identify = chassis;
			if (chassis) {
				IpmiResponse status = send(NETFN_CHASSIS, 0x01, new byte[0], "Get Chassis Status", d);
				if (status.ok() && status.data().length >= 3 && (status.u8(2) & 0x40) != 0) {
					details.put("identifyState", switch ((status.u8(2) >>> 4) & 0x03) {
						case 0 -> "off";
						case 1 -> "temporary";
						case 2 -> "on";
						default -> "reserved";
					});
				}
			}
			return new Capabilities("ipmi",
					chassis ? EnumSet.allOf(PowerAction.class) : EnumSet.noneOf(PowerAction.class),
					chassis ? EnumSet.allOf(BootDevice.class) : EnumSet.noneOf(BootDevice.class),
					chassis ? EnumSet.allOf(BootMode.class) : EnumSet.noneOf(BootMode.class),
					(support & 0x03) != 0, (support & 0x08) != 0, identify, details);
		});
	}

	// ---------------------------------------------------------------------------------------------- close

	@Override
	public void close() {
		if (lock.tryLock()) {
			try {
				session.close();
			} finally {
				lock.unlock();
			}
		} else {
			// a call is in flight on another thread: make it end with CANCELLED; it wipes the keys
			session.abort();
		}
	}

	/** Sessions opened so far by this client (for tests of session reuse). */
	public int sessionsOpened() {
		return session.sessionsOpened();
	}

	@Override
	public String toString() {
		return "IpmiLanplusClient[" + endpoint.address() + ", cipher suite " + session.suite().id() + ", "
				+ Privilege.name(session.privilege()) + "]";
	}
}
