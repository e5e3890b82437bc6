package org.underlay.bmc.redfish;

import static org.underlay.bmc.redfish.RedfishJson.array;
import static org.underlay.bmc.redfish.RedfishJson.object;
import static org.underlay.bmc.redfish.RedfishJson.string;

import java.nio.charset.StandardCharsets;

import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.internal.Deadline;
import org.underlay.bmc.redfish.RedfishHttp.Reply;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Authenticated requests for Redfish resources: an expired session is renewed once, and a failed answer becomes
 * a {@link BmcException} of the kind its status means, with the BMC's own message where it gave one.
 */
final class RedfishResources {

	private final RedfishHttp http;
	private final RedfishLogin login;

	RedfishResources(RedfishHttp http, RedfishLogin login) {
		this.http = http;
		this.login = login;
	}

	String address() {
		return http.address();
	}

	/** Sends and returns the answer whatever its status; on 401 of an expired session logs in again once. */
	Reply exchange(String method, String path, JsonObject body, String ifMatch, Deadline dl, String what)
			throws BmcException {
		byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
		Reply r = http.send(method, path, bytes, ifMatch, dl, what);
		if (r.status() == 401 && login.usingSession()) {
			// sessions expire on real BMCs; one new login, then the same request again
			login.renew(dl);
			r = http.send(method, path, bytes, ifMatch, dl, what);
		}
		return r;
	}

	/** GET of a resource that has to exist and be JSON. */
	JsonObject get(String path, Deadline dl, String what) throws BmcException {
		return getReply(path, dl, what).json();
	}

	/** {@link #get} with the headers (the ETag). */
	Reply getReply(String path, Deadline dl, String what) throws BmcException {
		Reply r = exchange("GET", path, null, null, dl, what);
		check(r, what, path);
		if (r.json() == null) {
			throw new BmcException(Kind.PROTOCOL, address() + ": " + what + ": empty answer for " + path);
		}
		return r;
	}

	void check(Reply r, String what, String path) throws BmcException {
		int s = r.status();
		if (r.ok()) {
			return;
		}
		String detail = " (HTTP " + s + redfishMessage(r) + ")";
		throw switch (s) {
			case 401 -> new BmcException(Kind.AUTH_FAILED, address() + ": " + what + ": the BMC no longer accepts "
					+ "user '" + login.user() + "'" + detail);
			case 403 -> new BmcException(Kind.AUTH_FAILED, address() + ": " + what + ": user '" + login.user()
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
	static String redfishMessage(Reply r) {
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
}
