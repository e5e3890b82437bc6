package org.underlay.bmc.sim.redfish;

import static org.underlay.bmc.sim.redfish.Payloads.ROOT;
import static org.underlay.bmc.sim.redfish.Payloads.allow;
import static org.underlay.bmc.sim.redfish.Payloads.link;
import static org.underlay.bmc.sim.redfish.Payloads.resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.underlay.bmc.sim.redfish.Payloads.Caller;
import org.underlay.bmc.sim.redfish.Payloads.Reply;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Routes Redfish requests to the simulator's resources: the service root and authentication here, the resources in
 * {@link SessionResources}, {@link SystemResources}, {@link ChassisResources} and {@link ManagerResources}.
 */
final class RedfishHandler implements HttpHandler {

	private static final int MAX_BODY = 64 * 1024;
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private final RedfishSimulator sim;
	private final String serviceUuid = UUID.randomUUID().toString();
	private final SessionResources sessions;
	private final SystemResources systems;
	private final ChassisResources chassis;
	private final ManagerResources managers;

	RedfishHandler(RedfishSimulator sim) {
		this.sim = sim;
		this.sessions = new SessionResources(sim);
		this.systems = new SystemResources(sim);
		this.chassis = new ChassisResources(sim, systems);
		this.managers = new ManagerResources(sim, serviceUuid);
	}

	@Override
	public void handle(HttpExchange ex) throws IOException {
		sim.requests.incrementAndGet();
		try (ex) {
			switch (sim.fault) {
				case STALL -> {
					try {
						sim.stopped.await();
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					return;
				}
				case GARBAGE -> {
					drain(ex.getRequestBody());
					byte[] junk = "<html>\u0000\u0001 not json {{{".getBytes(StandardCharsets.UTF_8);
					ex.getResponseHeaders().set("Content-Type", "application/json");
					ex.sendResponseHeaders(200, junk.length);
					ex.getResponseBody().write(junk);
					return;
				}
				case NONE -> {
					// serve below
				}
			}
			Reply r;
			try {
				r = route(ex);
			} catch (RedfishError e) {
				r = new Reply(e.status, e.body(), e.headers);
			} catch (RuntimeException e) {
				r = new Reply(500, new RedfishError(500, "InternalError",
						"The request failed due to an internal service error.").body(), Map.of());
			}
			send(ex, r);
		}
	}

	private static void drain(InputStream in) throws IOException {
		in.readNBytes(MAX_BODY);
		in.close();
	}

	private static void send(HttpExchange ex, Reply r) throws IOException {
		var h = ex.getResponseHeaders();
		h.set("OData-Version", "4.0");
		h.set("Cache-Control", "no-cache");
		String connection = ex.getRequestHeaders().getFirst("Connection");
		if (connection != null && connection.equalsIgnoreCase("close")) {
			// the JDK server closes such a connection without saying so; clients that pool connections
			// (python-requests) would otherwise send their next request into a closed socket
			h.set("Connection", "close");
		}
		r.headers().forEach(h::set);
		if (r.body() == null || ex.getRequestMethod().equals("HEAD")) {
			ex.sendResponseHeaders(r.status(), -1);
			return;
		}
		byte[] bytes = GSON.toJson(r.body()).getBytes(StandardCharsets.UTF_8);
		h.set("Content-Type", "application/json;charset=utf-8");
		ex.sendResponseHeaders(r.status(), bytes.length);
		try (OutputStream out = ex.getResponseBody()) {
			out.write(bytes);
		}
	}

	private Reply route(HttpExchange ex) throws IOException, RedfishError {
		String method = ex.getRequestMethod();
		String path = ex.getRequestURI().getPath();
		while (path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (path.equals("/redfish")) {
			allow(method, "GET");
			JsonObject v = new JsonObject();
			v.addProperty("v1", ROOT + "/");
			return Reply.ok(v);
		}
		if (path.equals(ROOT)) {
			allow(method, "GET");
			return Reply.ok(serviceRoot());
		}
		if (!path.startsWith(ROOT + "/")) {
			throw RedfishError.notFound(path);
		}
		String[] seg = path.substring(ROOT.length() + 1).split("/");
		if (path.equals(SessionResources.SESSIONS) && method.equals("POST")) {
			sim.loginAttempts.incrementAndGet();
			if (sessions.advertised()) {
				sessions.checkLoginOffered();
				return sessions.login(readJson(ex));
			}
			// no SessionService: a request like any other, authenticated before it is found missing
		}
		Caller caller = authenticate(ex);
		JsonObject body = method.equals("POST") || method.equals("PATCH") ? readJson(ex) : null;
		String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
		try {
			synchronized (sim.lock) {
				return switch (seg[0]) {
					case "SessionService" -> sessions.serve(method, seg, caller, path);
					case "Systems" -> systems.serve(method, seg, caller, body, ifMatch, path);
					case "Chassis" -> chassis.serve(method, seg, path);
					case "Managers" -> managers.serve(method, seg, caller, path);
					default -> throw RedfishError.notFound(path);
				};
			}
		} finally {
			sim.firePowerChanges();
		}
	}

	private JsonObject readJson(HttpExchange ex) throws IOException, RedfishError {
		byte[] raw = ex.getRequestBody().readNBytes(MAX_BODY + 1);
		if (raw.length > MAX_BODY) {
			throw new RedfishError(413, "GeneralError", "The request body is too large.");
		}
		try {
			JsonElement e = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8));
			if (!e.isJsonObject()) {
				throw new JsonParseException("not an object");
			}
			return e.getAsJsonObject();
		} catch (JsonParseException | IllegalStateException e) {
			throw new RedfishError(400, "MalformedJSON",
					"The request body submitted was malformed JSON and could not be parsed by the receiving service.");
		}
	}

	private Caller authenticate(HttpExchange ex) throws RedfishError {
		String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
		if (token != null) {
			SessionStore.Session s = sim.sessions.byToken(token);
			if (s != null) {
				return new Caller(s.user(), s);
			}
		} else {
			String auth = ex.getRequestHeaders().getFirst("Authorization");
			if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
				try {
					String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
							StandardCharsets.UTF_8);
					int colon = decoded.indexOf(':');
					if (colon > 0) {
						SimulatorConfig.User u = sim.sessions.authenticate(decoded.substring(0, colon),
								decoded.substring(colon + 1));
						if (u != null) {
							return new Caller(u, null);
						}
					}
				} catch (IllegalArgumentException e) {
					// not Base64: same answer as wrong credentials
				}
			}
		}
		throw RedfishError.noValidSession(Map.of("WWW-Authenticate", "Basic realm=\"Redfish\""));
	}

	private JsonObject serviceRoot() {
		JsonObject o = resource("#ServiceRoot.v1_5_0.ServiceRoot", "RootService", ROOT + "/", "Root Service");
		o.addProperty("RedfishVersion", "1.6.0");
		o.addProperty("UUID", serviceUuid);
		o.addProperty("Product", "Underlay Redfish BMC simulator");
		o.addProperty("Vendor", "Underlay");
		o.add("Systems", link(ROOT + "/Systems"));
		o.add("Chassis", link(ROOT + "/Chassis"));
		o.add("Managers", link(ROOT + "/Managers"));
		if (sessions.advertised()) {
			o.add("SessionService", link(SessionResources.SERVICE));
			JsonObject l = new JsonObject();
			l.add("Sessions", link(SessionResources.SESSIONS));
			o.add("Links", l);
		} else {
			// Links is required by the schema; without sessions it is empty
			o.add("Links", new JsonObject());
		}
		return o;
	}
}
