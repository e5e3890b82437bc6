package org.underlay.deploy.engine;

import java.time.Duration;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcException;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.Secret;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshSession;

/** A machine's BMC client and SSH session, opened when first needed and opened again after a failure. */
final class MachineConnections implements AutoCloseable {

	final Plan.Machine machine;
	private final EngineSettings settings;
	private final SshClient sshClient;
	private BmcClient bmc;
	private SshSession ssh;

	MachineConnections(Plan.Machine machine, EngineSettings settings, SshClient sshClient) {
		this.machine = machine;
		this.settings = settings;
		this.sshClient = sshClient;
	}

	String name() {
		return machine.name();
	}

	BmcClient bmc() throws BmcException, ActionFailure {
		if (bmc == null) {
			if (machine.bmc() == null) {
				throw new ActionFailure("the binding has no BMC endpoint");
			}
			try {
				bmc = BmcLogins.open(machine.bmc(), settings.credentials(), settings.bmcOptions(),
						settings.bmcTimeout());
			} catch (CredentialsException e) {
				throw new ActionFailure(ActionFailure.message(e));
			}
		}
		return bmc;
	}

	SshSession ssh() throws SshException, ActionFailure {
		if (ssh == null) {
			Plan.Endpoint e = machine.ssh();
			if (e == null) {
				throw new ActionFailure("the binding has no SSH endpoint");
			}
			SshEndpoint endpoint;
			try {
				endpoint = SshEndpoint.of(e.host(), e.port(), e.user()).withHostKey(e.options().get("host-key"));
			} catch (IllegalArgumentException bad) {
				throw new ActionFailure("SSH " + e + ": the binding's host-key: " + bad.getMessage());
			}
			try (Secret secret = secret(e.credential())) {
				ssh = sshClient.connect(endpoint, secret);
			}
		}
		return ssh;
	}

	/** Connects until SSH answers or the time is up (a machine booting, a host following its BMC's power). */
	void waitSsh(Duration timeout) throws ActionFailure, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		SshException last = null;
		dropSsh();
		while (System.nanoTime() < deadline) {
			try {
				ssh();
				return;
			} catch (SshException e) {
				last = e;
				if (e.kind() == SshException.Kind.AUTH_FAILED || e.kind() == SshException.Kind.HOST_KEY_CHANGED
						|| e.kind() == SshException.Kind.HOST_KEY_UNKNOWN
						|| e.kind() == SshException.Kind.HOST_KEY_MISMATCH) {
					break;
				}
				if (e.kind() == SshException.Kind.CANCELLED) {
					throw new InterruptedException();
				}
				Thread.sleep(300);
			}
		}
		throw new ActionFailure("SSH " + machine.ssh() + " did not come up within " + timeout.toSeconds() + " s"
				+ (last == null ? "" : ": " + ActionFailure.message(last)));
	}

	private Secret secret(String name) throws ActionFailure {
		if (name == null) {
			throw new ActionFailure("the binding names no credential");
		}
		try {
			return settings.credentials().resolve(name);
		} catch (CredentialsException e) {
			throw new ActionFailure(ActionFailure.message(e));
		}
	}

	void dropBmc() {
		if (bmc != null) {
			try {
				bmc.close();
			} catch (RuntimeException e) {
				// closing a broken client
			}
			bmc = null;
		}
	}

	void dropSsh() {
		if (ssh != null) {
			ssh.close();
			ssh = null;
		}
	}

	@Override
	public void close() {
		dropBmc();
		dropSsh();
	}
}
