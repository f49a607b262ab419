package org.dinfra.reactor.cloudstack.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A small client of the CloudStack API (OkHttp): signed requests, JSON answers, pagination and
 * async jobs polled with {@code queryAsyncJobResult}.
 *
 * <p>Requests go as GET with the parameters in the query, or as POST with the parameters in an
 * {@code application/x-www-form-urlencoded} body when they carry {@code userdata} or their query
 * would be longer than {@value #MAX_GET_QUERY} characters (CloudStack documents GET for up to 2 KB
 * of user data and POST beyond). The signature covers the same parameters either way.
 */
final class CloudStackClient implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(CloudStackClient.class);
	/** Longest query sent with GET. */
	static final int MAX_GET_QUERY = 2048;
	private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
	/** The {@code expires} format of signature version 3: {@code yyyy-MM-dd'T'HH:mm:ssZ}. */
	static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);
	private static final int MAX_PAGES = 10_000;

	/**
	 * @param endpoint        the API URL, e.g. {@code https://cloud.example.com/client/api}
	 * @param apiKey          the account's API key
	 * @param secretKey       the account's secret key
	 * @param signatureV3     whether to send {@code signatureversion=3} with {@code expires}
	 * @param expiresAfter    how long a v3-signed request stays valid
	 * @param httpTimeout     connect and read timeout of one HTTP request
	 * @param pollInterval    pause between two {@code queryAsyncJobResult} calls
	 * @param jobTimeout      how long an async job may take
	 * @param pageSize        {@code pagesize} of list calls
	 */
	record Settings(URI endpoint, String apiKey, String secretKey, boolean signatureV3, Duration expiresAfter,
			Duration httpTimeout, Duration pollInterval, Duration jobTimeout, int pageSize) {
		Settings {
			Objects.requireNonNull(endpoint, "endpoint");
			if (apiKey == null || apiKey.isBlank() || secretKey == null || secretKey.isBlank()) {
				throw new IllegalArgumentException("the CloudStack API key and secret key must be set");
			}
			if (pageSize < 1) {
				throw new IllegalArgumentException("pageSize must be at least 1");
			}
		}

		@Override
		public String toString() {
			return "Settings[endpoint=" + endpoint + ", apiKey=" + apiKey + ", secretKey=(hidden)]";
		}
	}

	private final Settings settings;
	private final HttpUrl url;
	private final OkHttpClient http;
	private final ObjectMapper json = new ObjectMapper();
	private final Clock clock;
	private final CountDownLatch closed = new CountDownLatch(1);

	CloudStackClient(Settings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		HttpUrl parsed = HttpUrl.parse(settings.endpoint().toString());
		if (parsed == null) {
			throw new IllegalArgumentException("not an http(s) URL: " + settings.endpoint());
		}
		this.url = parsed;
		this.http = new OkHttpClient.Builder().connectTimeout(settings.httpTimeout()).readTimeout(settings.httpTimeout())
				.writeTimeout(settings.httpTimeout()).callTimeout(settings.httpTimeout().multipliedBy(2))
				.retryOnConnectionFailure(false).build();
	}

	Settings settings() {
		return settings;
	}

	/**
	 * Calls a synchronous command.
	 *
	 * @param command the API command, e.g. {@code listZones}
	 * @param params  its parameters (lower-case names; values not encoded)
	 * @return the {@code <command>response} object
	 * @throws CloudStackException on an error answer or no answer
	 */
	JsonNode call(String command, Map<String, String> params) throws CloudStackException {
		if (closed.getCount() == 0) {
			throw new CloudStackException(CloudStackException.Kind.CLOSED, command, 0, 0, "closed", null);
		}
		Map<String, String> all = new LinkedHashMap<>(params);
		all.put("command", command);
		all.put("response", "json");
		all.put("apikey", settings.apiKey());
		if (settings.signatureV3()) {
			all.put("signatureversion", "3");
			all.put("expires", EXPIRES.format(clock.instant().plus(settings.expiresAfter())));
		}
		all.put(CloudStackSigner.SIGNATURE, CloudStackSigner.sign(all, settings.secretKey()));
		String form = formEncode(all);
		boolean post = all.containsKey("userdata") || form.length() > MAX_GET_QUERY;
		Request request = post
				? new Request.Builder().url(url).post(RequestBody.create(form, FORM)).build()
				: new Request.Builder().url(url.newBuilder().encodedQuery(form).build()).get().build();
		LOG.debug("CloudStack {} {}", post ? "POST" : "GET", command);
		try (Response response = http.newCall(request).execute()) {
			ResponseBody body = response.body();
			String text = body == null ? "" : body.string();
			JsonNode inner = inner(command, text, response.code());
			if (!response.isSuccessful() || inner.has("errorcode")) {
				int code = inner.path("errorcode").asInt(response.code());
				throw CloudStackException.api(command, code, inner.path("cserrorcode").asInt(0),
						inner.path("errortext").asText("HTTP " + response.code()));
			}
			return inner;
		} catch (IOException e) {
			throw new CloudStackException(CloudStackException.Kind.TRANSPORT, command, 0, 0, e.toString(), e);
		}
	}

	/** Finds the {@code <command>response} object (CloudStack names it after the command, lower-cased). */
	private JsonNode inner(String command, String text, int status) throws CloudStackException {
		JsonNode root;
		try {
			root = json.readTree(text);
		} catch (IOException e) {
			throw new CloudStackException(CloudStackException.Kind.PROTOCOL, command, status, 0,
					"HTTP " + status + ", not JSON: " + abbreviate(text), e);
		}
		if (root == null || !root.isObject()) {
			throw new CloudStackException(CloudStackException.Kind.PROTOCOL, command, status, 0,
					"HTTP " + status + ", not a JSON object: " + abbreviate(text), null);
		}
		JsonNode inner = root.get(command.toLowerCase(java.util.Locale.ROOT) + "response");
		if (inner == null) {
			// some error answers are wrapped under another name (errorresponse); take the only field
			Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
			if (fields.hasNext()) {
				Map.Entry<String, JsonNode> first = fields.next();
				if (!fields.hasNext() && first.getKey().endsWith("response") && first.getValue().isObject()) {
					inner = first.getValue();
				}
			}
		}
		if (inner == null || !inner.isObject()) {
			throw new CloudStackException(CloudStackException.Kind.PROTOCOL, command, status, 0,
					"HTTP " + status + ", no " + command.toLowerCase(java.util.Locale.ROOT) + "response object: "
							+ abbreviate(text), null);
		}
		return inner;
	}

	private static String abbreviate(String text) {
		String t = text.replaceAll("\\s+", " ").strip();
		return t.length() > 200 ? t.substring(0, 200) + "..." : t;
	}

	/**
	 * Lists every item of a list command, page by page.
	 *
	 * @param command the list command, e.g. {@code listVirtualMachines}
	 * @param params  its filters
	 * @param itemKey the array's name in the response, e.g. {@code virtualmachine}
	 * @return all items
	 */
	List<JsonNode> list(String command, Map<String, String> params, String itemKey) throws CloudStackException {
		List<JsonNode> items = new ArrayList<>();
		for (int page = 1; page <= MAX_PAGES; page++) {
			Map<String, String> p = new LinkedHashMap<>(params);
			p.put("page", Integer.toString(page));
			p.put("pagesize", Integer.toString(settings.pageSize()));
			JsonNode inner = call(command, p);
			JsonNode array = inner.path(itemKey);
			int n = 0;
			for (JsonNode item : array) {
				items.add(item);
				n++;
			}
			int count = inner.path("count").asInt(-1);
			if (n < settings.pageSize() || (count >= 0 && items.size() >= count)) {
				return items;
			}
		}
		throw new CloudStackException(CloudStackException.Kind.PROTOCOL, command, 0, 0,
				"more than " + MAX_PAGES + " pages", null);
	}

	/**
	 * Calls an asynchronous command and waits for its job.
	 *
	 * @param command the API command, e.g. {@code deployVirtualMachine}
	 * @param params  its parameters
	 * @return the job's {@code jobresult} object
	 * @throws CloudStackException when the call or the job fails, or the job does not finish in time
	 */
	JsonNode callAsync(String command, Map<String, String> params) throws CloudStackException {
		JsonNode started = call(command, params);
		String jobId = started.path("jobid").asText("");
		if (jobId.isEmpty()) {
			throw new CloudStackException(CloudStackException.Kind.PROTOCOL, command, 0, 0,
					"no jobid in the answer of an asynchronous command", null);
		}
		return awaitJob(command, jobId);
	}

	/**
	 * Polls {@code queryAsyncJobResult} until the job succeeded (jobstatus 1) or failed (2).
	 *
	 * @return the job's {@code jobresult}
	 */
	JsonNode awaitJob(String command, String jobId) throws CloudStackException {
		Instant deadline = clock.instant().plus(settings.jobTimeout());
		while (true) {
			JsonNode job = call("queryAsyncJobResult", Map.of("jobid", jobId));
			int status = job.path("jobstatus").asInt(0);
			if (status == 1) {
				JsonNode result = job.path("jobresult");
				return result.isObject() ? result : JsonNodeFactory.instance.objectNode();
			}
			if (status == 2) {
				JsonNode result = job.path("jobresult");
				int code = result.path("errorcode").asInt(job.path("jobresultcode").asInt(CloudStackErrors.INTERNAL_ERROR));
				throw CloudStackException.api(command, code, result.path("cserrorcode").asInt(0),
						result.path("errortext").asText("async job " + jobId + " failed"));
			}
			if (!clock.instant().isBefore(deadline)) {
				throw new CloudStackException(CloudStackException.Kind.JOB_TIMEOUT, command, 0, 0,
						"async job " + jobId + " did not finish within " + settings.jobTimeout().toSeconds() + " s", null);
			}
			pause(command, settings.pollInterval());
		}
	}

	/** Waits, unless the client is closed meanwhile. */
	void pause(String command, Duration d) throws CloudStackException {
		try {
			if (closed.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new CloudStackException(CloudStackException.Kind.CLOSED, command, 0, 0, "closed", null);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CloudStackException(CloudStackException.Kind.CLOSED, command, 0, 0, "interrupted", e);
		}
	}

	/** @return the parameters as {@code application/x-www-form-urlencoded} text */
	static String formEncode(Map<String, String> params) {
		StringBuilder s = new StringBuilder();
		for (Map.Entry<String, String> e : params.entrySet()) {
			if (s.length() > 0) {
				s.append('&');
			}
			s.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
					.append(CloudStackSigner.encode(e.getValue()));
		}
		return s.toString();
	}

	/** Stops: waiting calls return at once, and connections are released. */
	@Override
	public void close() {
		closed.countDown();
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
	}
}
