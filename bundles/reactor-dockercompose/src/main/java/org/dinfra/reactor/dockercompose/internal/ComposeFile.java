package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Compose file the reactor writes for a deployment: built from the descriptor key by key,
 * so that only the supported subset reaches Compose whatever the descriptor holds. Ports get the
 * provider's address, services without limits get the default limits, every container gets the
 * pids limit and the labels {@code org.dinfra.subscription} and {@code org.dinfra.provider},
 * named volumes get the same labels. The file is JSON, which Compose reads as YAML.
 */
final class ComposeFile {
	/** Label carrying the deployment (subscription) id on containers and volumes. */
	static final String LABEL_SUBSCRIPTION = "org.dinfra.subscription";
	/** Label carrying the provider id on containers and volumes. */
	static final String LABEL_PROVIDER = "org.dinfra.provider";
	/** Label Compose sets on everything of a project. */
	static final String LABEL_PROJECT = "com.docker.compose.project";
	/** Label Compose sets on a service's containers. */
	static final String LABEL_SERVICE = "com.docker.compose.service";

	/** Strict JSON, as core reads descriptors: duplicate keys and trailing data are errors. */
	static final ObjectMapper JSON = JsonMapper.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build();

	private ComposeFile() {
	}

	/**
	 * @param descriptor JSON text
	 * @return the parsed descriptor
	 * @throws IllegalArgumentException when it is not JSON
	 */
	static JsonNode parse(String descriptor) {
		try {
			JsonNode node = JSON.readTree(descriptor);
			if (node == null || node.isMissingNode()) {
				throw new IllegalArgumentException("empty descriptor");
			}
			return node;
		} catch (IOException e) {
			throw new IllegalArgumentException("descriptor is not JSON: " + e.getMessage(), e);
		}
	}

	/** @return the Compose project name of a deployment */
	static String project(long id) {
		return "dinfra-" + Long.toUnsignedString(id);
	}

	/**
	 * @param root       a descriptor the policy allows
	 * @param settings   the policy's settings
	 * @param id         the deployment id
	 * @param providerId the provider id
	 * @param v1         whether the file is for Compose v1, which takes the process limit as
	 *                   {@code pids_limit}; v2 wants {@code deploy.resources.limits.pids} and
	 *                   refuses both together
	 * @return the Compose file's JSON text
	 */
	static String render(JsonNode root, ComposePolicy.Settings settings, long id, String providerId, boolean v1) {
		ObjectNode out = JSON.createObjectNode();
		ObjectNode services = out.putObject("services");
		for (Iterator<Map.Entry<String, JsonNode>> it = root.path("services").fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> e = it.next();
			services.set(e.getKey(), service(e.getValue(), settings, id, providerId, v1));
		}
		JsonNode volumes = root.path("volumes");
		if (volumes.isObject() && !volumes.isEmpty()) {
			ObjectNode outVolumes = out.putObject("volumes");
			volumes.fieldNames().forEachRemaining(name -> {
				ObjectNode v = outVolumes.putObject(name);
				ObjectNode labels = labels(volumes.get(name).path("labels"));
				labels.put(LABEL_SUBSCRIPTION, Long.toUnsignedString(id));
				labels.put(LABEL_PROVIDER, providerId);
				v.set("labels", labels);
			});
		}
		try {
			return JSON.writeValueAsString(out) + "\n";
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ObjectNode service(JsonNode in, ComposePolicy.Settings settings, long id, String providerId,
			boolean v1) {
		ObjectNode s = JSON.createObjectNode();
		s.put("image", in.path("image").asText());
		for (String key : new String[] {"command", "entrypoint", "environment", "healthcheck", "restart", "depends_on"}) {
			if (in.has(key) && !in.get(key).isNull()) {
				s.set(key, in.get(key).deepCopy());
			}
		}
		if (in.path("ports").size() > 0) {
			ArrayNode ports = s.putArray("ports");
			in.get("ports").forEach(p -> ports.add(PortMapping.parse(p).shortSyntax(settings.publishAddress())));
		}
		if (in.path("volumes").size() > 0) {
			ArrayNode volumes = s.putArray("volumes");
			in.get("volumes").forEach(v -> volumes.add(VolumeMount.parse(v).shortSyntax()));
		}
		JsonNode limits = in.path("deploy").path("resources").path("limits");
		double cpus = limits.has("cpus") ? Sizes.cpus(limits.get("cpus")) : settings.defaultCpus();
		long memory = limits.has("memory") ? Sizes.bytes(limits.get("memory")) : settings.defaultMemoryBytes();
		ObjectNode outLimits = s.putObject("deploy").putObject("resources").putObject("limits");
		outLimits.put("cpus", Sizes.cpuText(cpus));
		outLimits.put("memory", Sizes.human(memory));
		if (v1) {
			s.put("pids_limit", settings.pidsLimit());
		} else {
			outLimits.put("pids", settings.pidsLimit());
		}
		ObjectNode labels = labels(in.path("labels"));
		labels.put(LABEL_SUBSCRIPTION, Long.toUnsignedString(id));
		labels.put(LABEL_PROVIDER, providerId);
		s.set("labels", labels);
		return s;
	}

	/** @return labels in the object form, from either Compose form */
	private static ObjectNode labels(JsonNode labels) {
		ObjectNode out = JSON.createObjectNode();
		if (labels.isObject()) {
			labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
		} else if (labels.isArray()) {
			labels.forEach(l -> {
				String[] kv = l.asText().split("=", 2);
				out.put(kv[0], kv.length > 1 ? kv[1] : "");
			});
		}
		return out;
	}
}
