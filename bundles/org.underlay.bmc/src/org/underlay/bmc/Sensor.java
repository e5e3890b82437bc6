package org.underlay.bmc;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One sensor reading.
 *
 * @param name   the BMC's sensor name ("CPU Temp")
 * @param type   what is measured
 * @param value  the reading in {@code unit}; empty for discrete sensors or when the BMC has no reading
 * @param unit   unit text ("degrees C", "RPM", "Watts", "Volts", "Amps"), empty for discrete sensors
 * @param status health as the BMC judges it
 * @param raw    protocol-specific raw state for discrete sensors (IPMI: state bits as hex), else empty
 */
public record Sensor(String name, Type type, OptionalDouble value, String unit, Status status, String raw) {

	public enum Type {
		TEMPERATURE, FAN, POWER, VOLTAGE, CURRENT, OTHER
	}

	public enum Status {
		OK, WARNING, CRITICAL, UNAVAILABLE
	}

	public Sensor {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(value, "value");
		unit = unit == null ? "" : unit;
		Objects.requireNonNull(status, "status");
		raw = raw == null ? "" : raw;
	}
}
