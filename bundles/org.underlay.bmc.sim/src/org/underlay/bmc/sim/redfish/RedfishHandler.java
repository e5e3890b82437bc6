package org.underlay.bmc.sim.redfish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Routes Redfish requests to the simulator's resources. */
final class RedfishHandler implements HttpHandler {

    private static final String ROOT = "/redfish/v1";
    private static final String SESSIONS = ROOT + "/SessionService/Sessions";
    private static final String MANAGER_ID = "BMC";
    private static final String MSG = "Base.1.8.";
    private static final int MAX_BODY = 64 * 1024;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final RedfishSimulator sim;
    private final String serviceUuid = UUID.randomUUID().toString();

    RedfishHandler(RedfishSimulator sim) {
        this.sim = sim;
    }

    /** A request that could not be served; becomes a Redfish error response. */
    private static final class RedfishError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String messageId;
        final List<String> args;
        final Map<String, String> headers;

        RedfishError(int status, String messageId, String message, List<String> args, Map<String, String> headers) {
            super(message, null, false, false);
            this.status = status;
            this.messageId = messageId;
            this.args = args;
            this.headers = headers;
        }

        RedfishError(int status, String messageId, String message, String... args) {
            this(status, messageId, message, List.of(args), Map.of());
        }
    }

    /** Who is asking: a user, with the session they came through (null for Basic auth). */
    private record Caller(SimulatorConfig.User user, SessionStore.Session session) {
    }

    private record Response(int status, JsonObject body, Map<String, String> headers) {
        static Response ok(JsonObject body) {
            return new Response(200, body, Map.of());
        }

        static Response noContent() {
            return new Response(204, null, Map.of());
        }
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
            Response r;
            try {
                r = route(ex);
            } catch (RedfishError e) {
                r = new Response(e.status, errorBody(e), e.headers);
            } catch (RuntimeException e) {
                r = new Response(500, errorBody(new RedfishError(500, "InternalError",
                        "The request failed due to an internal service error.")), Map.of());
            }
            send(ex, r);
        }
    }

    private static void drain(InputStream in) throws IOException {
        in.readNBytes(MAX_BODY);
        in.close();
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
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

    private static JsonObject errorBody(RedfishError e) {
        JsonObject info = new JsonObject();
        info.addProperty("@odata.type", "#Message.v1_1_1.Message");
        info.addProperty("MessageId", MSG + e.messageId);
        info.addProperty("Message", e.getMessage());
        JsonArray args = new JsonArray();
        e.args.forEach(args::add);
        info.add("MessageArgs", args);
        info.addProperty("Severity", e.status >= 500 ? "Critical" : "Warning");
        info.addProperty("Resolution", resolution(e.messageId));
        JsonObject error = new JsonObject();
        error.addProperty("code", MSG + e.messageId);
        error.addProperty("message", e.getMessage());
        JsonArray ext = new JsonArray();
        ext.add(info);
        error.add("@Message.ExtendedInfo", ext);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }

    private static String resolution(String messageId) {
        return switch (messageId) {
            case "NoValidSession" -> "Establish a session before retrying, or use valid credentials.";
            case "InsufficientPrivilege" -> "Use an account with the privilege the operation requires.";
            case "ResourceMissingAtURI" -> "Provide a valid URI and resubmit the request.";
            case "PreconditionFailed" -> "Read the resource again for its current ETag and resubmit the request.";
            case "PreconditionRequired" -> "Read the resource's ETag and resubmit the request with If-Match.";
            case "SessionLimitExceeded" -> "Close unused sessions and retry.";
            default -> "Correct the request and resubmit it.";
        };
    }

    // ---------------------------------------------------------------------------------------------------------

    private Response route(HttpExchange ex) throws IOException, RedfishError {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/redfish")) {
            allow(method, "GET");
            JsonObject v = new JsonObject();
            v.addProperty("v1", ROOT + "/");
            return Response.ok(v);
        }
        if (path.equals(ROOT)) {
            allow(method, "GET");
            return Response.ok(serviceRoot());
        }
        if (!path.startsWith(ROOT + "/")) {
            throw notFound(path);
        }
        String[] seg = path.substring(ROOT.length() + 1).split("/");
        if (path.equals(SESSIONS) && method.equals("POST")) {
            return login(ex);
        }
        Caller caller = authenticate(ex);
        JsonObject body = method.equals("POST") || method.equals("PATCH") ? readJson(ex) : null;
        try {
            synchronized (sim.lock) {
                return switch (seg[0]) {
                    case "SessionService" -> sessionService(method, seg, caller, path);
                    case "Systems" -> systems(ex, method, seg, caller, body, path);
                    case "Chassis" -> chassis(method, seg, path);
                    case "Managers" -> managers(method, seg, caller, path);
                    default -> throw notFound(path);
                };
            }
        } finally {
            sim.firePowerChanges();
        }
    }

    private static void allow(String method, String... allowed) throws RedfishError {
        for (String a : allowed) {
            if (a.equals(method) || (a.equals("GET") && method.equals("HEAD"))) {
                return;
            }
        }
        throw new RedfishError(405, "OperationNotAllowed", "The HTTP method " + method
                + " is not allowed on this resource.", List.of(method), Map.of("Allow", String.join(", ", allowed)));
    }

    private static RedfishError notFound(String path) {
        return new RedfishError(404, "ResourceMissingAtURI", "The resource at the URI " + path + " was not found.",
                path);
    }

    private static RedfishError forbidden() {
        return new RedfishError(403, "InsufficientPrivilege",
                "There are insufficient privileges for the account or credentials associated with the current "
                        + "session to perform the requested operation.");
    }

    private static void requireRole(Caller c, SimulatorConfig.Role... roles) throws RedfishError {
        for (SimulatorConfig.Role r : roles) {
            if (c.user().role() == r) {
                return;
            }
        }
        throw forbidden();
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

    // --- authentication -----------------------------------------------------------------------------------

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
        throw new RedfishError(401, "NoValidSession",
                "There is no valid session established with the implementation.", List.of(),
                Map.of("WWW-Authenticate", "Basic realm=\"Redfish\""));
    }

    private Response login(HttpExchange ex) throws IOException, RedfishError {
        JsonObject body = readJson(ex);
        String user = string(body, "UserName");
        String password = string(body, "Password");
        if (user == null || password == null) {
            throw new RedfishError(400, "PropertyMissing", "The property " + (user == null ? "UserName" : "Password")
                    + " is a required property and must be included in the request.",
                    user == null ? "UserName" : "Password");
        }
        SimulatorConfig.User u = sim.sessions.authenticate(user, password);
        if (u == null) {
            throw new RedfishError(401, "NoValidSession",
                    "There is no valid session established with the implementation.");
        }
        SessionStore.Session s;
        try {
            s = sim.sessions.open(u);
        } catch (SessionStore.LimitExceeded e) {
            throw new RedfishError(503, "SessionLimitExceeded", "The session establishment failed due to the "
                    + "number of simultaneous sessions exceeding the limit of the implementation.");
        }
        return new Response(201, session(s),
                Map.of("X-Auth-Token", s.token(), "Location", SESSIONS + "/" + s.id()));
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    // --- resources ------------------------------------------------------------------------------------------

    private static JsonObject resource(String type, String id, String odataId, String name) {
        JsonObject o = new JsonObject();
        o.addProperty("@odata.type", type);
        o.addProperty("@odata.id", odataId);
        o.addProperty("Id", id);
        o.addProperty("Name", name);
        return o;
    }

    private static JsonObject link(String odataId) {
        JsonObject o = new JsonObject();
        o.addProperty("@odata.id", odataId);
        return o;
    }

    private static JsonArray links(List<String> ids) {
        JsonArray a = new JsonArray();
        ids.forEach(i -> a.add(link(i)));
        return a;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static JsonObject collection(String type, String odataId, String name, List<String> members) {
        JsonObject o = new JsonObject();
        o.addProperty("@odata.type", type);
        o.addProperty("@odata.id", odataId);
        o.addProperty("Name", name);
        o.addProperty("Members@odata.count", members.size());
        o.add("Members", links(members));
        return o;
    }

    private static JsonObject status(String state) {
        JsonObject s = new JsonObject();
        s.addProperty("State", state);
        s.addProperty("Health", "OK");
        return s;
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
        o.add("SessionService", link(ROOT + "/SessionService"));
        JsonObject l = new JsonObject();
        l.add("Sessions", link(SESSIONS));
        o.add("Links", l);
        return o;
    }

    private JsonObject session(SessionStore.Session s) {
        JsonObject o = resource("#Session.v1_0_0.Session", s.id(), SESSIONS + "/" + s.id(), "User Session");
        o.addProperty("UserName", s.user().name());
        return o;
    }

    private Response sessionService(String method, String[] seg, Caller caller, String path) throws RedfishError {
        if (seg.length == 1) {
            allow(method, "GET");
            JsonObject o = resource("#SessionService.v1_1_3.SessionService", "SessionService",
                    ROOT + "/SessionService", "Session Service");
            o.addProperty("ServiceEnabled", true);
            o.addProperty("SessionTimeout", Math.max(1, sim.config.sessionTimeout().toSeconds()));
            o.add("Status", status("Enabled"));
            o.add("Sessions", link(SESSIONS));
            return Response.ok(o);
        }
        if (!seg[1].equals("Sessions") || seg.length > 3) {
            throw notFound(path);
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
            return Response.ok(collection("#SessionCollection.SessionCollection", SESSIONS, "Session Collection",
                    ids));
        }
        SessionStore.Session s = sim.sessions.byId(seg[2]);
        if (s == null || !(admin || s.user() == caller.user())) {
            throw notFound(path);
        }
        allow(method, "GET", "DELETE");
        if (method.equals("DELETE")) {
            sim.sessions.close(s.id());
            return Response.noContent();
        }
        return Response.ok(session(s));
    }

    // --- systems --------------------------------------------------------------------------------------------

    private SimulatedSystem system(String id, String path) throws RedfishError {
        SimulatedSystem s = sim.systems.get(id);
        if (s == null) {
            throw notFound(path);
        }
        return s;
    }

    private Response systems(HttpExchange ex, String method, String[] seg, Caller caller, JsonObject body,
            String path) throws RedfishError {
        if (seg.length == 1) {
            allow(method, "GET");
            return Response.ok(collection("#ComputerSystemCollection.ComputerSystemCollection", ROOT + "/Systems",
                    "Computer System Collection", sim.systems.keySet().stream().map(i -> ROOT + "/Systems/" + i)
                            .toList()));
        }
        SimulatedSystem s = system(seg[1], path);
        if (seg.length == 2) {
            allow(method, "GET", "PATCH");
            if (method.equals("PATCH")) {
                requireRole(caller, SimulatorConfig.Role.Administrator, SimulatorConfig.Role.Operator);
                patchSystem(ex, s, body);
            }
            return new Response(200, computerSystem(s), Map.of("ETag", s.etag()));
        }
        if (seg.length == 4 && seg[2].equals("Actions") && seg[3].equals("ComputerSystem.Reset")) {
            allow(method, "POST");
            return reset(s, caller, body);
        }
        throw notFound(path);
    }

    private JsonObject computerSystem(SimulatedSystem s) {
        String id = s.spec.id();
        String uri = ROOT + "/Systems/" + id;
        JsonObject o = resource("#ComputerSystem.v1_13_0.ComputerSystem", id, uri, "Computer System " + id);
        o.addProperty("@odata.etag", s.etag());
        o.addProperty("SystemType", "Physical");
        o.addProperty("Manufacturer", s.spec.manufacturer());
        o.addProperty("Model", s.spec.model());
        o.addProperty("SerialNumber", s.spec.serialNumber());
        o.addProperty("AssetTag", s.assetTag());
        o.addProperty("UUID", UUID.nameUUIDFromBytes(("underlay-sim/" + id + "/" + s.spec.serialNumber())
                .getBytes(StandardCharsets.UTF_8)).toString());
        o.addProperty("HostName", "host-" + id);
        String power = s.powerState();
        o.addProperty("PowerState", power);
        o.addProperty("IndicatorLED", s.indicatorLed());
        o.addProperty("LocationIndicatorActive", !s.indicatorLed().equals("Off"));
        o.add("Status", status(power.equals("Off") ? "StandbyOffline" : "Enabled"));
        JsonObject boot = new JsonObject();
        boot.addProperty("BootSourceOverrideEnabled", s.bootEnabled());
        boot.addProperty("BootSourceOverrideTarget", s.bootTarget());
        boot.add("BootSourceOverrideTarget@Redfish.AllowableValues", strings(SimulatorConfig.BOOT_TARGETS));
        boot.addProperty("BootSourceOverrideMode", s.bootMode());
        boot.add("BootSourceOverrideMode@Redfish.AllowableValues", strings(List.of("UEFI", "Legacy")));
        o.add("Boot", boot);
        JsonObject cpu = new JsonObject();
        cpu.addProperty("Count", 2);
        cpu.addProperty("Model", "Simulated CPU");
        cpu.add("Status", status("Enabled"));
        o.add("ProcessorSummary", cpu);
        JsonObject mem = new JsonObject();
        mem.addProperty("TotalSystemMemoryGiB", 256);
        mem.add("Status", status("Enabled"));
        o.add("MemorySummary", mem);
        JsonObject reset = new JsonObject();
        reset.addProperty("target", uri + "/Actions/ComputerSystem.Reset");
        reset.add("ResetType@Redfish.AllowableValues", strings(sim.config.resetTypes()));
        JsonObject actions = new JsonObject();
        actions.add("#ComputerSystem.Reset", reset);
        o.add("Actions", actions);
        JsonObject l = new JsonObject();
        l.add("Chassis", links(List.of(ROOT + "/Chassis/" + id)));
        l.add("ManagedBy", links(List.of(ROOT + "/Managers/" + MANAGER_ID)));
        o.add("Links", l);
        return o;
    }

    private static final List<String> READ_ONLY_SYSTEM_PROPERTIES = List.of("Id", "Name", "SystemType",
            "Manufacturer", "Model", "SerialNumber", "UUID", "HostName", "PowerState", "Status", "ProcessorSummary",
            "MemorySummary", "Actions", "Links", "@odata.id", "@odata.type", "@odata.etag");

    private void patchSystem(HttpExchange ex, SimulatedSystem s, JsonObject body) throws RedfishError {
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        if (ifMatch == null) {
            if (sim.config.bootPatchRequiresIfMatch()) {
                throw new RedfishError(428, "PreconditionRequired", "A precondition header or annotation is "
                        + "required to change the resource at " + ROOT + "/Systems/" + s.spec.id() + ".");
            }
        } else if (!etagMatches(ifMatch, s.etag())) {
            throw new RedfishError(412, "PreconditionFailed",
                    "The ETag supplied did not match the ETag required to change this resource.");
        }
        // validate everything first: a PATCH applies completely or not at all
        String target = null;
        String enabled = null;
        String mode = null;
        String led = null;
        String assetTag = null;
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            switch (e.getKey()) {
                case "Boot" -> {
                    if (!e.getValue().isJsonObject()) {
                        throw typeError("Boot", e.getValue());
                    }
                    for (Map.Entry<String, JsonElement> b : e.getValue().getAsJsonObject().entrySet()) {
                        switch (b.getKey()) {
                            case "BootSourceOverrideTarget" -> target = oneOf(b, SimulatorConfig.BOOT_TARGETS);
                            case "BootSourceOverrideEnabled" -> enabled = oneOf(b,
                                    List.of("Once", "Continuous", "Disabled"));
                            case "BootSourceOverrideMode" -> mode = oneOf(b, List.of("UEFI", "Legacy"));
                            default -> throw unknownProperty("Boot/" + b.getKey());
                        }
                    }
                }
                case "IndicatorLED" -> led = oneOf(e, List.of("Lit", "Blinking", "Off"));
                case "LocationIndicatorActive" -> {
                    if (!(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isBoolean())) {
                        throw typeError(e.getKey(), e.getValue());
                    }
                    led = e.getValue().getAsBoolean() ? "Lit" : "Off";
                }
                case "AssetTag" -> {
                    if (!(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString())) {
                        throw typeError(e.getKey(), e.getValue());
                    }
                    assetTag = e.getValue().getAsString();
                }
                default -> {
                    if (READ_ONLY_SYSTEM_PROPERTIES.contains(e.getKey())) {
                        throw new RedfishError(400, "PropertyNotWritable", "The property " + e.getKey()
                                + " is a read only property and cannot be assigned a value.", e.getKey());
                    }
                    throw unknownProperty(e.getKey());
                }
            }
        }
        if (target != null || enabled != null || mode != null) {
            s.setBoot(target, enabled, mode);
        }
        if (led != null) {
            s.setIndicatorLed(led);
        }
        if (assetTag != null) {
            s.setAssetTag(assetTag);
        }
    }

    /** Weak comparison (RFC 7232): W/ prefixes are ignored; "*" matches any. */
    static boolean etagMatches(String ifMatch, String current) {
        String cur = stripWeak(current);
        for (String candidate : ifMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || stripWeak(c).equals(cur)) {
                return true;
            }
        }
        return false;
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static RedfishError unknownProperty(String name) {
        return new RedfishError(400, "PropertyUnknown", "The property " + name
                + " is not in the list of valid properties for the resource.", name);
    }

    private static RedfishError typeError(String name, JsonElement value) {
        return new RedfishError(400, "PropertyValueTypeError", "The value " + value + " for the property " + name
                + " is of a different type than the property can accept.", String.valueOf(value), name);
    }

    private static String oneOf(Map.Entry<String, JsonElement> e, List<String> allowed) throws RedfishError {
        JsonElement v = e.getValue();
        if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
            throw typeError(e.getKey(), v);
        }
        if (!allowed.contains(v.getAsString())) {
            throw new RedfishError(400, "PropertyValueNotInList", "The value " + v.getAsString()
                    + " for the property " + e.getKey() + " is not in the list of acceptable values.",
                    v.getAsString(), e.getKey());
        }
        return v.getAsString();
    }

    private Response reset(SimulatedSystem s, Caller caller, JsonObject body) throws RedfishError {
        String action = "ComputerSystem.Reset";
        int status = 204;
        String type = null;
        JsonElement t = body.get("ResetType");
        if (t != null) {
            type = t.isJsonPrimitive() ? t.getAsString() : t.toString();
        }
        try {
            requireRole(caller, SimulatorConfig.Role.Administrator, SimulatorConfig.Role.Operator);
            if (t == null) {
                throw new RedfishError(400, "ActionParameterMissing", "The action " + action
                        + " requires the parameter ResetType to be present in the request body.", action,
                        "ResetType");
            }
            for (String k : body.keySet()) {
                if (!k.equals("ResetType")) {
                    throw new RedfishError(400, "ActionParameterNotSupported", "The parameter " + k
                            + " for the action " + action + " is not supported on the target resource.", k, action);
                }
            }
            if (!(t.isJsonPrimitive() && t.getAsJsonPrimitive().isString())
                    || !sim.config.resetTypes().contains(type)) {
                throw new RedfishError(400, "ActionParameterValueNotInList", "The value " + type
                        + " for the parameter ResetType in the action " + action
                        + " is not in the list of acceptable values.", type, "ResetType", action);
            }
            s.reset(type);
            return Response.noContent();
        } catch (RedfishError e) {
            status = e.status;
            throw e;
        } finally {
            sim.resets.add(new RedfishSimulator.ResetRequest(Instant.now(), s.spec.id(), type,
                    caller.user().name(), status));
        }
    }

    // --- chassis: sensors -----------------------------------------------------------------------------------

    private Response chassis(String method, String[] seg, String path) throws RedfishError {
        allow(method, "GET");
        if (seg.length == 1) {
            return Response.ok(collection("#ChassisCollection.ChassisCollection", ROOT + "/Chassis",
                    "Chassis Collection", sim.systems.keySet().stream().map(i -> ROOT + "/Chassis/" + i).toList()));
        }
        SimulatedSystem s = system(seg[1], path);
        String uri = ROOT + "/Chassis/" + s.spec.id();
        boolean on = s.powerState().equals("On");
        // index so that several systems do not all read the same values
        int k = new ArrayList<>(sim.systems.keySet()).indexOf(s.spec.id()) % 7;
        if (seg.length == 2) {
            JsonObject o = resource("#Chassis.v1_14_0.Chassis", s.spec.id(), uri, "Chassis " + s.spec.id());
            o.addProperty("ChassisType", "RackMount");
            o.addProperty("Manufacturer", s.spec.manufacturer());
            o.addProperty("Model", s.spec.model());
            o.addProperty("SerialNumber", s.spec.serialNumber());
            o.addProperty("PowerState", s.powerState());
            o.addProperty("IndicatorLED", s.indicatorLed());
            o.add("Status", status("Enabled"));
            o.add("Thermal", link(uri + "/Thermal"));
            o.add("Power", link(uri + "/Power"));
            JsonObject l = new JsonObject();
            l.add("ComputerSystems", links(List.of(ROOT + "/Systems/" + s.spec.id())));
            l.add("ManagedBy", links(List.of(ROOT + "/Managers/" + MANAGER_ID)));
            o.add("Links", l);
            return Response.ok(o);
        }
        if (seg.length == 3 && seg[2].equals("Thermal")) {
            JsonObject o = resource("#Thermal.v1_7_0.Thermal", "Thermal", uri + "/Thermal", "Thermal");
            JsonArray temps = new JsonArray();
            temps.add(temperature(uri, 0, "CPU1 Temp", "CPU", on ? 52 + k : 26 + k % 3));
            temps.add(temperature(uri, 1, "CPU2 Temp", "CPU", on ? 49 + k : 26 + k % 3));
            temps.add(temperature(uri, 2, "Inlet Temp", "Intake", 22 + k % 3));
            o.add("Temperatures", temps);
            JsonArray fans = new JsonArray();
            for (int i = 0; i < 4; i++) {
                JsonObject f = new JsonObject();
                f.addProperty("@odata.id", uri + "/Thermal#/Fans/" + i);
                f.addProperty("MemberId", Integer.toString(i));
                f.addProperty("Name", "Fan" + (i + 1));
                f.addProperty("PhysicalContext", "SystemBoard");
                f.addProperty("Reading", on ? 7200 + 120 * i + 60 * k : 0);
                f.addProperty("ReadingUnits", "RPM");
                f.addProperty("LowerThresholdCritical", 600);
                f.add("Status", status(on ? "Enabled" : "StandbyOffline"));
                fans.add(f);
            }
            o.add("Fans", fans);
            return Response.ok(o);
        }
        if (seg.length == 3 && seg[2].equals("Power")) {
            JsonObject o = resource("#Power.v1_6_0.Power", "Power", uri + "/Power", "Power");
            int watts = on ? 210 + 5 * k : 9;
            JsonObject pc = new JsonObject();
            pc.addProperty("@odata.id", uri + "/Power#/PowerControl/0");
            pc.addProperty("MemberId", "0");
            pc.addProperty("Name", "System Power Control");
            pc.addProperty("PowerConsumedWatts", watts);
            pc.addProperty("PowerCapacityWatts", 800);
            JsonObject metrics = new JsonObject();
            metrics.addProperty("IntervalInMin", 1);
            metrics.addProperty("MinConsumedWatts", on ? watts - 12 : watts);
            metrics.addProperty("MaxConsumedWatts", on ? watts + 25 : watts);
            metrics.addProperty("AverageConsumedWatts", watts);
            pc.add("PowerMetrics", metrics);
            pc.add("Status", status("Enabled"));
            JsonArray control = new JsonArray();
            control.add(pc);
            o.add("PowerControl", control);
            JsonArray volts = new JsonArray();
            volts.add(voltage(uri, 0, "P12V", on ? 12.06 : 0.0, 12));
            volts.add(voltage(uri, 1, "P5V", on ? 5.02 : 0.0, 5));
            volts.add(voltage(uri, 2, "P3V3_STBY", 3.31, 3.3));
            o.add("Voltages", volts);
            JsonArray psus = new JsonArray();
            for (int i = 0; i < 2; i++) {
                JsonObject p = new JsonObject();
                p.addProperty("@odata.id", uri + "/Power#/PowerSupplies/" + i);
                p.addProperty("MemberId", Integer.toString(i));
                p.addProperty("Name", "PSU" + (i + 1));
                p.addProperty("PowerCapacityWatts", 800);
                p.addProperty("LastPowerOutputWatts", watts / 2);
                p.addProperty("LineInputVoltage", 230);
                p.add("Status", status("Enabled"));
                psus.add(p);
            }
            o.add("PowerSupplies", psus);
            return Response.ok(o);
        }
        throw notFound(path);
    }

    private static JsonObject temperature(String uri, int i, String name, String context, int celsius) {
        JsonObject t = new JsonObject();
        t.addProperty("@odata.id", uri + "/Thermal#/Temperatures/" + i);
        t.addProperty("MemberId", Integer.toString(i));
        t.addProperty("Name", name);
        t.addProperty("SensorNumber", i + 1);
        t.addProperty("ReadingCelsius", celsius);
        t.addProperty("UpperThresholdNonCritical", context.equals("CPU") ? 85 : 40);
        t.addProperty("UpperThresholdCritical", context.equals("CPU") ? 95 : 45);
        t.addProperty("UpperThresholdFatal", context.equals("CPU") ? 100 : 50);
        t.addProperty("PhysicalContext", context);
        t.add("Status", status("Enabled"));
        return t;
    }

    private static JsonObject voltage(String uri, int i, String name, double volts, double nominal) {
        JsonObject v = new JsonObject();
        v.addProperty("@odata.id", uri + "/Power#/Voltages/" + i);
        v.addProperty("MemberId", Integer.toString(i));
        v.addProperty("Name", name);
        v.add("ReadingVolts", new JsonPrimitive(volts));
        v.addProperty("UpperThresholdCritical", Math.round(nominal * 110) / 100.0);
        v.addProperty("LowerThresholdCritical", Math.round(nominal * 90) / 100.0);
        v.addProperty("PhysicalContext", "VoltageRegulator");
        v.add("Status", status(volts == 0 ? "StandbyOffline" : "Enabled"));
        return v;
    }

    // --- managers -------------------------------------------------------------------------------------------

    private Response managers(String method, String[] seg, Caller caller, String path) throws RedfishError {
        if (seg.length == 1) {
            allow(method, "GET");
            return Response.ok(collection("#ManagerCollection.ManagerCollection", ROOT + "/Managers",
                    "Manager Collection", List.of(ROOT + "/Managers/" + MANAGER_ID)));
        }
        if (!seg[1].equals(MANAGER_ID)) {
            throw notFound(path);
        }
        String uri = ROOT + "/Managers/" + MANAGER_ID;
        if (seg.length == 2) {
            allow(method, "GET");
            JsonObject o = resource("#Manager.v1_10_0.Manager", MANAGER_ID, uri, "Manager");
            o.addProperty("ManagerType", "BMC");
            o.addProperty("Manufacturer", "Underlay");
            o.addProperty("Model", "Redfish BMC simulator");
            o.addProperty("FirmwareVersion", "underlay-sim-0.1");
            o.addProperty("UUID", serviceUuid);
            o.addProperty("PowerState", "On");
            o.addProperty("DateTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    Instant.now().atOffset(ZoneOffset.UTC).withNano(0)));
            o.add("Status", status("Enabled"));
            JsonObject reset = new JsonObject();
            reset.addProperty("target", uri + "/Actions/Manager.Reset");
            reset.add("ResetType@Redfish.AllowableValues", strings(List.of("GracefulRestart")));
            JsonObject actions = new JsonObject();
            actions.add("#Manager.Reset", reset);
            o.add("Actions", actions);
            JsonObject l = new JsonObject();
            l.add("ManagerForServers", links(sim.systems.keySet().stream().map(i -> ROOT + "/Systems/" + i)
                    .toList()));
            l.add("ManagerForChassis", links(sim.systems.keySet().stream().map(i -> ROOT + "/Chassis/" + i)
                    .toList()));
            o.add("Links", l);
            return Response.ok(o);
        }
        if (seg.length == 4 && seg[2].equals("Actions") && seg[3].equals("Manager.Reset")) {
            allow(method, "POST");
            requireRole(caller, SimulatorConfig.Role.Administrator);
            // a simulated BMC restarts instantly; its sessions survive (they live in this process)
            return Response.noContent();
        }
        throw notFound(path);
    }
}
