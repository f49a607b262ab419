package org.dinfra.reactor.cloudstack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A FAKE CloudStack API server for tests: no CloudStack simulator can run on the project's
 * machines, so this server stands in for one. It is not CloudStack. It listens on 127.0.0.1 on a
 * free port and follows the documented behaviour of the calls the reactor uses:
 * <ul>
 * <li>every request's signature is verified the way CloudStack's {@code ApiServer.verifyRequest}
 * does (parameter names sorted with {@code Collections.sort}, values {@code URLEncoder}-encoded with
 * {@code %20} for spaces, lower-cased, HMAC-SHA1, Base64), including {@code signatureversion=3}
 * with {@code expires}; a wrong one is answered with HTTP 401 and {@code errorcode} 401;</li>
 * <li>GET and form POST; user data longer than 2 KB by GET is refused, as CloudStack does;</li>
 * <li>answers are {@code <command>response} objects with {@code count} and the item arrays,
 * paginated by {@code page} and {@code pagesize};</li>
 * <li>async commands answer {@code jobid} (and {@code id}); {@code queryAsyncJobResult} answers
 * {@code jobstatus} 0 for {@link #asyncPolls} polls, then 1 with {@code jobresult}, or 2 with
 * {@code jobresultcode} 530 and the error in {@code jobresult};</li>
 * <li>errors are {@code errorcode}, {@code cserrorcode}, {@code errortext} with the error code as
 * HTTP status (431 for bad parameters, ...); {@link #failNext} injects one (capacity, quota, ...).</li>
 * </ul>
 * {@code GET /fake/state} prints the VMs, volumes and key pairs, one per line, for tests that run
 * in another JVM (the Karaf integration test).
 */
public final class FakeCloudStack implements AutoCloseable {
	private static final ObjectMapper JSON = new ObjectMapper();

	static {
		// without TCP_NODELAY every answer waits ~40 ms for a delayed ACK (read once by the JDK)
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final String apiKey;
	private final String secretKey;
	private final HttpServer server;
	private final ExecutorService executor;
	private final AtomicInteger ips = new AtomicInteger(10);

	private final List<ObjectNode> zones = new ArrayList<>();
	private final List<ObjectNode> serviceOfferings = new ArrayList<>();
	private final List<ObjectNode> templates = new ArrayList<>();
	private final List<ObjectNode> networks = new ArrayList<>();
	private final List<ObjectNode> diskOfferings = new ArrayList<>();
	private final List<ObjectNode> affinityGroups = new ArrayList<>();
	private final Map<String, ObjectNode> vms = new LinkedHashMap<>();
	private final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
	private final Map<String, ObjectNode> keyPairs = new LinkedHashMap<>();
	private final Map<String, Job> jobs = new LinkedHashMap<>();
	private final List<String> calls = new ArrayList<>();
	private final List<Map<String, String>> requests = new ArrayList<>();
	private final Map<String, List<Failure>> failures = new LinkedHashMap<>();

	/** How many {@code queryAsyncJobResult} calls answer "pending" before a job finishes. */
	public volatile int asyncPolls = 1;
	/** How many more listVirtualMachines reads show a finished deploy still as Starting. */
	public volatile int startingReads = 0;

	private static final class Job {
		final String id;
		final String command;
		int pending;
		Runnable onDone;
		ObjectNode result;
		Failure failure;

		Job(String id, String command, int pending) {
			this.id = id;
			this.command = command;
			this.pending = pending;
		}
	}

	/**
	 * An error to answer instead of performing a command.
	 *
	 * @param errorCode   CloudStack's errorcode (also the HTTP status of a synchronous error)
	 * @param csErrorCode CloudStack's cserrorcode
	 * @param text        errortext
	 * @param inJob       true: the command starts a job that fails (as deploy's capacity errors do)
	 */
	public record Failure(int errorCode, int csErrorCode, String text, boolean inJob) {
	}

	private FakeCloudStack(String apiKey, String secretKey) throws IOException {
		this.apiKey = apiKey;
		this.secretKey = secretKey;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "fake-cloudstack");
			t.setDaemon(true);
			return t;
		});
		server.setExecutor(executor);
		server.createContext("/client/api", this::handle);
		server.createContext("/fake/state", this::state);
		server.start();
	}

	/**
	 * Starts a fake with one zone, offerings, templates, networks and an affinity group.
	 *
	 * @param apiKey    the only API key it accepts
	 * @param secretKey that key's secret
	 * @return the running fake; close it
	 */
	public static FakeCloudStack start(String apiKey, String secretKey) throws IOException {
		FakeCloudStack f = new FakeCloudStack(apiKey, secretKey);
		f.seed();
		return f;
	}

	private void seed() {
		ObjectNode zone = add(zones, "zone1");
		add(zones, "zone2");
		add(serviceOfferings, "Small Instance").put("cpunumber", 1).put("memory", 512);
		add(serviceOfferings, "Large Instance").put("cpunumber", 4).put("memory", 8192);
		for (ObjectNode z : zones) {
			// the same template in two zones: one id, listed once per zone
			ObjectNode t = JSON.createObjectNode().put("id", "a1b2c3d4-0000-4000-8000-00000000d12e").put("name", "Debian 12")
					.put("zoneid", z.get("id").asText()).put("isready", true);
			templates.add(t);
		}
		ObjectNode net = add(networks, "dinfra-net");
		net.put("zoneid", zone.get("id").asText());
		add(networks, "other-net").put("zoneid", zone.get("id").asText());
		add(diskOfferings, "Custom").put("iscustomized", true).put("disksize", 0);
		add(diskOfferings, "Medium 100GB").put("iscustomized", false).put("disksize", 100);
		add(affinityGroups, "spread").put("type", "host anti-affinity");
	}

	private static ObjectNode add(List<ObjectNode> list, String name) {
		ObjectNode o = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("name", name);
		list.add(o);
		return o;
	}

	/** @return the API URL, {@code http://127.0.0.1:<port>/client/api} */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/api";
	}

	/** @return the id of a seeded object by its name: {@code zone}, {@code template}, ... */
	public synchronized String idOf(String kind, String name) {
		List<ObjectNode> list = switch (kind) {
			case "zone" -> zones;
			case "serviceoffering" -> serviceOfferings;
			case "template" -> templates;
			case "network" -> networks;
			case "diskoffering" -> diskOfferings;
			case "affinitygroup" -> affinityGroups;
			default -> throw new IllegalArgumentException(kind);
		};
		return list.stream().filter(o -> o.get("name").asText().equals(name)).findFirst().orElseThrow().get("id").asText();
	}

	/** Adds a zone with a given name (to make a name ambiguous, for example). */
	public synchronized void addZone(String name) {
		add(zones, name);
	}

	/** Answers the next call of {@code command} with an error instead of performing it. */
	public synchronized void failNext(String command, Failure failure) {
		failures.computeIfAbsent(command.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(failure);
	}

	/** @return every command received with a valid signature, in order */
	public synchronized List<String> calls() {
		return List.copyOf(calls);
	}

	/** @return how many times a command was received with a valid signature */
	public synchronized long count(String command) {
		return calls.stream().filter(command::equalsIgnoreCase).count();
	}

	/** @return the parameters of every valid request (with {@code _method}: GET or POST), in order */
	public synchronized List<Map<String, String>> requests() {
		return List.copyOf(requests);
	}

	/** @return the VMs that are not expunged */
	public synchronized List<JsonNode> vms() {
		return List.copyOf(vms.values());
	}

	/** @return the volumes that exist */
	public synchronized List<JsonNode> volumes() {
		return List.copyOf(volumes.values());
	}

	/** @return the names of the registered key pairs */
	public synchronized List<String> keyPairs() {
		return List.copyOf(keyPairs.keySet());
	}

	/** Makes a VM as if a deploy had run but createTags had not (a crash in between). */
	public synchronized ObjectNode createUntaggedVm(String name, String keyPair) {
		ObjectNode vm = newVm(name, zones.get(0).get("id").asText(), networks.get(0).get("id").asText(), keyPair);
		vm.put("state", "Running");
		return vm;
	}

	/** Finishes every pending async job, as CloudStack does on its own while nobody polls. */
	public synchronized void finishPendingJobs() {
		for (Job job : jobs.values()) {
			if (job.pending > 0 && job.failure == null) {
				job.pending = 0;
				if (job.onDone != null) {
					job.onDone.run();
					job.onDone = null;
				}
			}
		}
	}

	/** Tags a VM behind the reactor's back. */
	public synchronized void tag(String vmName, String key, String value) {
		vms.values().stream().filter(v -> v.get("name").asText().equals(vmName)).forEach(v -> v.withArray("tags").addObject()
				.put("key", key).put("value", value).put("resourcetype", "UserVm").put("resourceid", v.get("id").asText()));
	}

	/** Sets a VM's state (Stopped, Error, Destroyed...) behind the reactor's back. */
	public synchronized void setState(String vmName, String state) {
		vms.values().stream().filter(v -> v.get("name").asText().equals(vmName)).forEach(v -> v.put("state", state));
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- HTTP -----------------------------------------------------------------------------------

	private void state(HttpExchange exchange) throws IOException {
		StringBuilder s = new StringBuilder();
		synchronized (this) {
			vms.values().forEach(v -> s.append("vm ").append(v.get("name").asText()).append(' ').append(v.get("state").asText())
					.append(" keypair=").append(v.path("keypair").asText()).append('\n'));
			volumes.values().forEach(v -> s.append("volume ").append(v.get("name").asText()).append(" vm=")
					.append(v.path("virtualmachineid").asText("-")).append('\n'));
			keyPairs.keySet().forEach(k -> s.append("keypair ").append(k).append('\n'));
		}
		send(exchange, 200, s.toString(), "text/plain");
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String method = exchange.getRequestMethod();
			Map<String, String> params = new LinkedHashMap<>();
			decode(exchange.getRequestURI().getRawQuery(), params);
			if (method.equals("POST")) {
				try (InputStream in = exchange.getRequestBody()) {
					decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), params);
				}
			}
			String command = params.getOrDefault("command", "");
			String wrapper = command.toLowerCase(Locale.ROOT) + "response";
			if (!verify(params)) {
				ObjectNode body = JSON.createObjectNode();
				body.putObject(wrapper).put("errorcode", 401).put("errortext",
						"unable to verify user credentials and/or request signature");
				send(exchange, 401, body.toString(), "application/json");
				return;
			}
			ObjectNode answer;
			int status = 200;
			try {
				synchronized (this) {
					calls.add(command);
					Map<String, String> logged = new LinkedHashMap<>(params);
					logged.put("_method", method);
					requests.add(logged);
					answer = dispatch(command, params, method);
				}
			} catch (ApiError e) {
				status = e.code;
				answer = JSON.createObjectNode();
				answer.putArray("uuidList");
				answer.put("errorcode", e.code).put("cserrorcode", e.csCode).put("errortext", e.getMessage());
			}
			ObjectNode body = JSON.createObjectNode();
			body.set(wrapper, answer);
			send(exchange, status, body.toString(), "application/json");
		} catch (RuntimeException | Error e) {
			// a bug of the fake: answer it rather than leave the client waiting for its timeout
			e.printStackTrace();
			send(exchange, 500, JSON.createObjectNode().put("fakeerror", e.toString()).toString(), "application/json");
		}
	}

	private static void decode(String raw, Map<String, String> into) {
		if (raw == null || raw.isEmpty()) {
			return;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			into.putIfAbsent(name, value); // CloudStack takes the first value of a repeated name
		}
	}

	private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type + "; charset=UTF-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** CloudStack's ApiServer.verifyRequest, step by step. */
	private boolean verify(Map<String, String> params) {
		String signature = null;
		String key = null;
		String version = null;
		String expires = null;
		for (Map.Entry<String, String> e : params.entrySet()) {
			String name = e.getKey();
			if (name.equalsIgnoreCase("signature")) {
				signature = e.getValue();
			} else if (name.equalsIgnoreCase("apikey")) {
				key = e.getValue();
			} else if (name.equalsIgnoreCase("signatureversion")) {
				version = e.getValue();
			} else if (name.equalsIgnoreCase("expires")) {
				expires = e.getValue();
			}
		}
		if (signature == null || key == null || !key.equals(apiKey)) {
			return false;
		}
		if ("3".equals(version)) {
			if (expires == null) {
				return false;
			}
			try {
				Date at = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ssZ").parse(expires);
				if (at.before(new Date())) {
					return false;
				}
			} catch (ParseException e) {
				return false;
			}
		}
		return serverSignature(params, secretKey).equals(signature);
	}

	/**
	 * The signature CloudStack's server computes for a request (ApiServer.verifyRequest): the
	 * parameter names as received, sorted with {@code Collections.sort}; {@code signature} left
	 * out; {@code name=URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")} joined with
	 * {@code &}; lower-cased; HMAC-SHA1 with the secret key; Base64.
	 *
	 * @param params the request's parameters, decoded
	 * @param secret the account's secret key
	 * @return the Base64 signature
	 */
	public static String serverSignature(Map<String, String> params, String secret) {
		List<String> names = new ArrayList<>(params.keySet());
		Collections.sort(names);
		String unsigned = null;
		for (String name : names) {
			if (name.equalsIgnoreCase("signature")) {
				continue;
			}
			String pair = name + "=" + URLEncoder.encode(params.get(name), StandardCharsets.UTF_8).replaceAll("\\+", "%20");
			unsigned = unsigned == null ? pair : unsigned + "&" + pair;
		}
		unsigned = unsigned == null ? "" : unsigned.toLowerCase();
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static final class ApiError extends RuntimeException {
		private static final long serialVersionUID = 1L;
		final int code;
		final int csCode;

		ApiError(int code, int csCode, String text) {
			super(text);
			this.code = code;
			this.csCode = csCode;
		}
	}

	/** InvalidParameterValueException: errorcode 431, cserrorcode 4350. */
	private static ApiError paramError(String text) {
		return new ApiError(431, 4350, text);
	}

	// ---- commands -------------------------------------------------------------------------------

	private static final List<String> ASYNC = List.of("deployvirtualmachine", "destroyvirtualmachine",
			"expungevirtualmachine", "startvirtualmachine", "createtags", "createvolume", "attachvolume", "detachvolume");

	private ObjectNode dispatch(String command, Map<String, String> p, String method) {
		String c = command.toLowerCase(Locale.ROOT);
		List<Failure> pending = failures.get(c);
		if (pending != null && !pending.isEmpty()) {
			Failure f = pending.remove(0);
			if (!f.inJob()) {
				throw new ApiError(f.errorCode(), f.csErrorCode(), f.text());
			}
			Job job = newJob(command);
			job.failure = f;
			if (c.equals("deployvirtualmachine")) {
				// CloudStack keeps the VM it could not start, in state Error
				ObjectNode vm = newVm(p.get("name"), p.get("zoneid"), firstNetwork(p), p.get("keypair"));
				vm.put("state", "Error");
			}
			return JSON.createObjectNode().put("jobid", job.id);
		}
		return switch (c) {
			case "listzones" -> list(p, zones, "zone", o -> true);
			case "listserviceofferings" -> list(p, serviceOfferings, "serviceoffering", o -> true);
			case "listtemplates" -> {
				if (!p.containsKey("templatefilter")) {
					throw paramError("Unable to execute API command listtemplates due to missing parameter templatefilter");
				}
				yield list(p, templates, "template", o -> !p.containsKey("zoneid") || o.get("zoneid").asText().equals(p.get("zoneid")));
			}
			case "listnetworks" -> list(p, networks, "network", o -> !p.containsKey("zoneid") || o.get("zoneid").asText().equals(p.get("zoneid")));
			case "listdiskofferings" -> list(p, diskOfferings, "diskoffering", o -> true);
			case "listaffinitygroups" -> list(p, affinityGroups, "affinitygroup", o -> true);
			case "listvirtualmachines" -> listVms(p);
			case "listvolumes" -> list(p, new ArrayList<>(volumes.values()), "volume", o -> (!p.containsKey("virtualmachineid")
					|| o.path("virtualmachineid").asText().equals(p.get("virtualmachineid"))));
			case "listsshkeypairs" -> list(p, new ArrayList<>(keyPairs.values()), "sshkeypair", o -> true);
			case "registersshkeypair" -> registerKeyPair(p);
			case "deletesshkeypair" -> {
				if (keyPairs.remove(require(p, "name")) == null) {
					throw paramError("A key pair with name '" + p.get("name") + "' does not exist for account");
				}
				yield JSON.createObjectNode().put("success", "true");
			}
			case "deletevolume" -> deleteVolume(p);
			case "queryasyncjobresult" -> queryJob(p);
			case "deployvirtualmachine" -> deploy(p, method);
			default -> {
				if (ASYNC.contains(c)) {
					yield async(c, command, p);
				}
				throw new ApiError(432, 9999, "The given command:" + command + " does not exist or it is not available for user");
			}
		};
	}

	private static String require(Map<String, String> p, String name) {
		String v = p.get(name);
		if (v == null || v.isEmpty()) {
			throw paramError("Unable to execute API command due to missing parameter " + name);
		}
		return v;
	}

	/** Filters by id, name, keyword and tags, then paginates (page is 1-based; count is the total). */
	private ObjectNode list(Map<String, String> p, List<ObjectNode> all, String key, Predicate<ObjectNode> filter) {
		List<ObjectNode> matched = new ArrayList<>();
		for (ObjectNode o : all) {
			if (p.containsKey("id") && !o.get("id").asText().equals(p.get("id"))) {
				continue;
			}
			if (p.containsKey("name") && !o.get("name").asText().equalsIgnoreCase(p.get("name"))) {
				continue;
			}
			if (p.containsKey("keyword") && !o.get("name").asText().toLowerCase(Locale.ROOT)
					.contains(p.get("keyword").toLowerCase(Locale.ROOT))) {
				continue;
			}
			if (!tagsMatch(o, p) || !filter.test(o)) {
				continue;
			}
			matched.add(o);
		}
		if (p.containsKey("id") && matched.isEmpty()) {
			throw paramError("Unable to execute API command list" + key + "s due to invalid value. Invalid parameter id value="
					+ p.get("id") + " due to incorrect long value format, or entity does not exist");
		}
		ObjectNode answer = JSON.createObjectNode();
		if (matched.isEmpty()) {
			return answer; // CloudStack answers an empty list with an empty object
		}
		int page = Integer.parseInt(p.getOrDefault("page", "1"));
		int size = Integer.parseInt(p.getOrDefault("pagesize", "500"));
		answer.put("count", matched.size());
		ArrayNode items = answer.putArray(key);
		int from = (page - 1) * size;
		for (int i = from; i < Math.min(matched.size(), from + size); i++) {
			items.add(matched.get(i).deepCopy());
		}
		return answer;
	}

	private static boolean tagsMatch(ObjectNode o, Map<String, String> p) {
		for (int i = 0; p.containsKey("tags[" + i + "].key"); i++) {
			String k = p.get("tags[" + i + "].key");
			String v = p.get("tags[" + i + "].value");
			boolean found = false;
			for (JsonNode t : o.path("tags")) {
				if (t.get("key").asText().equals(k) && (v == null || t.get("value").asText().equals(v))) {
					found = true;
				}
			}
			if (!found) {
				return false;
			}
		}
		return true;
	}

	private ObjectNode listVms(Map<String, String> p) {
		ObjectNode answer = list(p, new ArrayList<>(vms.values()), "virtualmachine",
				o -> !p.containsKey("keypair") || o.path("keypair").asText().equals(p.get("keypair")));
		if (startingReads > 0 && p.containsKey("id")) {
			for (JsonNode vm : answer.path("virtualmachine")) {
				if (vm.get("state").asText().equals("Running")) {
					startingReads--;
					((ObjectNode) vm).put("state", "Starting");
				}
			}
		}
		return answer;
	}

	private ObjectNode registerKeyPair(Map<String, String> p) {
		String name = require(p, "name");
		String key = require(p, "publickey");
		if (keyPairs.containsKey(name)) {
			throw paramError("A key pair with name '" + name + "' already exists for this account.");
		}
		if (!key.startsWith("ssh-ed25519 ") && !key.startsWith("ssh-rsa ")) {
			throw paramError("Public key is invalid");
		}
		ObjectNode kp = JSON.createObjectNode().put("name", name).put("fingerprint", "fake:" + key.hashCode())
				.put("publickey", key);
		keyPairs.put(name, kp);
		ObjectNode answer = JSON.createObjectNode();
		answer.set("keypair", kp.deepCopy());
		return answer;
	}

	private String firstNetwork(Map<String, String> p) {
		String ids = p.get("networkids");
		return ids == null || ids.isEmpty() ? networks.get(0).get("id").asText() : ids.split(",")[0];
	}

	private ObjectNode newVm(String name, String zoneId, String networkId, String keyPair) {
		String id = UUID.randomUUID().toString();
		ObjectNode vm = JSON.createObjectNode().put("id", id).put("name", name).put("displayname", name)
				.put("state", "Starting").put("zoneid", zoneId).put("keypair", keyPair == null ? "" : keyPair);
		ArrayNode nics = vm.putArray("nic");
		nics.addObject().put("id", UUID.randomUUID().toString()).put("networkid", networkId)
				.put("ipaddress", "10.1.1." + ips.incrementAndGet()).put("isdefault", true);
		vm.putArray("tags");
		vms.put(id, vm);
		return vm;
	}

	private ObjectNode deploy(Map<String, String> p, String method) {
		String zoneId = require(p, "zoneid");
		require(p, "serviceofferingid");
		String templateId = require(p, "templateid");
		if (zones.stream().noneMatch(z -> z.get("id").asText().equals(zoneId))) {
			throw paramError("Unable to find zone by id=" + zoneId);
		}
		if (serviceOfferings.stream().noneMatch(o -> o.get("id").asText().equals(p.get("serviceofferingid")))) {
			throw paramError("Unable to find service offering: " + p.get("serviceofferingid"));
		}
		if (templates.stream().noneMatch(t -> t.get("id").asText().equals(templateId) && t.get("zoneid").asText().equals(zoneId))) {
			throw paramError("Unable to use template " + templateId + " in zone " + zoneId);
		}
		if (p.containsKey("keypair") && !keyPairs.containsKey(p.get("keypair"))) {
			throw paramError("Unable to find key pair by name " + p.get("keypair"));
		}
		if (p.containsKey("networkids")) {
			for (String n : p.get("networkids").split(",")) {
				if (networks.stream().noneMatch(x -> x.get("id").asText().equals(n))) {
					throw paramError("Unable to find network by id " + n);
				}
			}
		}
		String name = p.get("name");
		if (name != null && vms.values().stream().anyMatch(v -> v.get("name").asText().equals(name))) {
			throw paramError("The vm with hostName " + name + " already exists in the network domain");
		}
		String userData = p.get("userdata");
		if (userData != null) {
			if (method.equals("GET") && userData.length() > 2048) {
				throw paramError("User data is too long for an http GET request");
			}
			if (userData.length() > 32768) {
				throw paramError("User data is too long for POST request");
			}
			try {
				Base64.getDecoder().decode(userData);
			} catch (IllegalArgumentException e) {
				throw paramError("User data is not base64 encoded");
			}
		}
		ObjectNode vm = newVm(name == null ? "VM-" + UUID.randomUUID() : name, zoneId, firstNetwork(p), p.get("keypair"));
		if (userData != null) {
			vm.put("_userdata", userData);
		}
		if (p.containsKey("rootdisksize")) {
			vm.put("_rootdisksize", p.get("rootdisksize"));
		}
		Job job = newJob("deployVirtualMachine");
		job.onDone = () -> vm.put("state", "Running");
		job.result = JSON.createObjectNode();
		job.result.set("virtualmachine", vm);
		return JSON.createObjectNode().put("id", vm.get("id").asText()).put("jobid", job.id);
	}

	private Job newJob(String command) {
		Job job = new Job(UUID.randomUUID().toString(), command, asyncPolls);
		jobs.put(job.id, job);
		return job;
	}

	private ObjectNode async(String c, String command, Map<String, String> p) {
		Job job = newJob(command);
		ObjectNode result = JSON.createObjectNode();
		job.result = result;
		switch (c) {
			case "destroyvirtualmachine", "expungevirtualmachine" -> {
				ObjectNode vm = vm(require(p, "id"));
				boolean gone = c.equals("expungevirtualmachine") || Boolean.parseBoolean(p.get("expunge"));
				if (c.equals("expungevirtualmachine") && !vm.get("state").asText().equals("Destroyed")) {
					throw paramError("Please specify a vm that is in Destroyed state");
				}
				vm.put("state", gone ? "Expunging" : "Destroyed");
				job.onDone = () -> {
					if (gone) {
						vms.remove(vm.get("id").asText());
						// data volumes are detached, not deleted
						volumes.values().stream().filter(v -> v.path("virtualmachineid").asText().equals(vm.get("id").asText()))
								.forEach(v -> v.remove("virtualmachineid"));
					}
				};
				result.set("virtualmachine", vm);
			}
			case "startvirtualmachine" -> {
				ObjectNode vm = vm(require(p, "id"));
				vm.put("state", "Starting");
				job.onDone = () -> vm.put("state", "Running");
				result.set("virtualmachine", vm);
			}
			case "createtags" -> {
				String type = require(p, "resourcetype");
				List<ObjectNode> targets = new ArrayList<>();
				for (String id : require(p, "resourceids").split(",")) {
					ObjectNode target = type.equalsIgnoreCase("UserVm") ? vms.get(id)
							: type.equalsIgnoreCase("Volume") ? volumes.get(id) : null;
					if (target == null) {
						throw paramError("Unable to find resource by id " + id + " and type " + type);
					}
					targets.add(target);
				}
				Map<String, String> tags = new LinkedHashMap<>();
				for (int i = 0; p.containsKey("tags[" + i + "].key"); i++) {
					tags.put(p.get("tags[" + i + "].key"), p.getOrDefault("tags[" + i + "].value", ""));
				}
				if (tags.isEmpty()) {
					throw paramError("Unable to execute API command createtags due to missing parameter tags");
				}
				for (ObjectNode target : targets) {
					for (JsonNode t : target.path("tags")) {
						if (tags.containsKey(t.get("key").asText())) {
							throw paramError("tag " + t.get("key").asText() + " already exists on resource " + target.get("id").asText());
						}
					}
				}
				job.onDone = () -> {
					for (ObjectNode target : targets) {
						ArrayNode array = target.withArray("tags");
						tags.forEach((k, v) -> array.addObject().put("key", k).put("value", v).put("resourcetype", type)
								.put("resourceid", target.get("id").asText()));
					}
				};
				result.put("success", true);
			}
			case "createvolume" -> {
				String offeringId = require(p, "diskofferingid");
				ObjectNode offering = diskOfferings.stream().filter(o -> o.get("id").asText().equals(offeringId)).findFirst()
						.orElseThrow(() -> paramError("Unable to find disk offering by id " + offeringId));
				if (offering.get("iscustomized").asBoolean() && !p.containsKey("size")) {
					throw paramError("This disk offering requires a custom size specified");
				}
				ObjectNode v = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("name", require(p, "name"))
						.put("zoneid", require(p, "zoneid")).put("type", "DATADISK").put("state", "Allocated")
						.put("diskofferingid", offeringId)
						.put("size", Long.parseLong(p.getOrDefault("size", offering.get("disksize").asText())) << 30);
				v.putArray("tags");
				volumes.put(v.get("id").asText(), v);
				result.set("volume", v);
			}
			case "attachvolume" -> {
				ObjectNode v = volume(require(p, "id"));
				ObjectNode vm = vm(require(p, "virtualmachineid"));
				if (v.has("virtualmachineid")) {
					throw paramError("Please specify a volume that is not attached to any VM.");
				}
				job.onDone = () -> v.put("virtualmachineid", vm.get("id").asText()).put("state", "Ready");
				result.set("volume", v);
			}
			case "detachvolume" -> {
				ObjectNode v = volume(require(p, "id"));
				if (!v.has("virtualmachineid")) {
					throw paramError("Please specify a volume that is attached to a VM.");
				}
				job.onDone = () -> v.remove("virtualmachineid");
				result.set("volume", v);
			}
			default -> throw new IllegalStateException(c);
		}
		return JSON.createObjectNode().put("jobid", job.id);
	}

	private ObjectNode vm(String id) {
		ObjectNode vm = vms.get(id);
		if (vm == null) {
			throw paramError("Unable to find a virtual machine with specified vmId " + id);
		}
		return vm;
	}

	private ObjectNode volume(String id) {
		ObjectNode v = volumes.get(id);
		if (v == null) {
			throw paramError("Unable to find volume with ID: " + id);
		}
		return v;
	}

	private ObjectNode deleteVolume(Map<String, String> p) {
		ObjectNode v = volume(require(p, "id"));
		if (v.has("virtualmachineid")) {
			throw paramError("Please specify a volume that is not attached to any VM.");
		}
		volumes.remove(v.get("id").asText());
		return JSON.createObjectNode().put("success", "true");
	}

	private ObjectNode queryJob(Map<String, String> p) {
		Job job = jobs.get(require(p, "jobid"));
		if (job == null) {
			throw paramError("Unable to find job by id " + p.get("jobid"));
		}
		ObjectNode answer = JSON.createObjectNode().put("jobid", job.id).put("cmd", "org.apache.cloudstack.api.command." + job.command);
		if (job.pending > 0) {
			job.pending--;
			return answer.put("jobstatus", 0).put("jobprocstatus", 0).put("jobresultcode", 0);
		}
		if (job.failure != null) {
			answer.put("jobstatus", 2).put("jobprocstatus", 0).put("jobresultcode", 530).put("jobresulttype", "object");
			answer.putObject("jobresult").put("errorcode", job.failure.errorCode()).put("cserrorcode", job.failure.csErrorCode())
					.put("errortext", job.failure.text());
			return answer;
		}
		if (job.onDone != null) {
			job.onDone.run();
			job.onDone = null;
		}
		answer.put("jobstatus", 1).put("jobprocstatus", 0).put("jobresultcode", 0).put("jobresulttype", "object");
		answer.set("jobresult", job.result == null ? JSON.createObjectNode() : job.result.deepCopy());
		return answer;
	}
}
