package org.underlay.bmc.sim.redfish;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** A request that could not be served; becomes a Redfish error response (DSP0266 "Error responses"). */
final class RedfishError extends Exception {

	private static final long serialVersionUID = 1L;
	private static final String MSG = "Base.1.8.";

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

	static RedfishError notFound(String path) {
		return new RedfishError(404, "ResourceMissingAtURI", "The resource at the URI " + path + " was not found.",
				path);
	}

	static RedfishError methodNotAllowed(String method, String... allowed) {
		return new RedfishError(405, "OperationNotAllowed", "The HTTP method " + method
				+ " is not allowed on this resource.", List.of(method), Map.of("Allow", String.join(", ", allowed)));
	}

	static RedfishError forbidden() {
		return new RedfishError(403, "InsufficientPrivilege",
				"There are insufficient privileges for the account or credentials associated with the current "
						+ "session to perform the requested operation.");
	}

	static RedfishError noValidSession(Map<String, String> headers) {
		return new RedfishError(401, "NoValidSession",
				"There is no valid session established with the implementation.", List.of(), headers);
	}

	static RedfishError unknownProperty(String name) {
		return new RedfishError(400, "PropertyUnknown", "The property " + name
				+ " is not in the list of valid properties for the resource.", name);
	}

	static RedfishError typeError(String name, JsonElement value) {
		return new RedfishError(400, "PropertyValueTypeError", "The value " + value + " for the property " + name
				+ " is of a different type than the property can accept.", String.valueOf(value), name);
	}

	/** The error body: {@code error} with code, message and one {@code @Message.ExtendedInfo} entry. */
	JsonObject body() {
		JsonObject info = new JsonObject();
		info.addProperty("@odata.type", "#Message.v1_1_1.Message");
		info.addProperty("MessageId", MSG + messageId);
		info.addProperty("Message", getMessage());
		JsonArray a = new JsonArray();
		args.forEach(a::add);
		info.add("MessageArgs", a);
		info.addProperty("Severity", status >= 500 ? "Critical" : "Warning");
		info.addProperty("Resolution", resolution());
		JsonObject error = new JsonObject();
		error.addProperty("code", MSG + messageId);
		error.addProperty("message", getMessage());
		JsonArray ext = new JsonArray();
		ext.add(info);
		error.add("@Message.ExtendedInfo", ext);
		JsonObject body = new JsonObject();
		body.add("error", error);
		return body;
	}

	private String resolution() {
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
}
