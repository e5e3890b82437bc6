package org.underlay.bmc.redfish;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.redfish.RedfishHttp.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A Redfish session with one BMC and one of its computer systems. Opened by {@link RedfishDriver}; see the options
 * there. Logs out (DELETE of the session) on {@link #close()}, also when opening fails half-way.
 */
public final class RedfishClient implements BmcClient {

    private static final String SERVICE_ROOT = "/redfish/v1/";

    private final BmcEndpoint endpoint;
    private final RedfishHttp http;
    private final String user;
    private char[] password;
    private final String authMode;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private JsonObject root;
    private String sessionUri;
    private String systemPath;
    private boolean usingSession;

    private RedfishClient(BmcEndpoint endpoint, RedfishHttp http, Credentials credentials, String authMode) {
        this.endpoint = endpoint;
        this.http = http;
        this.user = credentials.user();
        this.password = credentials.password();
        this.authMode = authMode;
    }

    static RedfishClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
        String scheme = endpoint.option(RedfishDriver.SCHEME, "https").toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": " + RedfishDriver.SCHEME
                    + " must be https or http, not " + scheme);
        }
        if (scheme.equals("http") && !endpoint.allows(InsecureOption.TLS_UNVERIFIED)) {
            throw new BmcException(Kind.INSECURE_REFUSED, endpoint.address() + ": plain HTTP would send the "
                    + "password unprotected; the binding must allow TLS_UNVERIFIED for " + RedfishDriver.SCHEME
                    + "=http");
        }
        String authMode = endpoint.option(RedfishDriver.AUTH, "auto");
        if (!List.of("auto", "session", "basic").contains(authMode)) {
            throw new BmcException(Kind.UNSUPPORTED, endpoint.address() + ": " + RedfishDriver.AUTH
                    + " must be auto, session or basic");
        }
        RedfishTls tls = scheme.equals("https") ? RedfishTls.of(endpoint) : null;
        String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
        URI base = URI.create(scheme + "://" + host + ":" + endpoint.port());
        RedfishClient c = new RedfishClient(endpoint, new RedfishHttp(endpoint, base, tls), credentials, authMode);
        boolean ok = false;
        try {
            c.connect(Deadline.after(endpoint.timeout()));
            ok = true;
            return c;
        } finally {
            if (!ok) {
                c.close();
            }
        }
    }

    private void connect(Deadline dl) throws BmcException {
        Reply r = http.sendUnauthenticated("GET", SERVICE_ROOT, null, dl, "read the service root");
        if (r.status() == 404 || r.json() == null || !r.ok()) {
            throw new BmcException(r.status() == 404 ? Kind.UNSUPPORTED : Kind.PROTOCOL, address()
                    + ": no Redfish service root at " + SERVICE_ROOT + " (HTTP " + r.status() + ")");
        }
        root = r.json();
        if (link(root, "Systems") == null) {
            throw new BmcException(Kind.UNSUPPORTED, address() + ": the Redfish service lists no Systems");
        }
        login(dl);
        selectSystem(dl);
    }

    private void login(Deadline dl) throws BmcException {
        if (!authMode.equals("basic")) {
            String sessions = link(root.has("Links") ? root.getAsJsonObject("Links") : null, "Sessions");
            if (sessions == null) {
                sessions = "/redfish/v1/SessionService/Sessions";
            }
            byte[] body = loginBody();
            Reply r;
            try {
                r = http.sendUnauthenticated("POST", sessions, body, dl, "log in");
            } finally {
                Arrays.fill(body, (byte) 0);
            }
            if (r.status() == 401 || r.status() == 403) {
                throw authFailed(r.status());
            }
            String token = r.header("X-Auth-Token").orElse(null);
            if (r.ok() && token != null) {
                http.authenticateWith("X-Auth-Token", token);
                sessionUri = r.header("Location").orElse(r.json() == null ? null : string(r.json(),
                        "@odata.id"));
                usingSession = true;
                return;
            }
            if (authMode.equals("session")) {
                // no BMC text here: an answer to the login request might echo what was submitted
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the BMC did not open a session (HTTP "
                        + r.status() + ")");
            }
            // auto: no session service, or sessions exhausted: fall back to Basic, like sushy does
        }
        String basic = user + ":" + new String(password);
        http.authenticateWith("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                basic.getBytes(StandardCharsets.UTF_8)));
        usingSession = false;
        Reply r = http.send("GET", link(root, "Systems"), null, null, dl, "log in (Basic)");
        if (r.status() == 401 || r.status() == 403) {
            throw authFailed(r.status());
        }
    }

    private BmcException authFailed(int status) {
        return new BmcException(Kind.AUTH_FAILED, address() + ": the BMC refused user '" + user + "' (HTTP "
                + status + "); check the user name and password of this binding");
    }

    /** {"UserName":…,"Password":…} built from the char[] so the password never becomes a String here. */
    private byte[] loginBody() {
        StringBuilder head = new StringBuilder("{\"UserName\":");
        appendJsonString(head, user.toCharArray());
        head.append(",\"Password\":");
        char[] quoted = jsonString(password);
        CharBuffer all = CharBuffer.allocate(head.length() + quoted.length + 1);
        all.append(head).put(quoted).put('}').flip();
        Arrays.fill(quoted, '\0');
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(all);
        Arrays.fill(all.array(), '\0');
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return out;
    }

    private static void appendJsonString(StringBuilder sb, char[] s) {
        sb.append(jsonString(s));
    }

    private static char[] jsonString(char[] s) {
        CharBuffer b = CharBuffer.allocate(s.length * 6 + 2);
        b.put('"');
        for (char c : s) {
            if (c == '"' || c == '\\') {
                b.put('\\').put(c);
            } else if (c < 0x20) {
                b.put(String.format("\\u%04x", (int) c));
            } else {
                b.put(c);
            }
        }
        b.put('"').flip();
        char[] out = new char[b.remaining()];
        b.get(out);
        Arrays.fill(b.array(), '\0');
        return out;
    }

    private void selectSystem(Deadline dl) throws BmcException {
        JsonObject coll = get(link(root, "Systems"), dl, "list the computer systems");
        List<String> members = members(coll);
        String wanted = endpoint.option(RedfishDriver.SYSTEM, null);
        if (wanted != null) {
            for (String m : members) {
                if (m.equals(wanted) || lastSegment(m).equals(wanted)) {
                    systemPath = m;
                    return;
                }
            }
            throw new BmcException(Kind.UNSUPPORTED, address() + ": the BMC has no computer system '" + wanted
                    + "' (it has " + ids(members) + ")");
        }
        if (members.size() != 1) {
            throw new BmcException(Kind.UNSUPPORTED, address() + ": the BMC manages " + members.size()
                    + " computer systems " + ids(members) + "; choose one with the option " + RedfishDriver.SYSTEM);
        }
        systemPath = members.get(0);
    }

    private static List<String> ids(List<String> members) {
        return members.stream().map(RedfishClient::lastSegment).toList();
    }

    private static String lastSegment(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    // --- calls ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Call<T> {
        T run(Deadline dl) throws BmcException;
    }

    private <T> T call(String what, Call<T> body) throws BmcException {
        return call(what, endpoint.timeout(), body);
    }

    private <T> T call(String what, Duration budget, Call<T> body) throws BmcException {
        if (closed.get()) {
            throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
        }
        try {
            if (!lock.tryLock(budget.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BmcException(Kind.TIMEOUT, address() + ": " + what + ": another call on this client did "
                        + "not finish within " + budget.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw http.cancelled(what);
        }
        try {
            if (closed.get()) {
                throw new BmcException(Kind.CANCELLED, address() + ": " + what + " on a closed client");
            }
            return body.run(Deadline.after(budget));
        } finally {
            lock.unlock();
        }
    }

    /** Sends and checks the status; on 401 of an expired session logs in again once. */
    private Reply exchange(String method, String path, JsonObject body, String ifMatch, Deadline dl, String what)
            throws BmcException {
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        Reply r = http.send(method, path, bytes, ifMatch, dl, what);
        if (r.status() == 401 && usingSession) {
            // sessions expire on real BMCs; one new login, then the same request again
            sessionUri = null;
            http.clearAuthentication();
            login(dl);
            r = http.send(method, path, bytes, ifMatch, dl, what);
        }
        return r;
    }

    private JsonObject get(String path, Deadline dl, String what) throws BmcException {
        Reply r = exchange("GET", path, null, null, dl, what);
        check(r, what, path);
        if (r.json() == null) {
            throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": empty answer for " + path);
        }
        return r.json();
    }

    private Reply getReply(String path, Deadline dl, String what) throws BmcException {
        Reply r = exchange("GET", path, null, null, dl, what);
        check(r, what, path);
        if (r.json() == null) {
            throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": empty answer for " + path);
        }
        return r;
    }

    private void check(Reply r, String what, String path) throws BmcException {
        int s = r.status();
        if (r.ok()) {
            return;
        }
        String detail = " (HTTP " + s + redfishMessage(r) + ")";
        throw switch (s) {
            case 401 -> new BmcException(Kind.AUTH_FAILED, address() + ": " + what + ": the BMC no longer accepts "
                    + "user '" + user + "'" + detail);
            case 403 -> new BmcException(Kind.AUTH_FAILED, address() + ": " + what + ": user '" + user
                    + "' lacks the privilege" + detail);
            case 404, 405, 501 -> new BmcException(Kind.UNSUPPORTED, address() + ": " + what
                    + ": this BMC does not provide " + path + detail);
            case 400 -> new BmcException(messageId(r).matches(".*(NotInList|NotSupported|Unknown).*")
                    ? Kind.UNSUPPORTED : Kind.PROTOCOL, address() + ": " + what + ": the BMC refused the request"
                    + detail);
            case 412 -> new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the resource changed while "
                    + "it was being modified" + detail);
            default -> new BmcException(Kind.PROTOCOL, address() + ": " + what + ": unexpected answer" + detail);
        };
    }

    private static String messageId(Reply r) {
        JsonObject err = r.json() == null ? null : object(r.json(), "error");
        if (err == null) {
            return "";
        }
        JsonArray ext = array(err, "@Message.ExtendedInfo");
        if (ext != null && !ext.isEmpty() && ext.get(0).isJsonObject()) {
            String id = string(ext.get(0).getAsJsonObject(), "MessageId");
            if (id != null) {
                return id;
            }
        }
        String code = string(err, "code");
        return code == null ? "" : code;
    }

    /** ": <the BMC's own message>", short and printable, or "". Never used for the login request. */
    private static String redfishMessage(Reply r) {
        JsonObject err = r.json() == null ? null : object(r.json(), "error");
        if (err == null) {
            return "";
        }
        String m = null;
        JsonArray ext = array(err, "@Message.ExtendedInfo");
        if (ext != null && !ext.isEmpty() && ext.get(0).isJsonObject()) {
            m = string(ext.get(0).getAsJsonObject(), "Message");
        }
        if (m == null) {
            m = string(err, "message");
        }
        if (m == null) {
            return "";
        }
        m = m.replaceAll("\\p{Cntrl}", " ");
        return ": " + (m.length() > 300 ? m.substring(0, 300) + "…" : m);
    }

    // --- SPI ----------------------------------------------------------------------------------------------

    @Override
    public BmcEndpoint endpoint() {
        return endpoint;
    }

    private String address() {
        return endpoint.address();
    }

    @Override
    public PowerState powerState() throws BmcException {
        return call("read the power state", dl -> toPowerState(rawPowerState(dl)));
    }

    /** The Redfish PowerState as the BMC reports it: On, Off, PoweringOn, PoweringOff, Paused. */
    public String redfishPowerState() throws BmcException {
        return call("read the power state", this::rawPowerState);
    }

    private String rawPowerState(Deadline dl) throws BmcException {
        String s = string(get(systemPath, dl, "read the power state"), "PowerState");
        if (s == null) {
            throw new BmcException(Kind.PROTOCOL, address() + ": the computer system reports no PowerState");
        }
        return s;
    }

    private PowerState toPowerState(String redfish) throws BmcException {
        return switch (redfish) {
            // a transition counts as the state it leaves until it completes
            case "On", "PoweringOff", "Paused" -> PowerState.ON;
            case "Off", "PoweringOn" -> PowerState.OFF;
            default -> throw new BmcException(Kind.PROTOCOL, address() + ": unknown PowerState '" + redfish + "'");
        };
    }

    /**
     * Waits until the BMC reports exactly {@code target} (not a transition towards it), polling; each poll is
     * bounded by the endpoint's timeout, the whole wait by {@code max}.
     */
    public void awaitPowerState(PowerState target, Duration max) throws BmcException {
        String wanted = target == PowerState.ON ? "On" : "Off";
        long end = System.nanoTime() + max.toNanos();
        String last = null;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new BmcException(Kind.TIMEOUT, address() + ": power state still " + last + " after "
                        + max.toMillis() + " ms of waiting for " + wanted);
            }
            Duration budget = Duration.ofNanos(Math.min(left, endpoint.timeout().toNanos()));
            try {
                last = call("wait for power " + wanted, budget, this::rawPowerState);
            } catch (BmcException e) {
                if (e.kind() == Kind.TIMEOUT && end - System.nanoTime() <= 0 && last != null) {
                    // the poll was cut by the end of the wait, not by a silent BMC
                    throw new BmcException(Kind.TIMEOUT, address() + ": power state still " + last + " after "
                            + max.toMillis() + " ms of waiting for " + wanted);
                }
                throw e;
            }
            if (last.equals(wanted)) {
                return;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw http.cancelled("wait for power " + wanted);
            }
        }
    }

    /** ResetType values in the order this driver prefers them for each action. */
    static List<String> resetTypesFor(PowerAction action) {
        return switch (action) {
            case ON -> List.of("On", "ForceOn");
            case OFF -> List.of("ForceOff");
            case CYCLE -> List.of("PowerCycle");
            case HARD_RESET -> List.of("ForceRestart");
            case SOFT_SHUTDOWN -> List.of("GracefulShutdown", "PushPowerButton");
        };
    }

    @Override
    public void power(PowerAction action) throws BmcException {
        String what = "power " + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        call(what, dl -> {
            JsonObject system = get(systemPath, dl, what);
            JsonObject reset = resetAction(system);
            if (reset == null || string(reset, "target") == null) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no "
                        + "ComputerSystem.Reset action");
            }
            List<String> allowed = allowedResetTypes(reset, dl);
            String type = null;
            for (String candidate : resetTypesFor(action)) {
                if (allowed == null || allowed.contains(candidate)) {
                    type = candidate;
                    break;
                }
            }
            if (type == null) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": " + what + " needs ResetType "
                        + String.join(" or ", resetTypesFor(action)) + ", but this BMC allows only " + allowed);
            }
            JsonObject body = new JsonObject();
            body.addProperty("ResetType", type);
            String target = string(reset, "target");
            Reply r = exchange("POST", target, body, null, dl, what);
            check(r, what + " (ResetType " + type + ")", target);
            return null;
        });
    }

    private static JsonObject resetAction(JsonObject system) {
        JsonObject actions = object(system, "Actions");
        return actions == null ? null : object(actions, "#ComputerSystem.Reset");
    }

    /** The allowable values, from the action or its ActionInfo; null when the BMC does not say. */
    private List<String> allowedResetTypes(JsonObject reset, Deadline dl) throws BmcException {
        JsonArray values = array(reset, "ResetType@Redfish.AllowableValues");
        if (values != null) {
            return strings(values);
        }
        String info = string(reset, "@Redfish.ActionInfo");
        if (info != null) {
            JsonObject ai = get(info, dl, "read the reset action's parameters");
            JsonArray params = array(ai, "Parameters");
            if (params != null) {
                for (JsonElement p : params) {
                    if (p.isJsonObject() && "ResetType".equals(string(p.getAsJsonObject(), "Name"))) {
                        JsonArray v = array(p.getAsJsonObject(), "AllowableValues");
                        return v == null ? null : strings(v);
                    }
                }
            }
        }
        return null;
    }

    private static final Map<String, BootDevice> TARGETS = Map.of("None", BootDevice.NONE, "Pxe", BootDevice.PXE,
            "Hdd", BootDevice.DISK, "Cd", BootDevice.CDROM, "BiosSetup", BootDevice.BIOS_SETUP);

    static String redfishTarget(BootDevice d) {
        return switch (d) {
            case NONE -> "None";
            case PXE -> "Pxe";
            case DISK -> "Hdd";
            case CDROM -> "Cd";
            case BIOS_SETUP -> "BiosSetup";
        };
    }

    @Override
    public BootOverride bootOverride() throws BmcException {
        return call("read the boot override", dl -> {
            JsonObject boot = object(get(systemPath, dl, "read the boot override"), "Boot");
            if (boot == null) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no Boot settings");
            }
            String enabled = string(boot, "BootSourceOverrideEnabled");
            String target = string(boot, "BootSourceOverrideTarget");
            BootMode mode = "Legacy".equals(string(boot, "BootSourceOverrideMode")) ? BootMode.LEGACY
                    : BootMode.UEFI;
            if (enabled == null || enabled.equals("Disabled") || target == null || target.equals("None")) {
                return new BootOverride(BootDevice.NONE, false, mode);
            }
            BootDevice device = TARGETS.get(target);
            if (device == null) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the boot override target '" + target
                        + "' has no equivalent in this tool (" + TARGETS.keySet() + ")");
            }
            return new BootOverride(device, enabled.equals("Continuous"), mode);
        });
    }

    @Override
    public void setBootOverride(BootOverride override) throws BmcException {
        String what = "set the boot override";
        call(what, dl -> {
            Reply current = getReply(systemPath, dl, what);
            JsonObject boot = object(current.json(), "Boot");
            if (boot == null) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no Boot settings");
            }
            String target = redfishTarget(override.device());
            JsonArray allowedTargets = array(boot, "BootSourceOverrideTarget@Redfish.AllowableValues");
            if (allowedTargets != null && !strings(allowedTargets).contains(target)) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC cannot boot from " + target
                        + " (it allows " + strings(allowedTargets) + ")");
            }
            JsonObject patchBoot = new JsonObject();
            patchBoot.addProperty("BootSourceOverrideTarget", target);
            patchBoot.addProperty("BootSourceOverrideEnabled", override.device() == BootDevice.NONE ? "Disabled"
                    : override.persistent() ? "Continuous" : "Once");
            String mode = override.mode() == BootMode.LEGACY ? "Legacy" : "UEFI";
            if (boot.has("BootSourceOverrideMode")) {
                JsonArray modes = array(boot, "BootSourceOverrideMode@Redfish.AllowableValues");
                if (modes != null && !strings(modes).contains(mode)) {
                    throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC cannot boot in " + mode
                            + " mode (it allows " + strings(modes) + ")");
                }
                patchBoot.addProperty("BootSourceOverrideMode", mode);
            } else if (override.mode() == BootMode.LEGACY) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC has no boot mode setting");
            }
            JsonObject patch = new JsonObject();
            patch.add("Boot", patchBoot);
            patchSystem(current, patch, dl, what);
            return null;
        });
    }

    /** PATCH with If-Match of the ETag just read; re-reads and retries once if another writer came between. */
    private void patchSystem(Reply current, JsonObject patch, Deadline dl, String what) throws BmcException {
        for (int attempt = 0;; attempt++) {
            String etag = current.header("ETag").orElse(string(current.json(), "@odata.etag"));
            Reply r = exchange("PATCH", systemPath, patch, etag, dl, what);
            if (r.status() == 412 && attempt == 0) {
                current = getReply(systemPath, dl, what);
                continue;
            }
            if (r.status() == 428) {
                throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": the BMC requires If-Match but "
                        + "gave no ETag for " + systemPath + redfishMessage(r));
            }
            check(r, what, systemPath);
            return;
        }
    }

    @Override
    public List<Sensor> sensors() throws BmcException {
        return call("read the sensors", dl -> {
            List<String> chassis = chassisPaths(dl);
            List<Sensor> out = new ArrayList<>();
            boolean any = false;
            for (String c : chassis) {
                JsonObject ch = get(c, dl, "read the chassis");
                String prefix = chassis.size() > 1 ? lastSegment(c) + " " : "";
                String thermal = link(ch, "Thermal");
                if (thermal != null) {
                    any = true;
                    JsonObject t = get(thermal, dl, "read the thermal sensors");
                    for (JsonObject s : objects(array(t, "Temperatures"))) {
                        out.add(sensor(prefix, s, Sensor.Type.TEMPERATURE, "ReadingCelsius", "degrees C"));
                    }
                    for (JsonObject s : objects(array(t, "Fans"))) {
                        String units = string(s, "ReadingUnits");
                        out.add(sensor(prefix, s, Sensor.Type.FAN, "Reading", "Percent".equals(units) ? "Percent"
                                : "RPM"));
                    }
                }
                String power = link(ch, "Power");
                if (power != null) {
                    any = true;
                    JsonObject p = get(power, dl, "read the power sensors");
                    for (JsonObject s : objects(array(p, "PowerControl"))) {
                        out.add(sensor(prefix, s, Sensor.Type.POWER, "PowerConsumedWatts", "Watts"));
                    }
                    for (JsonObject s : objects(array(p, "Voltages"))) {
                        out.add(sensor(prefix, s, Sensor.Type.VOLTAGE, "ReadingVolts", "Volts"));
                    }
                    for (JsonObject s : objects(array(p, "PowerSupplies"))) {
                        out.add(sensor(prefix, s, Sensor.Type.POWER, "LastPowerOutputWatts", "Watts"));
                    }
                }
            }
            if (!any) {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the BMC's chassis have no Thermal or "
                        + "Power resources");
            }
            return List.copyOf(out);
        });
    }

    private static Sensor sensor(String prefix, JsonObject s, Sensor.Type type, String readingField, String unit) {
        String name = string(s, "Name");
        if (name == null) {
            name = type.name().toLowerCase(java.util.Locale.ROOT) + " " + string(s, "MemberId");
        }
        JsonElement v = s.get(readingField);
        OptionalDouble value = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
                ? OptionalDouble.of(v.getAsDouble()) : OptionalDouble.empty();
        JsonObject status = object(s, "Status");
        String state = status == null ? null : string(status, "State");
        String health = status == null ? null : string(status, "Health");
        Sensor.Status st;
        if (value.isEmpty() || "Absent".equals(state) || "Disabled".equals(state)
                || "UnavailableOffline".equals(state)) {
            st = Sensor.Status.UNAVAILABLE;
        } else if ("Critical".equals(health)) {
            st = Sensor.Status.CRITICAL;
        } else if ("Warning".equals(health)) {
            st = Sensor.Status.WARNING;
        } else {
            st = Sensor.Status.OK;
        }
        return new Sensor(prefix + name, type, value, unit, st, "");
    }

    private List<String> chassisPaths(Deadline dl) throws BmcException {
        JsonObject system = get(systemPath, dl, "read the computer system");
        JsonObject links = object(system, "Links");
        List<String> paths = new ArrayList<>();
        for (JsonObject l : objects(links == null ? null : array(links, "Chassis"))) {
            String id = string(l, "@odata.id");
            if (id != null) {
                paths.add(id);
            }
        }
        if (paths.isEmpty() && root.has("Chassis")) {
            paths.addAll(members(get(link(root, "Chassis"), dl, "list the chassis")));
        }
        return paths;
    }

    @Override
    public Inventory inventory() throws BmcException {
        return call("read the inventory", dl -> {
            JsonObject s = get(systemPath, dl, "read the computer system");
            Map<String, String> details = new LinkedHashMap<>();
            for (String f : List.of("Manufacturer", "Model", "SKU", "PartNumber", "SerialNumber", "AssetTag", "UUID",
                    "HostName", "BiosVersion")) {
                String v = string(s, f);
                if (v != null && !v.isEmpty()) {
                    details.put("System " + f, v);
                }
            }
            String chassisSerial = "";
            List<String> chassis = chassisPaths(dl);
            if (!chassis.isEmpty()) {
                JsonObject c = get(chassis.get(0), dl, "read the chassis");
                for (String f : List.of("Manufacturer", "Model", "PartNumber", "SerialNumber", "AssetTag")) {
                    String v = string(c, f);
                    if (v != null && !v.isEmpty()) {
                        details.put("Chassis " + f, v);
                    }
                }
                chassisSerial = string(c, "SerialNumber");
            }
            return new Inventory(string(s, "Manufacturer"), string(s, "Model"), string(s, "PartNumber"),
                    string(s, "SerialNumber"), string(s, "AssetTag"), chassisSerial, "", details);
        });
    }

    @Override
    public void identify(Duration duration) throws BmcException {
        String what = "switch the identify LED";
        if (duration != null && !duration.isZero()) {
            throw new BmcException(Kind.UNSUPPORTED, address() + ": Redfish has no timed identify; switch it on "
                    + "without a duration and off with a zero duration");
        }
        boolean on = duration == null;
        call(what, dl -> {
            Reply current = getReply(systemPath, dl, what);
            JsonObject patch = new JsonObject();
            if (current.json().has("LocationIndicatorActive")) {
                patch.addProperty("LocationIndicatorActive", on);
            } else if (current.json().has("IndicatorLED")) {
                patch.addProperty("IndicatorLED", on ? "Lit" : "Off");
            } else {
                throw new BmcException(Kind.UNSUPPORTED, address() + ": the computer system has no indicator LED");
            }
            patchSystem(current, patch, dl, what);
            return null;
        });
    }

    @Override
    public Capabilities capabilities() throws BmcException {
        return call("read the capabilities", dl -> {
            JsonObject s = get(systemPath, dl, "read the computer system");
            JsonObject reset = resetAction(s);
            List<String> allowed = reset == null ? List.of() : allowedResetTypes(reset, dl);
            Set<PowerAction> actions = EnumSet.noneOf(PowerAction.class);
            if (reset != null) {
                for (PowerAction a : PowerAction.values()) {
                    if (allowed == null || resetTypesFor(a).stream().anyMatch(allowed::contains)) {
                        actions.add(a);
                    }
                }
            }
            JsonObject boot = object(s, "Boot");
            Set<BootDevice> devices = EnumSet.noneOf(BootDevice.class);
            Set<BootMode> modes = EnumSet.noneOf(BootMode.class);
            if (boot != null) {
                JsonArray targets = array(boot, "BootSourceOverrideTarget@Redfish.AllowableValues");
                for (BootDevice d : BootDevice.values()) {
                    if (targets == null || strings(targets).contains(redfishTarget(d))) {
                        devices.add(d);
                    }
                }
                JsonArray m = array(boot, "BootSourceOverrideMode@Redfish.AllowableValues");
                if (boot.has("BootSourceOverrideMode")) {
                    if (m == null || strings(m).contains("UEFI")) {
                        modes.add(BootMode.UEFI);
                    }
                    if (m == null || strings(m).contains("Legacy")) {
                        modes.add(BootMode.LEGACY);
                    }
                } else {
                    modes.add(BootMode.UEFI);
                }
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("redfishVersion", String.valueOf(string(root, "RedfishVersion")));
            putIfPresent(details, "product", string(root, "Product"));
            putIfPresent(details, "vendor", string(root, "Vendor"));
            details.put("system", systemPath);
            details.put("auth", usingSession ? "session" : "basic");
            details.put("resetTypes", allowed == null ? "not listed" : String.join(",", allowed));
            boolean sensors = false;
            for (String c : chassisPaths(dl)) {
                JsonObject ch = get(c, dl, "read the chassis");
                sensors |= ch.has("Thermal") || ch.has("Power");
            }
            JsonObject links = object(s, "Links");
            JsonArray managedBy = links == null ? null : array(links, "ManagedBy");
            if (managedBy != null && !managedBy.isEmpty() && managedBy.get(0).isJsonObject()) {
                String m = string(managedBy.get(0).getAsJsonObject(), "@odata.id");
                if (m != null) {
                    Reply mr = exchange("GET", m, null, null, dl, "read the manager");
                    if (mr.ok() && mr.json() != null) {
                        putIfPresent(details, "firmware", string(mr.json(), "FirmwareVersion"));
                        putIfPresent(details, "managerModel", string(mr.json(), "Model"));
                    }
                }
            }
            boolean identify = s.has("LocationIndicatorActive") || s.has("IndicatorLED");
            return new Capabilities("redfish", actions, devices, modes, sensors, true, identify, details);
        });
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** Sessions this client holds on the BMC: the session resource, or null with Basic auth. */
    public String sessionUri() {
        return sessionUri;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // end a call in flight on another thread, then log out (bounded) and release threads
        http.abort();
        boolean locked = false;
        try {
            locked = lock.tryLock(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            String s = sessionUri;
            if (s != null) {
                Duration budget = endpoint.timeout().compareTo(Duration.ofSeconds(3)) < 0 ? endpoint.timeout()
                        : Duration.ofSeconds(3);
                try {
                    http.sendFinal("DELETE", s, Deadline.after(budget), "log out");
                } catch (BmcException e) {
                    // best effort: the BMC ends the session by its own timeout
                }
                sessionUri = null;
            }
        } finally {
            http.clearAuthentication();
            http.shutdown();
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            if (locked) {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "RedfishClient[" + address() + ", user=" + user + ", system=" + systemPath + ", auth="
                + (usingSession ? "session" : "basic") + (closed.get() ? ", closed" : "") + "]";
    }

    // --- JSON helpers ---------------------------------------------------------------------------------------

    static String string(JsonObject o, String name) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    static JsonObject object(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static JsonArray array(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
    }

    /** The @odata.id of a navigation property. */
    static String link(JsonObject o, String name) {
        return string(object(o, name), "@odata.id");
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) {
            if (e.isJsonPrimitive()) {
                out.add(e.getAsString());
            }
        }
        return out;
    }

    static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        if (a != null) {
            for (JsonElement e : a) {
                if (e.isJsonObject()) {
                    out.add(e.getAsJsonObject());
                }
            }
        }
        return out;
    }

    private List<String> members(JsonObject collection) throws BmcException {
        JsonArray m = array(collection, "Members");
        if (m == null) {
            throw new BmcException(Kind.PROTOCOL, address() + ": a collection without Members");
        }
        List<String> out = new ArrayList<>();
        for (JsonObject o : objects(m)) {
            String id = string(o, "@odata.id");
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }
}
