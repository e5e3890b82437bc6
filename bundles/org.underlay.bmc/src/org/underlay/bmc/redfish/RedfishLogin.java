package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.link;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.string;
import static org.underlay.bmc.redfish.RedfishJson.trimSlash;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonObject;

/**
 * Authentication with one Redfish service: a session where the service offers one (DSP0266: POST to the session
 * collection of the service root's {@code Links.Sessions}), otherwise HTTP Basic. In {@code auto} mode a refused
 * session login (401, 403, 404, 405, a full session table, ...) is tried again with Basic, so that only a refusal
 * of Basic too reports a wrong user or password; a service that lists no sessions gets no login POST at all. The
 * password stays a char array, never becomes a String here, and is wiped by {@link #forget()}.
 */
final class RedfishLogin {

	private final RedfishHttp http;
	private final String user;
	private final String mode;
	private char[] password;
	/** The service root, which names the session collection and the Systems a Basic login is checked with. */
	private JsonObject root;
	private volatile String sessionUri;
	private volatile boolean usingSession;

	/** Copies the password now; the caller's credentials may be destroyed once the client is open. */
	RedfishLogin(RedfishHttp http, Credentials credentials, String mode) {
		this.http = http;
		this.user = credentials.user();
		this.password = credentials.password();
		this.mode = mode;
	}

	String user() {
		return user;
	}

	boolean usingSession() {
		return usingSession;
	}

	/** The session resource this client holds on the BMC, or null (Basic, or logged out). */
	String sessionUri() {
		return sessionUri;
	}

	private String address() {
		return http.address();
	}

	/**
	 * The session collection the service root names: {@code Links.Sessions}, or {@code Sessions} under a listed
	 * SessionService; null when the service offers no sessions.
	 */
	private String sessionsPath() {
		String sessions = link(object(root, "Links"), "Sessions");
		if (sessions == null) {
			String service = link(root, "SessionService");
			sessions = service == null ? null : trimSlash(service) + "/Sessions";
		}
		return sessions;
	}

	void login(JsonObject serviceRoot, Deadline dl) throws BmcException {
		this.root = serviceRoot;
		int sessionRefused = 0;
		if (!mode.equals("basic")) {
			String sessions = sessionsPath();
			if (sessions == null && mode.equals("session")) {
				throw new BmcException(Kind.UNSUPPORTED, address() + ": this BMC's Redfish service offers no "
						+ "sessions (its service root lists no SessionService); it takes Basic authentication only");
			}
			if (sessions != null) {
				Reply r = postLogin(sessions, dl);
				String token = r.header("X-Auth-Token").orElse(null);
				if (r.ok() && token != null) {
					http.authenticateWith("X-Auth-Token", token);
					sessionUri = r.header("Location").orElse(r.json() == null ? null : string(r.json(),
							"@odata.id"));
					usingSession = true;
					return;
				}
				sessionRefused = r.status();
				if (mode.equals("session")) {
					if (r.status() == 401 || r.status() == 403) {
						throw authFailed("HTTP " + r.status());
					}
					// no BMC text here: an answer to the login request might echo what was submitted
					throw new BmcException(Kind.UNSUPPORTED, address() + ": the BMC did not open a session (HTTP "
							+ r.status() + ")");
				}
				// auto: sessions switched off or not implemented, the session table full, or a wrong password,
				// which Basic tells apart (as sushy does)
			}
		}
		basic(sessionRefused, dl);
	}

	private Reply postLogin(String sessions, Deadline dl) throws BmcException {
		byte[] body = loginBody();
		try {
			return http.sendUnauthenticated("POST", sessions, body, dl, "log in");
		} finally {
			Arrays.fill(body, (byte) 0);
		}
	}

	private void basic(int sessionRefused, Deadline dl) throws BmcException {
		byte[] basic = basicCredentials();
		try {
			http.authenticateWith("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic));
		} finally {
			Arrays.fill(basic, (byte) 0);
		}
		usingSession = false;
		Reply r = http.send("GET", link(root, "Systems"), null, null, dl, "log in (Basic)");
		if (r.status() == 401 || r.status() == 403) {
			throw authFailed(sessionRefused == 0 ? "HTTP " + r.status() + " to Basic authentication" : "HTTP "
					+ sessionRefused + " to the session login, HTTP " + r.status() + " to Basic authentication");
		}
	}

	/** After the BMC dropped the session (timeout, BMC reset): logs in again the same way. */
	void renew(Deadline dl) throws BmcException {
		sessionUri = null;
		http.clearAuthentication();
		login(root, dl);
	}

	private BmcException authFailed(String answers) {
		return new BmcException(Kind.AUTH_FAILED, address() + ": the BMC refused user '" + user + "' (" + answers
				+ "); check the user name and password of this binding");
	}

	/** Deletes the session, best effort within {@code budget}; the BMC ends it by its own timeout otherwise. */
	void logout(Duration budget) {
		String s = sessionUri;
		if (s != null) {
			try {
				http.sendFinal("DELETE", s, Deadline.after(budget), "log out");
			} catch (BmcException e) {
				// best effort: the BMC ends the session by its own timeout
			}
			sessionUri = null;
		}
	}

	/** Wipes the password; no later login is possible. */
	void forget() {
		if (password != null) {
			Arrays.fill(password, '\0');
		}
	}

	/** "user:password" in UTF-8, built from the char[] (RFC 7617). */
	private byte[] basicCredentials() {
		CharBuffer all = CharBuffer.allocate(user.length() + 1 + password.length);
		all.put(user).put(':').put(password).flip();
		return encode(all);
	}

	/** {"UserName":…,"Password":…} built from the char[] so the password never becomes a String here. */
	private byte[] loginBody() {
		String head = "{\"UserName\":" + new String(jsonString(user.toCharArray())) + ",\"Password\":";
		char[] quoted = jsonString(password);
		CharBuffer all = CharBuffer.allocate(head.length() + quoted.length + 1);
		all.put(head).put(quoted).put('}').flip();
		Arrays.fill(quoted, '\0');
		return encode(all);
	}

	/** UTF-8 bytes of {@code chars}, wiping every intermediate buffer. */
	private static byte[] encode(CharBuffer chars) {
		ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
		Arrays.fill(chars.array(), '\0');
		byte[] out = new byte[bytes.remaining()];
		bytes.get(out);
		if (bytes.hasArray()) {
			Arrays.fill(bytes.array(), (byte) 0);
		}
		return out;
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
}
