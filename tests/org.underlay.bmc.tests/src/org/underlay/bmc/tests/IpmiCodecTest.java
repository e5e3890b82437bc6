package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.internal.ipmi.FruParser;
import org.underlay.bmc.internal.ipmi.IpmiLanplusClient;
import org.underlay.bmc.internal.ipmi.IpmiMessages;
import org.underlay.bmc.internal.ipmi.SensorRecord;
import org.underlay.bmc.internal.ipmi.SequenceWindow;

/** Encoders and decoders that do not need a BMC: boot flags, IPMI framing, SDR conversion, FRU areas. */
class IpmiCodecTest {

	private static final HexFormat HEX = HexFormat.of();

	/** The bytes ipmitool sends for "chassis bootdev disk options=persistent,efiboot" are e0 08 00 00 00. */
	@Test
	void bootFlagsMatchIpmitoolEncoding() {
		assertEquals("e008000000",
				HEX.formatHex(IpmiLanplusClient.bootFlags(BootOverride.persistent(BootDevice.DISK, BootMode.UEFI))));
		assertEquals("8004000000",
				HEX.formatHex(IpmiLanplusClient.bootFlags(BootOverride.once(BootDevice.PXE, BootMode.LEGACY))));
		assertEquals("a014000000",
				HEX.formatHex(IpmiLanplusClient.bootFlags(BootOverride.once(BootDevice.CDROM, BootMode.UEFI))));
		assertEquals("c018000000", HEX.formatHex(
				IpmiLanplusClient.bootFlags(BootOverride.persistent(BootDevice.BIOS_SETUP, BootMode.LEGACY))));
	}

	@ParameterizedTest
	@EnumSource(BootDevice.class)
	void bootFlagsRoundTrip(BootDevice device) {
		for (boolean persistent : new boolean[] { false, true }) {
			for (BootMode mode : BootMode.values()) {
				BootOverride o = new BootOverride(device, persistent, mode);
				assertEquals(o, IpmiLanplusClient.bootOverride(IpmiLanplusClient.bootFlags(o)));
			}
		}
	}

