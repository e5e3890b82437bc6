package org.underlay.bmc.sim.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Plain HTTP requests to the simulator, to check the wire protocol without any Redfish client in between. */
final class RawRedfish {

	record Reply(int status, HttpResponse<String> response) {
		JsonObject json() {
			JsonElement e = JsonParser.parseString(response.body());
			return e.getAsJsonObject();
		}

		String header(String name) {
			return response.headers().firstValue(name).orElse(null);
		}

		/** The MessageId of a Redfish error body. */
		String messageId() {
			return json().getAsJsonObject("error").getAsJsonArray("@Message.ExtendedInfo").get(0).getAsJsonObject()
					.get("MessageId").getAsString();
		}
	}

	private final URI base;
	private final HttpClient client;
	private String authorization;
	private String token;

	RawRedfish(URI base) {
		this(base, null);
	}

	RawRedfish(URI base, SSLContext ssl) {
		this.base = base;
		HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
		if (ssl != null) {
			b.sslContext(ssl);
		}
		this.client = b.build();
	}

	RawRedfish basic(String user, String password) {
		authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
				.getBytes(StandardCharsets.UTF_8));
		token = null;
		return this;
	}

	RawRedfish token(String token) {
		this.token = token;
		authorization = null;
		return this;
	}

	RawRedfish anonymous() {
		token = null;
		authorization = null;
		return this;
	}

	Reply get(String path) throws IOException, InterruptedException {
		return send("GET", path, null, null);
	}

	Reply delete(String path) throws IOException, InterruptedException {
		return send("DELETE", path, null, null);
	}

	Reply post(String path, String json) throws IOException, InterruptedException {
		return send("POST", path, json, null);
	}

	Reply patch(String path, String json, String ifMatch) throws IOException, InterruptedException {
		return send("PATCH", path, json, ifMatch);
	}

	Reply send(String method, String path, String json, String ifMatch) throws IOException, InterruptedException {
		HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			b.header("Content-Type", "application/json");
		}
		if (authorization != null) {
			b.header("Authorization", authorization);
		}
		if (token != null) {
			b.header("X-Auth-Token", token);
		}
		if (ifMatch != null) {
			b.header("If-Match", ifMatch);
		}
		HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
		return new Reply(r.statusCode(), r);
	}
}
