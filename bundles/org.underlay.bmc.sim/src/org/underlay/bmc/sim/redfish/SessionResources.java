package org.underlay.bmc.sim.redfish;

import static org.underlay.bmc.sim.redfish.Payloads.ROOT;
import static org.underlay.bmc.sim.redfish.Payloads.allow;
import static org.underlay.bmc.sim.redfish.Payloads.collection;
import static org.underlay.bmc.sim.redfish.Payloads.link;
import static org.underlay.bmc.sim.redfish.Payloads.resource;
import static org.underlay.bmc.sim.redfish.Payloads.status;
import static org.underlay.bmc.sim.redfish.Payloads.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.underlay.bmc.sim.redfish.Payloads.Caller;
import org.underlay.bmc.sim.redfish.Payloads.Reply;

import com.google.gson.JsonObject;

/** The SessionService and its sessions, as the configured {@link SimulatorConfig.Sessions} mode offers them. */
final class SessionResources {

	static final String SERVICE = ROOT + "/SessionService";
	static final String SESSIONS = SERVICE + "/Sessions";

	private final RedfishSimulator sim;

	SessionResources(RedfishSimulator sim) {
		this.sim = sim;
	}

	/** Whether the service root lists the SessionService (all modes but ABSENT). */
	boolean advertised() {
		return sim.config.sessions() != SimulatorConfig.Sessions.ABSENT;
	}

	/** Refuses a login before its body is read, as a service without session creation does. */
	void checkLoginOffered() throws RedfishError {
		switch (sim.config.sessions()) {
			case ABSENT, CREATION_NOT_FOUND -> throw RedfishError.notFound(SESSIONS);
			case CREATION_NOT_ALLOWED -> throw RedfishError.methodNotAllowed("POST", "GET");
			case CREATION_UNAUTHORIZED -> throw RedfishError.noValidSession(Map.of("WWW-Authenticate",
					"Basic realm=\"Redfish\""));
			case OFFERED -> {
				// sessions are created
			}
		}
	}

	/** POST to the session collection: the login, which needs no authentication. */
	Reply login(JsonObject body) throws RedfishError {
		String user = string(body, "UserName");
		String password = string(body, "Password");
		if (user == null || password == null) {
			throw new RedfishError(400, "PropertyMissing", "The property " + (user == null ? "UserName" : "Password")
					+ " is a required property and must be included in the request.",
					user == null ? "UserName" : "Password");
		}
		SimulatorConfig.User u = sim.sessions.authenticate(user, password);
		if (u == null) {
			throw RedfishError.noValidSession(Map.of());
		}
		SessionStore.Session s;
		try {
			s = sim.sessions.open(u);
		} catch (SessionStore.LimitExceeded e) {
			throw new RedfishError(503, "SessionLimitExceeded", "The session establishment failed due to the "
					+ "number of simultaneous sessions exceeding the limit of the implementation.");
		}
		return new Reply(201, session(s), Map.of("X-Auth-Token", s.token(), "Location", SESSIONS + "/" + s.id()));
	}

	private JsonObject session(SessionStore.Session s) {
		JsonObject o = resource("#Session.v1_0_0.Session", s.id(), SESSIONS + "/" + s.id(), "User Session");
		o.addProperty("UserName", s.user().name());
		return o;
	}

	/** Everything under /redfish/v1/SessionService but the login. */
	Reply serve(String method, String[] seg, Caller caller, String path) throws RedfishError {
		if (!advertised()) {
			throw RedfishError.notFound(path);
		}
		if (seg.length == 1) {
			allow(method, "GET");
			JsonObject o = resource("#SessionService.v1_1_3.SessionService", "SessionService", SERVICE,
					"Session Service");
			o.addProperty("ServiceEnabled", sim.config.sessions() == SimulatorConfig.Sessions.OFFERED);
			o.addProperty("SessionTimeout", Math.max(1, sim.config.sessionTimeout().toSeconds()));
			o.add("Status", status("Enabled"));
			o.add("Sessions", link(SESSIONS));
			return Reply.ok(o);
		}
		if (!seg[1].equals("Sessions") || seg.length > 3) {
			throw RedfishError.notFound(path);
		}
		boolean admin = caller.user().role() == SimulatorConfig.Role.Administrator;
		if (seg.length == 2) {
			allow(method, "GET", "POST");
			List<String> ids = new ArrayList<>();
			for (SessionStore.Session s : sim.sessions.all()) {
				if (admin || s.user() == caller.user()) {
					ids.add(SESSIONS + "/" + s.id());
				}
			}
			return Reply.ok(collection("#SessionCollection.SessionCollection", SESSIONS, "Session Collection", ids));
		}
		SessionStore.Session s = sim.sessions.byId(seg[2]);
		if (s == null || !(admin || s.user() == caller.user())) {
			throw RedfishError.notFound(path);
		}
		allow(method, "GET", "DELETE");
		if (method.equals("DELETE")) {
			sim.sessions.close(s.id());
			return Reply.noContent();
		}
		return Reply.ok(session(s));
	}
}