	/** Valid bit (data 1, bit 7) clear: the firmware ignores the flags, whatever device and persistence they hold. */
	@Test
	void bootFlagsWithoutTheValidBitAreNoOverride() {
		assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.LEGACY),
				IpmiLanplusClient.bootOverride(HEX.parseHex("4004")));
		assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.UEFI),
				IpmiLanplusClient.bootOverride(HEX.parseHex("6008")));
		assertEquals(BootOverride.persistent(BootDevice.PXE, BootMode.LEGACY),
				IpmiLanplusClient.bootOverride(HEX.parseHex("c004")));
		assertEquals(BootOverride.once(BootDevice.DISK, BootMode.UEFI),
				IpmiLanplusClient.bootOverride(HEX.parseHex("a008")));
	}

	@Test
	void sequenceWindowRejectsDuplicatesAndNumbersOutsideIt() {
		SequenceWindow w = new SequenceWindow();
		assertNotNull(w.accept(0), "zero is never a session sequence number");
		assertNull(w.accept(100), "the first number is taken as it comes");
		assertNotNull(w.accept(100), "duplicate");
		assertNotNull(w.accept(100 + SequenceWindow.AHEAD + 1), "too far ahead");
		assertNull(w.accept(100 + SequenceWindow.AHEAD), "the farthest ahead");
		int highest = 100 + SequenceWindow.AHEAD;
		assertNotNull(w.accept(highest - SequenceWindow.BEHIND - 1), "too far behind");
		assertNull(w.accept(highest - SequenceWindow.BEHIND), "the oldest still in the window, not seen yet");
		assertNotNull(w.accept(highest - SequenceWindow.BEHIND), "late duplicate");
		assertNotNull(w.accept(100), "seen before the window moved");
		assertNull(w.check(101), "check does not record");
		assertNull(w.accept(101));
		assertNotNull(w.accept(101));
	}

	@Test
	void sequenceWindowWrapsAround() {
		SequenceWindow w = new SequenceWindow();
		assertNull(w.accept(0xFFFF_FFFE));
		assertNull(w.accept(0xFFFF_FFFF));
		assertNull(w.accept(1), "after the wrap (0 skipped)");
		assertNotNull(w.accept(0xFFFF_FFFF), "duplicate across the wrap");
		assertNull(w.accept(0xFFFF_FFFD), "late, across the wrap");
		w.reset();
		assertNull(w.accept(5), "a new session starts afresh");
	}

	@Test
	void requestFramingHasBothChecksums() {
		// Get Device ID, rqSeq 1: what ipmitool sends
		assertEquals("2018c88104017a", HEX.formatHex(IpmiMessages.request(0x06, 0x01, 1, new byte[0])));
	}

	/** Full sensor record of the recipe's FAN1 (M = 50) and a synthetic one with negative M, B and exponents. */
	@Test
	void fullSensorRecordConversion() {
		byte[] fan = fullRecord(3, 0x04, 18, 50, 0, 0, 0, "FAN1");
		SensorRecord r = SensorRecord.parse(fan);
		assertEquals("FAN1", r.name());
		assertEquals(2400.0, r.convert(0x30));
		Sensor s = r.reading(new byte[] { 0x30, (byte) 0xC0, 0x00 });
		assertEquals(Sensor.Type.FAN, s.type());
		assertEquals("RPM", s.unit());
		assertEquals(Sensor.Status.OK, s.status());
		// M = -2, B = 5, Bexp = 1, Rexp = -1: y = (-2 x + 50) / 10
		SensorRecord neg = SensorRecord.parse(fullRecord(7, 0x02, 4, -2, 5, 1, -1, "VBAT"));
		assertEquals(-5.0 + 5.0, neg.convert(25), 1e-9);
		assertEquals(4.0, neg.convert(5), 1e-9);
		assertEquals(Sensor.Type.VOLTAGE, neg.kind());
	}

	@Test
	void thresholdStatusAndUnavailableReadings() {
		SensorRecord temp = SensorRecord.parse(fullRecord(1, 0x01, 1, 1, 0, 0, 0, "CPU Temp"));
		assertEquals(Sensor.Status.WARNING, temp.reading(new byte[] { 85, (byte) 0xC0, 0x08 }).status());
		assertEquals(Sensor.Status.CRITICAL, temp.reading(new byte[] { 95, (byte) 0xC0, 0x18 }).status());
		assertEquals(Sensor.Status.CRITICAL, temp.reading(new byte[] { 2, (byte) 0xC0, 0x02 }).status());
		Sensor unavailable = temp.reading(new byte[] { 0, (byte) 0xE0, 0 });
		assertEquals(Sensor.Status.UNAVAILABLE, unavailable.status());
		assertTrue(unavailable.value().isEmpty());
	}

	@Test
	void nonSensorRecordsAreSkipped() {
		byte[] locator = new byte[20];
		locator[3] = 0x12;
		assertNull(SensorRecord.parse(locator));
	}

	static byte[] fullRecord(int number, int sensorType, int baseUnit, int m, int b, int bExp, int rExp,
			String name) {
		byte[] r = new byte[48 + name.length()];
		r[2] = 0x51;
		r[3] = 0x01;
		r[4] = (byte) (r.length - 5);
		r[5] = 0x20;
		r[7] = (byte) number;
		r[12] = (byte) sensorType;
		r[13] = 0x01; // threshold
		r[20] = 0x00; // unsigned
		r[21] = (byte) baseUnit;
		r[24] = (byte) m;
		r[25] = (byte) ((m >> 2) & 0xC0);
		r[26] = (byte) b;
		r[27] = (byte) ((b >> 2) & 0xC0);
		r[29] = (byte) ((rExp & 0x0F) << 4 | (bExp & 0x0F));
		r[47] = (byte) (0xC0 | name.length());
		System.arraycopy(name.getBytes(), 0, r, 48, name.length());
		return r;
	}

	@Test
	void fruWithSixBitAsciiAndBcd() {
		// header: chassis area at 8; chassis area with a 6-bit packed part number "AB12" and BCD serial "1234"
		byte[] fru = new byte[32];
		fru[0] = 0x01;
		fru[2] = 0x01;
		fru[7] = (byte) -(0x01 + 0x01);
		byte[] chassis = { 0x01, 0x03, 0x17, (byte) 0x83, (byte) 0xA1, 0x18, 0x49, 0x42, 0x12, 0x34, (byte) 0xC1 };
		System.arraycopy(chassis, 0, fru, 8, chassis.length);
		Inventory inv = FruParser.parse(fru);
		assertEquals("AB12", inv.details().get("Chassis Part Number"));
		assertEquals("1234", inv.chassisSerial());
		assertFalse(inv.details().containsKey("Product Name"));
	}

	@Test
	void fruHeaderChecksumIsChecked() {
		byte[] fru = new byte[16];
		fru[0] = 0x01;
		fru[2] = 0x01;
		assertThrows(IllegalArgumentException.class, () -> FruParser.parse(fru));
	}

	@Test
	void requestChecksumIsTwosComplement() {
		byte[] msg = IpmiMessages.request(0x00, 0x02, 5, new byte[] { 0x01 });
		int sum1 = (msg[0] + msg[1] + msg[2]) & 0xFF;
		int sum2 = 0;
		for (int i = 3; i < msg.length; i++) {
			sum2 += msg[i];
		}
		assertEquals(0, sum1);
		assertEquals(0, sum2 & 0xFF);
		assertArrayEquals(new byte[] { 0x00, 0x02, 0x01 }, new byte[] { msg[1], msg[5], msg[6] });
	}
}
