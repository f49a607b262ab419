package org.dinfra.reactor.dockercompose.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The provider's policy for Compose descriptors: what may run on the provider's Docker engine.
 * Checked after the schema and before anything runs; every violation is reported, each as
 * {@code <json pointer>: <reason>}.
 *
 * <p>The schema already refuses every key outside the supported subset. The policy does not
 * rely on that: it names each escape route itself (privileged, capabilities, devices, host or
 * container namespaces, cgroup parent, security options, sysctls, volumes of other containers,
 * files of the provider's host), so that {@link org.dinfra.core.api.Reactor#check} is safe even
 * on a descriptor that no schema has seen. What is inside the subset but unsafe is the policy's
 * alone: host paths as volume sources, volume drivers and names, published addresses and ports,
 * images, CPU and memory per deployment, reserved labels, and variable interpolation
 * ({@code $NAME} would read the agent's environment).
 */
final class ComposePolicy {
	/** Label prefixes the reactor sets itself; a descriptor may not set them. */
	static final List<String> RESERVED_LABEL_PREFIXES = List.of("org.dinfra.", "com.docker.");

	/** Service keys of the supported subset. */
	static final Set<String> SERVICE_KEYS = Set.of("image", "command", "entrypoint", "environment", "ports", "volumes",
			"healthcheck", "restart", "deploy", "labels", "depends_on");

	private static final Set<String> TOP_LEVEL_KEYS = Set.of("services", "volumes", "version");
	private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

	/** Escape routes out of a container, with the reason each is refused. */
	private static final Map<String, String> SERVICE_ESCAPES = escapes();

	private static Map<String, String> escapes() {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("privileged", "privileged containers are not allowed");
		m.put("cap_add", "adding capabilities is not allowed");
		m.put("devices", "host devices are not allowed");
		m.put("device_cgroup_rules", "device cgroup rules are not allowed");
		m.put("gpus", "host devices are not allowed");
		m.put("network_mode", "network_mode is not allowed: the host's or another container's network is outside the project");
		m.put("pid", "sharing the host's or another container's pid namespace is not allowed");
		m.put("ipc", "sharing the host's or another container's ipc namespace is not allowed");
		m.put("uts", "sharing the host's uts namespace is not allowed");
		m.put("userns_mode", "leaving the user namespace setting of the engine is not allowed");
		m.put("cgroup", "sharing the host's cgroup namespace is not allowed");
		m.put("cgroup_parent", "choosing the cgroup parent is not allowed");
		m.put("security_opt", "security options are not allowed (they can turn seccomp, AppArmor or SELinux off)");
		m.put("sysctls", "sysctls are not allowed");
		m.put("volumes_from", "mounting the volumes of other containers is not allowed");
		m.put("env_file", "reading files on the provider's host is not allowed");
		m.put("extends", "reading files on the provider's host is not allowed");
		m.put("build", "building images from the provider's host is not allowed");
		m.put("external_links", "linking to containers outside the project is not allowed");
		m.put("links", "links are not supported; services reach each other by name on the project network");
		m.put("networks", "networks are not supported; services share the project's own network");
		m.put("runtime", "choosing the container runtime is not allowed");
		m.put("isolation", "choosing the isolation technology is not allowed");
		m.put("ulimits", "raising ulimits is not allowed");
		m.put("oom_kill_disable", "disabling the OOM killer is not allowed");
		m.put("oom_score_adj", "adjusting the OOM score is not allowed");
		m.put("storage_opt", "storage driver options are not allowed");
		m.put("pids_limit", "the provider sets the pids limit");
		m.put("mem_limit", "limits are set under deploy.resources.limits");
		m.put("cpus", "limits are set under deploy.resources.limits");
		m.put("container_name", "container names are set by the provider");
		m.put("secrets", "secrets from the provider's host are not supported");
		m.put("configs", "configs from the provider's host are not supported");
		return Map.copyOf(m);
	}

	/**
	 * The provider's settings.
	 *
	 * @param publishAddress       the only address ports are published on
	 * @param portMin              the lowest published port allowed
	 * @param portMax              the highest published port allowed
	 * @param maxCpus              the CPUs all services of one deployment may use together
	 * @param maxMemoryBytes       the memory all services of one deployment may use together
	 * @param defaultCpus          the CPU limit given to a service that names none
	 * @param defaultMemoryBytes   the memory limit given to a service that names none
	 * @param pidsLimit            the process limit of every container
	 * @param allowedImagePrefixes normalised image prefixes ({@link ImageRef#prefix})
	 */
	record Settings(String publishAddress, int portMin, int portMax, double maxCpus, long maxMemoryBytes,
			double defaultCpus, long defaultMemoryBytes, int pidsLimit, List<String> allowedImagePrefixes) {
		/*
		 * Safe defaults, of defaults() and of the reactor's configuration (DockerComposeReactorConfig
		 * refers to them; the commented .cfg documents them, checked by DockerComposeReactorConfigTest).
		 */
		static final String DEFAULT_ADDRESS = "127.0.0.1";
		static final int DEFAULT_PORT_MIN = 20000;
		static final int DEFAULT_PORT_MAX = 29999;
		static final double DEFAULT_MAX_CPUS = 2.0;
		static final String DEFAULT_MAX_MEMORY = "2g";
		static final double DEFAULT_SERVICE_CPUS = 0.5;
		static final String DEFAULT_SERVICE_MEMORY = "256m";
		static final int DEFAULT_PIDS_LIMIT = 1024;
		static final String DEFAULT_IMAGE_PREFIXES = "docker.io/library/";

		Settings {
			Objects.requireNonNull(publishAddress, "publishAddress");
			if (publishAddress.isBlank()) {
				throw new IllegalArgumentException("publishAddress must name an address");
			}
			if (portMin < 1 || portMax > 65535 || portMin > portMax) {
				throw new IllegalArgumentException("port range " + portMin + "-" + portMax + " is not within 1-65535");
			}
			if (!(maxCpus > 0) || !(defaultCpus > 0) || maxMemoryBytes <= 0 || defaultMemoryBytes <= 0) {
				throw new IllegalArgumentException("CPU and memory limits must be positive");
			}
			if (pidsLimit < 1) {
				throw new IllegalArgumentException("pidsLimit must be at least 1");
			}
			allowedImagePrefixes = allowedImagePrefixes.stream().map(ImageRef::prefix).toList();
		}

		/** @return the default settings, as {@code ./dinfra descriptor check} applies them */
		static Settings defaults() {
			return new Settings(DEFAULT_ADDRESS, DEFAULT_PORT_MIN, DEFAULT_PORT_MAX, DEFAULT_MAX_CPUS,
					Sizes.bytes(DEFAULT_MAX_MEMORY), DEFAULT_SERVICE_CPUS, Sizes.bytes(DEFAULT_SERVICE_MEMORY),
					DEFAULT_PIDS_LIMIT, prefixes(DEFAULT_IMAGE_PREFIXES));
		}

		/** @return a comma- or space-separated list of prefixes, split */
		static List<String> prefixes(String list) {
			return Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
		}

		/** @return these settings with other image prefixes */
		Settings withImagePrefixes(List<String> prefixes) {
			return new Settings(publishAddress, portMin, portMax, maxCpus, maxMemoryBytes, defaultCpus,
					defaultMemoryBytes, pidsLimit, prefixes);
		}
	}

	private final Settings settings;

	ComposePolicy(Settings settings) {
		this.settings = settings;
	}

	Settings settings() {
		return settings;
	}

	/**
	 * @param root the descriptor
	 * @return every violation, {@code <json pointer>: <reason>}; empty when the descriptor is allowed
	 */
	List<String> check(JsonNode root) {
		List<String> v = new ArrayList<>();
		if (root == null || !root.isObject()) {
			v.add("/: a Compose descriptor is a JSON object");
			return v;
		}
		interpolation(root, "", v);
		for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
			String key = it.next();
			if (key.equals("name")) {
				v.add("/name: the project name is set by the provider (dinfra-<deployment id>)");
			} else if (!TOP_LEVEL_KEYS.contains(key)) {
				v.add(ptr("", key) + ": not supported by the docker-compose reactor");
			}
		}
		JsonNode volumes = root.path("volumes");
		Set<String> declared = new HashSet<>();
		if (volumes.isObject()) {
			volumes.fields().forEachRemaining(e -> {
				declared.add(e.getKey());
				topLevelVolume(e.getKey(), e.getValue(), v);
			});
		}
		JsonNode services = root.path("services");
		if (!services.isObject() || services.isEmpty()) {
			v.add("/services: at least one service is required");
			return v;
		}
		double cpus = 0;
		long memory = 0;
		Set<String> published = new HashSet<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> e = it.next();
			String at = ptr("/services", e.getKey());
			JsonNode service = e.getValue();
			if (!service.isObject()) {
				v.add(at + ": a service is an object");
				continue;
			}
			service(at, service, declared, published, v);
			Limits limits = limits(at, service, v);
			cpus += limits.cpus;
			memory += limits.memory;
		}
		if (cpus > settings.maxCpus() + 1e-9) {
			v.add("/services: the services' CPU limits add up to " + Sizes.cpuText(cpus) + ", more than the "
					+ Sizes.cpuText(settings.maxCpus()) + " CPUs allowed per deployment (a service without a limit counts "
					+ Sizes.cpuText(settings.defaultCpus()) + ")");
		}
		if (memory > settings.maxMemoryBytes()) {
			v.add("/services: the services' memory limits add up to " + Sizes.human(memory) + ", more than the "
					+ Sizes.human(settings.maxMemoryBytes()) + " allowed per deployment (a service without a limit counts "
					+ Sizes.human(settings.defaultMemoryBytes()) + ")");
		}
		return v;
	}

	private void topLevelVolume(String name, JsonNode volume, List<String> v) {
		String at = ptr("/volumes", name);
		if (!VOLUME_NAME.matcher(name).matches()) {
			v.add(at + ": volume names are lower-case letters, digits, '_', '.' and '-'");
		}
		if (volume == null || volume.isNull()) {
			return;
		}
		if (!volume.isObject()) {
			v.add(at + ": a volume is null or an object");
			return;
		}
		for (Iterator<String> it = volume.fieldNames(); it.hasNext();) {
			String key = it.next();
			switch (key) {
				case "labels" -> labels(ptr(at, key), volume.get(key), v);
				case "driver", "driver_opts" -> v.add(ptr(at, key)
						+ ": volume drivers and their options are not allowed (they can mount host paths)");
				case "external" -> v.add(ptr(at, key) + ": external volumes are not allowed (they belong to others)");
				case "name" -> v.add(ptr(at, key)
						+ ": volume names are set by the provider (a chosen name could reach another project's volume)");
				default -> v.add(ptr(at, key) + ": not supported by the docker-compose reactor");
			}
		}
	}

	private void service(String at, JsonNode service, Set<String> declared, Set<String> published, List<String> v) {
		for (Iterator<String> it = service.fieldNames(); it.hasNext();) {
			String key = it.next();
			if (SERVICE_ESCAPES.containsKey(key)) {
				v.add(ptr(at, key) + ": " + SERVICE_ESCAPES.get(key));
			} else if (!SERVICE_KEYS.contains(key)) {
				v.add(ptr(at, key) + ": not supported by the docker-compose reactor");
			}
		}
		JsonNode image = service.get("image");
		if (image == null || !image.isTextual() || image.asText().isBlank()) {
			v.add(ptr(at, "image") + ": an image is required");
		} else if (!ImageRef.allowed(image.asText(), settings.allowedImagePrefixes())) {
			v.add(ptr(at, "image") + ": image " + image.asText() + " (" + ImageRef.repository(image.asText())
					+ ") is not from an allowed registry or prefix " + settings.allowedImagePrefixes());
		}
		JsonNode ports = service.path("ports");
		for (int i = 0; i < ports.size(); i++) {
			port(ptr(ptr(at, "ports"), Integer.toString(i)), ports.get(i), published, v);
		}
		JsonNode volumes = service.path("volumes");
		for (int i = 0; i < volumes.size(); i++) {
			volume(ptr(ptr(at, "volumes"), Integer.toString(i)), volumes.get(i), declared, v);
		}
		if (service.has("labels")) {
			labels(ptr(at, "labels"), service.get("labels"), v);
		}
	}

	private void port(String at, JsonNode node, Set<String> published, List<String> v) {
		PortMapping p;
		try {
			p = PortMapping.parse(node);
		} catch (IllegalArgumentException e) {
			v.add(at + ": " + e.getMessage());
			return;
		}
		if (p.hostIp() != null && !p.hostIp().equals(settings.publishAddress())) {
			v.add(at + ": ports are published on " + settings.publishAddress() + " only, not on " + p.hostIp()
					+ " (leave the address out to get the provider's)");
		}
		if (p.published() == null) {
			v.add(at + ": a published port in " + settings.portMin() + "-" + settings.portMax() + " is required");
		} else if (p.published() < settings.portMin() || p.published() > settings.portMax()) {
			v.add(at + ": published port " + p.published() + " is outside the allowed range " + settings.portMin() + "-"
					+ settings.portMax());
		} else if (!published.add(p.published() + "/" + p.protocol())) {
			v.add(at + ": port " + p.published() + "/" + p.protocol() + " is published twice");
		}
	}

	private void volume(String at, JsonNode node, Set<String> declared, List<String> v) {
		VolumeMount m;
		try {
			m = VolumeMount.parse(node);
		} catch (IllegalArgumentException e) {
			v.add(at + ": " + e.getMessage());
			return;
		}
		if (m.bind()) {
			v.add(at + ": bind mounts and host paths (" + m.source() + ") are not allowed; use a named volume");
			return;
		}
		if (!m.target().startsWith("/")) {
			v.add(at + ": the mount target must be an absolute path in the container");
		}
		if (m.source() != null && !declared.contains(m.source())) {
			v.add(at + ": volume " + m.source() + " must be declared under the top-level volumes");
		}
	}

	private void labels(String at, JsonNode labels, List<String> v) {
		List<String> keys = new ArrayList<>();
		if (labels.isObject()) {
			labels.fieldNames().forEachRemaining(keys::add);
		} else if (labels.isArray()) {
			labels.forEach(l -> keys.add(l.asText().split("=", 2)[0]));
		}
		for (String key : keys) {
			for (String reserved : RESERVED_LABEL_PREFIXES) {
				if (key.startsWith(reserved)) {
					v.add(ptr(at, key) + ": labels starting with " + reserved + " are set by the provider");
				}
			}
		}
	}

	private record Limits(double cpus, long memory) {
	}

	/** @return the service's limits, the defaults where it names none */
	private Limits limits(String at, JsonNode service, List<String> v) {
		JsonNode limits = service.path("deploy").path("resources").path("limits");
		String limitsAt = at + "/deploy/resources/limits";
		double cpus = settings.defaultCpus();
		long memory = settings.defaultMemoryBytes();
		if (limits.has("cpus")) {
			try {
				cpus = Sizes.cpus(limits.get("cpus"));
				if (cpus > settings.maxCpus()) {
					v.add(limitsAt + "/cpus: " + Sizes.cpuText(cpus) + " CPUs is more than the "
							+ Sizes.cpuText(settings.maxCpus()) + " allowed per deployment");
				}
			} catch (IllegalArgumentException e) {
				v.add(limitsAt + "/cpus: " + e.getMessage());
			}
		}
		if (limits.has("memory")) {
			try {
				memory = Sizes.bytes(limits.get("memory"));
				if (memory > settings.maxMemoryBytes()) {
					v.add(limitsAt + "/memory: " + Sizes.human(memory) + " is more than the "
							+ Sizes.human(settings.maxMemoryBytes()) + " allowed per deployment");
				}
			} catch (IllegalArgumentException e) {
				v.add(limitsAt + "/memory: " + e.getMessage());
			}
		}
		return new Limits(cpus, memory);
	}

	/** Compose replaces {@code $NAME} and {@code ${NAME}} from the environment of the CLI; only {@code $$} is literal. */
	private static void interpolation(JsonNode node, String at, List<String> v) {
		if (node.isTextual()) {
			String s = node.asText();
			for (int i = 0; i < s.length(); i++) {
				if (s.charAt(i) == '$') {
					if (i + 1 < s.length() && s.charAt(i + 1) == '$') {
						i++;
					} else {
						v.add((at.isEmpty() ? "/" : at) + ": variable interpolation ($) is not allowed; write $$ for a literal $");
						return;
					}
				}
			}
		} else if (node.isObject()) {
			node.fields().forEachRemaining(e -> interpolation(e.getValue(), ptr(at, e.getKey()), v));
		} else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				interpolation(node.get(i), ptr(at, Integer.toString(i)), v);
			}
		}
	}

	/** @return the JSON pointer (RFC 6901) of a child */
	static String ptr(String parent, String name) {
		return parent + "/" + name.replace("~", "~0").replace("/", "~1");
	}
}
