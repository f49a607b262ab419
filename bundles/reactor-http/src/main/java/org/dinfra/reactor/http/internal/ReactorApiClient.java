package org.dinfra.reactor.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Chain Reactor API (api/chain-reactor-api.yaml) over OkHttp: every call of the API is
 * idempotent, so I/O errors and 5xx answers are retried with exponential backoff; 4xx problem
 * documents (RFC 9457) become permanent {@link ReactorException}s with their violations.
 */
final class ReactorApiClient implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(ReactorApiClient.class);
	static final ObjectMapper JSON = new ObjectMapper();
	private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
	/** Larger answers are refused: a types list with schemas stays far below. */
	private static final long MAX_BODY = 8L << 20;
	/** The document's {@code TypeId}: what the bridge registers and sends as a request's type. */
	static final Pattern TYPE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	/**
	 * @param url     the API's base URL with its version prefix
	 * @param token   the bearer token, read per call (empty: none)
	 * @param connect connect timeout
	 * @param call    whole-call timeout
	 * @param retries retries of a failed idempotent call
	 * @param backoff the first retry delay, doubled per retry
	 */
	record Settings(HttpUrl url, Supplier<String> token, Duration connect, Duration call, int retries, Duration backoff) {
	}

	/** A descriptor type the endpoint serves. */
	record TypeInfo(String id, int version, String schema) {
	}

	/** An HTTP answer: its status code and JSON body (a missing node when there is none). */
	record Answer(int code, JsonNode body) {
	}

	private final Settings settings;
	private final OkHttpClient http;

	ReactorApiClient(Settings settings) {
		this.settings = settings;
		this.http = new OkHttpClient.Builder()
				.connectTimeout(settings.connect())
				.callTimeout(settings.call())
				.readTimeout(settings.call())
				.retryOnConnectionFailure(false)
				.followRedirects(false)
				.build();
	}

	/** @return the types the endpoint serves */
	List<TypeInfo> types() throws ReactorException {
		Answer a = call("GET", "types", null);
		expectOk(a, "GET /types");
		List<TypeInfo> types = new ArrayList<>();
		for (JsonNode t : a.body().path("types")) {
			String id = t.path("id").asText("");
			JsonNode schema = t.path("schema");
			if (!TYPE_ID.matcher(id).matches() || !schema.isObject() || !t.path("version").canConvertToInt()) {
				throw permanent(ReasonCode.REACTOR_UNAVAILABLE, "GET /types listed a malformed type: " + t);
			}
			types.add(new TypeInfo(id, t.path("version").asInt(), schema.toString()));
		}
		return types;
	}

	Answer put(long id, ObjectNode body) throws ReactorException {
		return call("PUT", "deployments/" + Long.toUnsignedString(id), body);
	}

	Optional<ReactorStatus> status(long id) throws ReactorException {
		Answer a = call("GET", "deployments/" + Long.toUnsignedString(id), null);
		if (a.code() == 404) {
			return Optional.empty();
		}
		expectOk(a, "GET /deployments/" + Long.toUnsignedString(id));
		return Optional.of(toStatus(a.body()));
	}

	Answer delete(long id) throws ReactorException {
		Answer a = call("DELETE", "deployments/" + Long.toUnsignedString(id), null);
		if (a.code() != 202 && a.code() != 204 && a.code() != 200 && a.code() != 404) {
			throw failure(a, "DELETE /deployments/" + Long.toUnsignedString(id));
		}
		return a;
	}

	/** @return the inventory's entries, each with its type id */
	List<JsonNode> inventory() throws ReactorException {
		Answer a = call("GET", "deployments", null);
		expectOk(a, "GET /deployments");
		List<JsonNode> all = new ArrayList<>();
		a.body().path("deployments").forEach(all::add);
		return all;
	}

	/**
	 * One call, retried after I/O errors and 5xx answers.
	 *
	 * @return the answer, any status below 500
	 * @throws ReactorException transient, when every try failed or the thread was interrupted
	 */
	Answer call(String method, String path, JsonNode body) throws ReactorException {
		HttpUrl url = settings.url().newBuilder().addPathSegments(path).build();
		String failure = "";
		IOException cause = null;
		for (int attempt = 0; attempt <= settings.retries(); attempt++) {
			if (attempt > 0) {
				sleep(settings.backoff().toMillis() << Math.min(attempt - 1, 16));
			}
			Request.Builder request = new Request.Builder().url(url)
					.header("Accept", "application/json, application/problem+json");
			String token;
			try {
				token = settings.token().get();
			} catch (java.io.UncheckedIOException e) {
				throw ReactorException.transientFailure(e.getMessage(), e.getCause());
			}
			if (!token.isEmpty()) {
				request.header("Authorization", "Bearer " + token);
			}
			request.method(method, body == null ? (method.equals("PUT") ? RequestBody.create(new byte[0]) : null)
					: RequestBody.create(body.toString(), APPLICATION_JSON));
			try (Response response = http.newCall(request.build()).execute()) {
				Answer answer = new Answer(response.code(), read(response.body()));
				if (answer.code() < 500) {
					return answer;
				}
				failure = method + " " + url + " answered " + answer.code() + detail(answer);
			} catch (IOException e) {
				failure = method + " " + url + ": " + e;
				cause = e;
			}
			LOG.debug("attempt {} of {} failed: {}", attempt + 1, settings.retries() + 1, failure);
		}
		throw ReactorException.transientFailure(failure, cause);
	}

	private static JsonNode read(ResponseBody body) throws IOException {
		okio.BufferedSource source = body.source();
		if (source.request(MAX_BODY + 1)) {
			throw new IOException("answer larger than " + MAX_BODY + " bytes");
		}
		byte[] bytes = source.getBuffer().readByteArray();
		if (bytes.length == 0) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(bytes);
		} catch (IOException e) {
			return JSON.missingNode();
		}
	}

	private static void sleep(long ms) throws ReactorException {
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw ReactorException.transientFailure("interrupted", e);
		}
	}

	private static void expectOk(Answer a, String what) throws ReactorException {
		if (a.code() != 200) {
			throw failure(a, what);
		}
	}

	/**
	 * Maps a 4xx answer: 401, 403, 408 and 429 may pass (a token being fixed, a busy reactor)
	 * and are transient; every other 4xx is permanent, with the problem's reason code.
	 */
	static ReactorException failure(Answer a, String what) {
		String message = what + " answered " + a.code() + detail(a);
		int code = a.code();
		if (code == 401 || code == 403) {
			return new ReactorException(Reason.of(ReasonCode.AUTHENTICATION, message), true, null);
		}
		if (code == 408 || code == 429 || code >= 500 || code < 400) {
			return ReactorException.transientFailure(message, null);
		}
		JsonNode problem = a.body();
		ReasonCode reason = reasonCode(problem.path("code"), code == 422 ? ReasonCode.POLICY_VIOLATION : ReasonCode.BAD_PARAMETERS);
		List<String> violations = new ArrayList<>();
		problem.path("violations").forEach(v -> violations.add(v.asText()));
		return new ReactorException(new Reason(reason, message, violations), false, null);
	}

	private static ReasonCode reasonCode(JsonNode code, ReasonCode fallback) {
		if (code.canConvertToInt()) {
			try {
				return ReasonCode.of(code.asInt());
			} catch (IllegalArgumentException e) {
				return fallback;
			}
		}
		return fallback;
	}

	private static String detail(Answer a) {
		String title = a.body().path("title").asText("");
		String detail = a.body().path("detail").asText("");
		String text = (title + (detail.isEmpty() ? "" : ": " + detail)).strip();
		return text.isEmpty() ? "" : " (" + text + ")";
	}

	private static ReactorException permanent(ReasonCode code, String message) {
		return ReactorException.permanent(code, message);
	}

	/**
	 * @param node a DeploymentStatus document
	 * @return core's status; a reason's line becomes the message when the message is empty
	 * @throws ReactorException transient, when the document is malformed
	 */
	static ReactorStatus toStatus(JsonNode node) throws ReactorException {
		try {
			long id = Long.parseUnsignedLong(node.path("id").asText());
			String stateText = node.path("state").asText();
			DeploymentState state = switch (stateText) {
				case "DEPLOYING", "RUNNING", "TEARING_DOWN", "FAILED" -> DeploymentState.valueOf(stateText);
				default -> throw new IllegalArgumentException("unknown state '" + stateText + "'");
			};
			List<Endpoint> endpoints = new ArrayList<>();
			for (JsonNode e : node.path("endpoints")) {
				endpoints.add(new Endpoint(e.path("name").asText(), e.path("uri").asText()));
			}
			String message = node.path("message").asText("");
			if (message.isEmpty() && node.path("reason").isObject()) {
				message = toReason(node.path("reason")).toString();
			}
			return new ReactorStatus(id, state, endpoints, message);
		} catch (IllegalArgumentException e) {
			throw ReactorException.transientFailure("malformed DeploymentStatus " + node + ": " + e.getMessage(), e);
		}
	}

	/** @return core's reason of a Reason document; unknown codes become DEPLOY_FAILED */
	static Reason toReason(JsonNode reason) {
		List<String> details = new ArrayList<>();
		reason.path("details").forEach(d -> details.add(d.asText()));
		return new Reason(reasonCode(reason.path("code"), ReasonCode.DEPLOY_FAILED), reason.path("message").asText(""),
				details);
	}

	@Override
	public void close() {
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
		try {
			http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
