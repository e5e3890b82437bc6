package org.underlay.bmc;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An open connection (session) to one BMC. Every method finishes within the endpoint's timeout, honours thread
 * interruption (kind {@link BmcException.Kind#CANCELLED}) and throws a typed {@link BmcException}; see the package
 * documentation. Calls on one client are serialized; use one client per BMC and thread for parallelism.
 */
public interface BmcClient extends AutoCloseable {

	BmcEndpoint endpoint();

	PowerState powerState() throws BmcException;

	void power(PowerAction action) throws BmcException;

	/** The current boot override; device {@link BootDevice#NONE} if there is none. */
	BootOverride bootOverride() throws BmcException;

	void setBootOverride(BootOverride override) throws BmcException;

	List<Sensor> sensors() throws BmcException;

	Inventory inventory() throws BmcException;

	/**
	 * Switches the identify LED: on for {@code duration} (the BMC may round; {@code null} = on until switched off),
	 * or off with {@link Duration#ZERO}.
	 */
	void identify(Duration duration) throws BmcException;

	Capabilities capabilities() throws BmcException;

	/**
	 * The concrete BMC operation {@link #power(PowerAction)} would use for {@code action} on this BMC, as an operator
	 * reads it ("ResetType PowerCycle", "chassis control power cycle"), or empty when this BMC does not offer it (then
	 * {@code power(action)} fails with {@link BmcException.Kind#UNSUPPORTED}). Reads what the BMC lists; changes
	 * nothing.
	 */
	default Optional<String> operation(PowerAction action) throws BmcException {
		return capabilities().powerActions().contains(action)
				? Optional.of(action.name().toLowerCase(Locale.ROOT).replace('_', ' '))
				: Optional.empty();
	}

	/**
	 * Evidence of the system's last reset or power-on that changes with every restart the BMC performs (Redfish
	 * {@code LastResetTime}), or empty when this BMC offers none. The engine compares it before and after a cycle or
	 * reset to tell a restart that happened from one that was accepted and never done.
	 */
	default Optional<String> restartMarker() throws BmcException {
		return Optional.empty();
	}

	/** Ends the session (best effort, bounded by a short timeout) and releases the socket. Idempotent. */
	@Override
	void close();
}
