package org.underlay.bmc.internal.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

import org.underlay.bmc.Sensor;

/**
 * A full (type 01h) or compact (type 02h) sensor data record (IPMI 2.0 spec 43.1, 43.2) and the conversion of raw
 * readings to values (spec 36.3: y = L[(M x + B 10^Bexp) 10^Rexp]).
 */
public record SensorRecord(int recordType, int owner, int lun, int number, int sensorType, int eventReadingType,
		int analogFormat, int baseUnit, int linearization, int m, int b, int bExp, int rExp, String name) {

	/** @return the record, or {@code null} for records that are not sensors (device locators, OEM, ...) */
	public static SensorRecord parse(byte[] r) {
		if (r.length < 5) {
			throw new IllegalArgumentException("SDR of " + r.length + " bytes");
		}
		int type = r[3] & 0xFF;
		if (type == 0x01 && r.length >= 48) {
			int m = tenBits(r[24] & 0xFF, (r[25] & 0xC0) >>> 6);
			int b = tenBits(r[26] & 0xFF, (r[27] & 0xC0) >>> 6);
			int rExp = fourBits((r[29] & 0xF0) >>> 4);
			int bExp = fourBits(r[29] & 0x0F);
			return new SensorRecord(type, r[5] & 0xFF, r[6] & 0x03, r[7] & 0xFF, r[12] & 0xFF, r[13] & 0xFF,
					(r[20] & 0xC0) >>> 6, r[21] & 0xFF, r[23] & 0x7F, m, b, bExp, rExp, idString(r, 47));
		}
		if (type == 0x02 && r.length >= 32) {
			return new SensorRecord(type, r[5] & 0xFF, r[6] & 0x03, r[7] & 0xFF, r[12] & 0xFF, r[13] & 0xFF, 3,
					r[21] & 0xFF, 0, 0, 0, 0, 0, idString(r, 31));
		}
		return null;
	}

	private static int tenBits(int low, int high) {
		int v = high << 8 | low;
		return (v & 0x200) != 0 ? v - 0x400 : v;
	}

	private static int fourBits(int v) {
		return (v & 0x8) != 0 ? v - 0x10 : v;
	}

	private static String idString(byte[] r, int at) {
		if (at >= r.length) {
			return "";
		}
		int length = Math.min(r[at] & 0x1F, r.length - at - 1);
		return new String(r, at + 1, length, StandardCharsets.ISO_8859_1).trim();
	}

	/** Threshold sensors of full records with an analog reading have values; the rest are discrete. */
	public boolean analog() {
		return recordType == 0x01 && analogFormat != 3 && eventReadingType == 0x01;
	}

	public double convert(int raw) {
		double x = switch (analogFormat) {
			case 1 -> (raw & 0x80) != 0 ? -((~raw) & 0x7F) : raw;
			case 2 -> (byte) raw;
			default -> raw;
		};
		double y = (m * x + b * Math.pow(10, bExp)) * Math.pow(10, rExp);
		return switch (linearization) {
			case 1 -> Math.log(y);
			case 2 -> Math.log10(y);
			case 3 -> Math.log(y) / Math.log(2);
			case 4 -> Math.exp(y);
			case 5 -> Math.pow(10, y);
			case 6 -> Math.pow(2, y);
			case 7 -> 1 / y;
			case 8 -> y * y;
			case 9 -> y * y * y;
			case 10 -> Math.sqrt(y);
			case 11 -> Math.cbrt(y);
			default -> y;
		};
	}

	public String unit() {
		return switch (baseUnit) {
			case 1 -> "degrees C";
			case 2 -> "degrees F";
			case 3 -> "degrees K";
			case 4 -> "Volts";
			case 5 -> "Amps";
			case 6 -> "Watts";
			case 7 -> "Joules";
			case 18 -> "RPM";
			case 19 -> "Hz";
			default -> baseUnit == 0 ? "" : "unit " + baseUnit;
		};
	}

	public Sensor.Type kind() {
		switch (baseUnit) {
			case 1, 2, 3:
				return Sensor.Type.TEMPERATURE;
			case 4:
				return Sensor.Type.VOLTAGE;
			case 5:
				return Sensor.Type.CURRENT;
			case 6:
				return Sensor.Type.POWER;
			case 18:
				return Sensor.Type.FAN;
			default:
				break;
		}
		return switch (sensorType) {
			case 0x01 -> Sensor.Type.TEMPERATURE;
			case 0x02 -> Sensor.Type.VOLTAGE;
			case 0x03 -> Sensor.Type.CURRENT;
			case 0x04 -> Sensor.Type.FAN;
			case 0x08, 0x09 -> Sensor.Type.POWER;
			default -> Sensor.Type.OTHER;
		};
	}

	/**
	 * Builds the reading from a Get Sensor Reading response (data after the completion code).
	 */
	public Sensor reading(byte[] data) {
		if (data.length < 2 || (data[1] & 0x20) != 0) {
			return new Sensor(name, kind(), OptionalDouble.empty(), analog() ? unit() : "", Sensor.Status.UNAVAILABLE,
					"");
		}
		if (analog()) {
			Sensor.Status status = Sensor.Status.OK;
			if (eventReadingType == 0x01 && data.length >= 3) {
				int s = data[2] & 0x3F;
				if ((s & 0b110110) != 0) { // lower critical, lower non-recoverable, upper critical, upper non-recoverable
					status = Sensor.Status.CRITICAL;
				} else if ((s & 0b001001) != 0) {
					status = Sensor.Status.WARNING;
				}
			}
			return new Sensor(name, kind(), OptionalDouble.of(convert(data[0] & 0xFF)), unit(), status, "");
		}
		int low = data.length >= 3 ? data[2] & 0xFF : 0;
		int high = data.length >= 4 ? data[3] & 0x7F : 0;
		return new Sensor(name, kind(), OptionalDouble.empty(), "", Sensor.Status.OK,
				String.format("0x%02x%02x", low, high));
	}
}
