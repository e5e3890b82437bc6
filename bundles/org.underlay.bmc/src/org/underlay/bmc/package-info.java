/**
 * Protocol-neutral access to baseboard management controllers (BMCs): power, boot device, sensors, inventory,
 * identify LED and capability discovery.
 *
 * <p>Use: {@code try (BmcClient bmc = BmcDrivers.open(endpoint, credentials)) { bmc.power(PowerAction.ON); }}.
 * A driver is chosen by {@link org.underlay.bmc.BmcEndpoint#protocol()} ("ipmi"; "redfish" later).
 *
 * <p><b>Timeouts.</b> Every call, including opening the client, finishes within {@link BmcEndpoint#timeout()}
 * (plus a few milliseconds of scheduling) or throws {@link BmcException} of kind {@code TIMEOUT},
 * {@code UNREACHABLE}, {@code PROTOCOL}, ... A driver never blocks without a deadline.
 *
 * <p><b>Cancellation.</b> Calls run on the caller's thread; drivers start no threads of their own. A call is
 * cancelled by interrupting the calling thread (for example {@code Future.cancel(true)}): it returns within about
 * 50 ms with kind {@code CANCELLED} and the thread's interrupt status is kept set. {@link BmcClient#close()}
 * from another thread also ends a call in flight with {@code CANCELLED}.
 *
 * <p><b>Secrets.</b> {@link Credentials#toString()}, exception messages and log records never contain a password
 * or key material.
 */
package org.underlay.bmc;
