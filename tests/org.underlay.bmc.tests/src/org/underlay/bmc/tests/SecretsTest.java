package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.net.UdpPeer;

/** The password never shows: not in toString, exception messages and stack traces, nor in any log record. */
class SecretsTest {

	@Test
	void credentialsToStringHidesThePassword() {
		Credentials c = TestBmcs.admin();
		assertEquals("Credentials[user=admin, password=****]", c.toString());
		c.destroy();
		assertTrue(c.isDestroyed());
		assertThrows(IllegalStateException.class, c::password);
	}

	@Test
	void credentialsKeepTheirOwnCopy() {
		char[] password = IpmiSimulator.password();
		Credentials c = new Credentials("u", password);
		Arrays.fill(password, 'x');
		assertFalse(new String(c.password()).contains("x"));
	}

	@Test
	void noSecretInLogsExceptionsOrToString() throws Exception {
		Logger logger = Logger.getLogger("org.underlay.bmc");
		Level oldLevel = logger.getLevel();
		List<String> texts = new ArrayList<>();
		SimpleFormatter formatter = new SimpleFormatter();
		Handler capture = new Handler() {
			@Override
			public void publish(LogRecord record) {
				synchronized (texts) {
					texts.add(formatter.format(record));
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		capture.setLevel(Level.ALL);
		logger.setLevel(Level.ALL);
		logger.addHandler(capture);
		int logRecordsBefore;
		try (IpmiSimulator sim = IpmiSimulator.start("secrets", "S1");
				UdpPeer hole = UdpPeer.blackhole();
				UdpPeer garbage = UdpPeer.answering("junk".getBytes())) {
			try (BmcClient c = TestBmcs.open(sim)) {
				c.powerState();
				c.sensors();
				c.inventory();
				texts.add(c.toString());
				texts.add(c.endpoint().toString());
				texts.add(c.capabilities().toString());
			}
			logRecordsBefore = texts.size();
			List<BmcEndpoint> endpoints = List.of(TestBmcs.endpoint(sim),
					TestBmcs.endpoint(hole.port(), Duration.ofMillis(600)).withOption("ipmi.retransmitMillis", "100"),
					TestBmcs.endpoint(garbage.port(), Duration.ofMillis(600)),
					TestBmcs.endpoint(sim).withOption("ipmi.cipherSuite", "0"),
					TestBmcs.endpoint(sim).withOption("ipmi.cipherSuite", "17"));
			for (BmcEndpoint ep : endpoints) {
				for (Credentials cred : List.of(TestBmcs.admin(), new Credentials(IpmiSimulator.ADMIN,
						reversedPassword()))) {
					texts.add(cred.toString());
					try {
						BmcDrivers.open(ep, cred).close();
					} catch (BmcException e) {
						StringWriter trace = new StringWriter();
						e.printStackTrace(new PrintWriter(trace));
						texts.add(e.toString());
						texts.add(trace.toString());
					}
				}
			}
		} finally {
			logger.removeHandler(capture);
			logger.setLevel(oldLevel);
		}
		assertTrue(logRecordsBefore > 3, "the driver logs (session opened, ...): " + texts);
		String password = new String(IpmiSimulator.password());
		List<String> forms = List.of(password, new String(reversedPassword()),
				HexFormat.of().formatHex(password.getBytes(StandardCharsets.US_ASCII)),
				Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.US_ASCII)));
		for (String text : texts) {
			for (String form : forms) {
				// never print the text itself: it would contain the secret if the check fails
				assertFalse(text.contains(form), "a log record, message or toString contains the password");
			}
		}
	}

	/** A second (wrong) password, for the wrong-password paths. */
	private static char[] reversedPassword() {
		char[] p = IpmiSimulator.password();
		char[] r = new char[p.length];
		for (int i = 0; i < p.length; i++) {
			r[i] = p[p.length - 1 - i];
		}
		return r;
	}
}
