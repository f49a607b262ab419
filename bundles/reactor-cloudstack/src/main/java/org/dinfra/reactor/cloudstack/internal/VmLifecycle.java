package org.dinfra.reactor.cloudstack.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a deployment's VM on CloudStack: deploy (idempotent, adopting what a crash left),
 * teardown (with its data volumes and, when unused, its key pair), status and inventory.
 *
 * <p>What belongs to deployment {@code <id>}: the VM named {@code dinfra-<id>} and tagged
 * {@code dinfra:subscription=<id>}, {@code dinfra:provider=<provider id>}; its data volumes
 * {@code dinfra-<id>-disk<n>}, tagged the same and {@code dinfra:disk=<n>}; the key pair
 * {@code dinfra-<consumer's SS58 address>}, shared by all VMs of one consumer.
 */
final class VmLifecycle {
	private static final Logger LOG = LoggerFactory.getLogger(VmLifecycle.class);

	static final String TAG_SUBSCRIPTION = "dinfra:subscription";
	static final String TAG_PROVIDER = "dinfra:provider";
	static final String TAG_DISK = "dinfra:disk";
	static final String PREFIX = "dinfra-";
	private static final Pattern VM_NAME = Pattern.compile("dinfra-(\\d{1,20})");

	private final CloudStackClient client;
	private final String providerId;
	private final VmPolicy policy;
	private final boolean expunge;
	private final Duration runningTimeout;
	private final int sshPort;
	private final Clock clock;
	private final Map<String, ReentrantLock> keyPairLocks = new ConcurrentHashMap<>();

	VmLifecycle(CloudStackClient client, String providerId, VmPolicy policy, boolean expunge, Duration runningTimeout,
			int sshPort, Clock clock) {
		this.client = client;
		this.providerId = providerId;
		this.policy = policy;
		this.expunge = expunge;
		this.runningTimeout = runningTimeout;
		this.sshPort = sshPort;
		this.clock = clock;
	}

	/** A CloudStack step that may fail. */
	@FunctionalInterface
	private interface Step<T> {
		T run() throws CloudStackException;
	}

	private static <T> T step(String doing, Step<T> step) throws ReactorException {
		try {
			return step.run();
		} catch (CloudStackException e) {
			throw CloudStackErrors.toReactorException(e, doing);
		}
	}

	static String vmName(long id) {
		return PREFIX + Long.toUnsignedString(id);
	}

	static String keyPairName(String ss58) {
		return PREFIX + ss58;
	}

	// ---- deploy ---------------------------------------------------------------------------------

	/**
	 * Creates the VM of a deployment, or finds it, and waits until it runs.
	 *
	 * @param id        the deployment id
	 * @param d         the descriptor, allowed by the policy
	 * @param keyPair   the key pair's name
	 * @param publicKey the consumer's OpenSSH public key line
	 * @return the running status with the VM's ssh endpoints
	 */
	ReactorStatus deploy(long id, VmDescriptor d, String keyPair, String publicKey) throws ReactorException {
		String name = vmName(id);
		JsonNode vm = step("looking for VM " + name, () -> pick(find(id)));
		if (vm != null) {
			String state = vm.path("state").asText();
			String vmId = vm.path("id").asText();
			if (state.equals("Destroyed")) {
				LOG.info("Deployment {}: VM {} ({}) is destroyed but not expunged; expunging it before deploying anew",
						Long.toUnsignedString(id), name, vmId);
				step("expunging destroyed VM " + name, () -> client.callAsync("expungeVirtualMachine", Map.of("id", vmId)));
				vm = null;
			} else if (state.equals("Expunging")) {
				throw new ReactorException(Reason.of(ReasonCode.DEPLOY_FAILED,
						"an earlier VM " + name + " (" + vmId + ") is being expunged; deploying once it is gone"), true, null);
			} else if (state.equals("Error")) {
				LOG.warn("Deployment {}: VM {} ({}) is in state Error; destroying it and deploying anew",
						Long.toUnsignedString(id), name, vmId);
				step("destroying VM " + name + " in state Error", () -> client.callAsync("destroyVirtualMachine",
						Map.of("id", vmId, "expunge", Boolean.toString(expunge))));
				vm = null;
			} else {
				LOG.info("Deployment {}: adopting existing VM {} ({}, {})", Long.toUnsignedString(id), name, vmId, state);
			}
		}
		Resolver resolver = new Resolver(d);
		if (vm == null) {
			vm = create(id, d, resolver, keyPair, publicKey);
		}
		JsonNode created = vm;
		step("tagging VM " + name, () -> {
			ensureTags(created, "UserVm", tags(id, null));
			return null;
		});
		String vmId = vm.path("id").asText();
		String zoneId = vm.path("zoneid").asText();
		if (!d.dataDisks().isEmpty()) {
			ensureDisks(id, d, vmId, zoneId, resolver);
		}
		JsonNode running = awaitRunning(id, vmId);
		return ReactorStatus.running(id, endpoints(running));
	}

	private JsonNode create(long id, VmDescriptor d, Resolver resolver, String keyPair, String publicKey)
			throws ReactorException {
		String name = vmName(id);
		Map<String, String> p = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		resolver.zone(problems, refused).ifPresent(z -> p.put("zoneid", z));
		if (p.containsKey("zoneid")) {
			resolver.serviceOffering(problems, refused).ifPresent(o -> p.put("serviceofferingid", o));
			resolver.template(p.get("zoneid"), problems, refused).ifPresent(t -> p.put("templateid", t));
			List<String> networks = new ArrayList<>();
			for (int i = 0; i < d.networks().size(); i++) {
				resolver.network(i, p.get("zoneid"), problems, refused).ifPresent(networks::add);
			}
			if (!networks.isEmpty()) {
				p.put("networkids", String.join(",", networks));
			}
			if (d.affinityGroup() != null) {
				resolver.affinityGroup(problems, refused).ifPresent(a -> p.put("affinitygroupids", a));
			}
			for (int i = 0; i < d.dataDisks().size(); i++) {
				resolver.diskOffering(i, problems, refused);
			}
		}
		if (!problems.isEmpty()) {
			throw ReactorException.permanent(ReasonCode.BAD_PARAMETERS,
					"CloudStack does not know what the descriptor names", problems);
		}
		if (!refused.isEmpty()) {
			throw ReactorException.permanent(ReasonCode.POLICY_VIOLATION, "the provider's policy refuses this descriptor",
					refused);
		}
		p.put("name", name);
		p.put("displayname", name);
		p.put("keypair", keyPair);
		if (d.rootDiskSizeGb() != null) {
			p.put("rootdisksize", Integer.toString(d.rootDiskSizeGb()));
		}
		if (d.userData() != null) {
			p.put("userdata", Base64.getEncoder().encodeToString(d.userData().getBytes(StandardCharsets.UTF_8)));
		}
		p.put("startvm", "true");
		ReentrantLock lock = keyPairLocks.computeIfAbsent(keyPair, k -> new ReentrantLock());
		lock.lock();
		try {
			step("registering key pair " + keyPair, () -> {
				ensureKeyPair(keyPair, publicKey);
				return null;
			});
			LOG.info("Deployment {}: deploying VM {} in zone {}", Long.toUnsignedString(id), name, p.get("zoneid"));
			JsonNode result = step("deploying VM " + name, () -> client.callAsync("deployVirtualMachine", p));
			JsonNode vm = result.path("virtualmachine");
			if (!vm.isObject() || vm.path("id").asText().isEmpty()) {
				throw ReactorException.transientFailure("deploying VM " + name + ": the job's result has no virtualmachine",
						null);
			}
			return vm;
		} finally {
			lock.unlock();
		}
	}

	private void ensureKeyPair(String name, String publicKey) throws CloudStackException {
		List<JsonNode> existing = client.list("listSSHKeyPairs", Map.of("name", name), "sshkeypair");
		if (existing.stream().anyMatch(k -> name.equals(k.path("name").asText()))) {
			return;
		}
		try {
			client.call("registerSSHKeyPair", Map.of("name", name, "publickey", publicKey));
			LOG.info("Registered key pair {}", name);
		} catch (CloudStackException e) {
			// another agent on the same account may have registered it meanwhile
			List<JsonNode> again = client.list("listSSHKeyPairs", Map.of("name", name), "sshkeypair");
			if (again.stream().noneMatch(k -> name.equals(k.path("name").asText()))) {
				throw e;
			}
		}
	}

	private Map<String, String> tags(long id, Integer disk) {
		Map<String, String> t = new LinkedHashMap<>();
		t.put(TAG_SUBSCRIPTION, Long.toUnsignedString(id));
		t.put(TAG_PROVIDER, providerId);
		if (disk != null) {
			t.put(TAG_DISK, disk.toString());
		}
		return t;
	}

	/** Creates the tags a resource lacks (createTags fails for a key that exists). */
	private void ensureTags(JsonNode resource, String type, Map<String, String> wanted) throws CloudStackException {
		Map<String, String> have = tagsOf(resource);
		Map<String, String> p = new LinkedHashMap<>();
		p.put("resourcetype", type);
		p.put("resourceids", resource.path("id").asText());
		int i = 0;
		for (Map.Entry<String, String> e : wanted.entrySet()) {
			if (!have.containsKey(e.getKey())) {
				p.put("tags[" + i + "].key", e.getKey());
				p.put("tags[" + i + "].value", e.getValue());
				i++;
			}
		}
		if (i > 0) {
			client.callAsync("createTags", p);
		}
	}

	private void ensureDisks(long id, VmDescriptor d, String vmId, String zoneId, Resolver resolver)
			throws ReactorException {
		List<JsonNode> volumes = step("listing the data volumes of " + vmName(id), () -> volumesOf(id));
		for (int i = 0; i < d.dataDisks().size(); i++) {
			int n = i;
			String volumeName = vmName(id) + "-disk" + i;
			JsonNode volume = volumes.stream().filter(v -> Integer.toString(n).equals(tagsOf(v).get(TAG_DISK))
					|| volumeName.equals(v.path("name").asText())).findFirst().orElse(null);
			if (volume == null) {
				List<String> problems = new ArrayList<>();
				List<String> refused = new ArrayList<>();
				Optional<String> offering = resolver.diskOffering(i, problems, refused);
				if (!problems.isEmpty() || !refused.isEmpty() || offering.isEmpty()) {
					List<String> all = new ArrayList<>(problems);
					all.addAll(refused);
					throw ReactorException.permanent(problems.isEmpty() ? ReasonCode.POLICY_VIOLATION : ReasonCode.BAD_PARAMETERS,
							"data disk " + i + " cannot be created", all);
				}
				Map<String, String> p = new LinkedHashMap<>();
				p.put("name", volumeName);
				p.put("zoneid", zoneId);
				p.put("diskofferingid", offering.get());
				Integer size = d.dataDisks().get(i).sizeGb();
				if (size != null) {
					p.put("size", size.toString());
				}
				LOG.info("Deployment {}: creating data volume {}", Long.toUnsignedString(id), volumeName);
				volume = step("creating data volume " + volumeName, () -> client.callAsync("createVolume", p)).path("volume");
			}
			JsonNode v = volume;
			step("tagging data volume " + volumeName, () -> {
				ensureTags(v, "Volume", tags(id, n));
				return null;
			});
			if (!vmId.equals(v.path("virtualmachineid").asText())) {
				step("attaching data volume " + volumeName,
						() -> client.callAsync("attachVolume", Map.of("id", v.path("id").asText(), "virtualmachineid", vmId)));
			}
		}
	}

	private JsonNode awaitRunning(long id, String vmId) throws ReactorException {
		Instant deadline = clock.instant().plus(runningTimeout);
		boolean started = false;
		while (true) {
			List<JsonNode> vms = step("reading VM " + vmName(id), () -> {
				try {
					return client.list("listVirtualMachines", Map.of("id", vmId), "virtualmachine");
				} catch (CloudStackException e) {
					if (e.kind() == CloudStackException.Kind.API && e.errorCode() == 431) {
						return List.of(); // CloudStack answers an id it does not know with PARAM_ERROR
					}
					throw e;
				}
			});
			JsonNode vm = vms.isEmpty() ? null : vms.get(0);
			String state = vm == null ? "missing" : vm.path("state").asText();
			switch (state) {
				case "Running" -> {
					return vm;
				}
				case "Error" -> throw ReactorException.permanent(ReasonCode.DEPLOY_FAILED,
						"VM " + vmName(id) + " (" + vmId + ") entered state Error");
				case "missing", "Destroyed", "Expunging" -> throw ReactorException.transientFailure(
						"VM " + vmName(id) + " (" + vmId + ") disappeared (" + state + ") while deploying", null);
				case "Stopped" -> {
					if (!started) {
						started = true;
						LOG.info("Deployment {}: starting stopped VM {}", Long.toUnsignedString(id), vmName(id));
						step("starting VM " + vmName(id), () -> client.callAsync("startVirtualMachine", Map.of("id", vmId)));
						continue;
					}
				}
				default -> {
					// Starting, Stopping, Migrating...: wait
				}
			}
			if (!clock.instant().isBefore(deadline)) {
				throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, "VM " + vmName(id) + " (" + vmId
						+ ") not running after " + runningTimeout.toSeconds() + " s (state " + state + ")"), true, null);
			}
			step("waiting for VM " + vmName(id), () -> {
				client.pause("listVirtualMachines", client.settings().pollInterval());
				return null;
			});
		}
	}

	// ---- teardown -------------------------------------------------------------------------------

	/**
	 * Destroys the deployment's VMs (expunged), deletes its data volumes, and removes the key
	 * pairs they used when no other VM uses them. Nothing found: nothing done.
	 */
	void teardown(long id) throws ReactorException {
		String name = vmName(id);
		List<JsonNode> vms = step("looking for VM " + name, () -> find(id));
		List<JsonNode> volumes = step("listing the data volumes of " + name, () -> volumesOf(id));
		if (vms.isEmpty() && volumes.isEmpty()) {
			LOG.debug("Teardown of {}: nothing to remove", Long.toUnsignedString(id));
			return;
		}
		Set<String> keyPairs = new LinkedHashSet<>();
		for (JsonNode volume : volumes) {
			String volumeId = volume.path("id").asText();
			if (!volume.path("virtualmachineid").asText().isEmpty()) {
				step("detaching data volume " + volume.path("name").asText(), () -> ignoreGone(
						() -> client.callAsync("detachVolume", Map.of("id", volumeId))));
			}
		}
		for (JsonNode vm : vms) {
			String vmId = vm.path("id").asText();
			keyPairs.addAll(keyPairsOf(vm));
			String state = vm.path("state").asText();
			if (state.equals("Expunging") || state.equals("Destroyed") && !expunge) {
				continue; // on its way out; without the right to expunge, CloudStack expunges it later
			}
			LOG.info("Teardown of {}: destroying VM {} ({}, {})", Long.toUnsignedString(id), name, vmId, state);
			if (state.equals("Destroyed")) {
				step("expunging VM " + name, () -> ignoreGone(() -> client.callAsync("expungeVirtualMachine", Map.of("id", vmId))));
			} else {
				step("destroying VM " + name, () -> ignoreGone(() -> client.callAsync("destroyVirtualMachine",
						Map.of("id", vmId, "expunge", Boolean.toString(expunge)))));
			}
		}
		for (JsonNode volume : volumes) {
			String volumeId = volume.path("id").asText();
			step("deleting data volume " + volume.path("name").asText(),
					() -> ignoreGone(() -> client.call("deleteVolume", Map.of("id", volumeId))));
		}
		for (String keyPair : keyPairs) {
			if (!keyPair.startsWith(PREFIX)) {
				continue;
			}
			ReentrantLock lock = keyPairLocks.computeIfAbsent(keyPair, k -> new ReentrantLock());
			lock.lock();
			try {
				List<JsonNode> users = step("checking who uses key pair " + keyPair,
						() -> client.list("listVirtualMachines", Map.of("keypair", keyPair), "virtualmachine"));
				if (users.isEmpty()) {
					LOG.info("Teardown of {}: removing key pair {}, used by no VM", Long.toUnsignedString(id), keyPair);
					step("removing key pair " + keyPair,
							() -> ignoreGone(() -> client.call("deleteSSHKeyPair", Map.of("name", keyPair))));
				}
			} finally {
				lock.unlock();
			}
		}
	}

	/** Runs a call that fails with PARAM_ERROR when its object is already gone; gone is fine here. */
	private static JsonNode ignoreGone(Step<JsonNode> call) throws CloudStackException {
		try {
			return call.run();
		} catch (CloudStackException e) {
			if (e.kind() == CloudStackException.Kind.API && e.errorCode() == 431) {
				String text = e.errorText().toLowerCase(Locale.ROOT);
				if (text.contains("unable to find") || text.contains("does not exist") || text.contains("not found")
						|| text.contains("invalid") && text.contains("id") || text.contains("already")) {
					LOG.debug("{} (ignored: already gone)", e.getMessage());
					return null;
				}
			}
			throw e;
		}
	}

	// ---- status and inventory -------------------------------------------------------------------

	Optional<ReactorStatus> status(long id) throws ReactorException {
		JsonNode vm = step("looking for VM " + vmName(id), () -> pick(find(id)));
		return vm == null ? Optional.empty() : toStatus(id, vm);
	}

	/** @return every deployment's VM that this provider owns: tagged with its provider id, or named dinfra-<id> and untagged */
	List<ReactorStatus> inventory() throws ReactorException {
		Map<String, JsonNode> byVmId = new LinkedHashMap<>();
		step("listing the VMs of provider " + providerId, () -> {
			for (JsonNode vm : client.list("listVirtualMachines",
					Map.of("tags[0].key", TAG_PROVIDER, "tags[0].value", providerId), "virtualmachine")) {
				if (providerId.equals(tagsOf(vm).get(TAG_PROVIDER))) {
					byVmId.put(vm.path("id").asText(), vm);
				}
			}
			for (JsonNode vm : client.list("listVirtualMachines", Map.of("keyword", PREFIX), "virtualmachine")) {
				if (VM_NAME.matcher(vm.path("name").asText()).matches() && !tagsOf(vm).containsKey(TAG_PROVIDER)) {
					byVmId.putIfAbsent(vm.path("id").asText(), vm);
				}
			}
			return null;
		});
		Map<Long, ReactorStatus> out = new LinkedHashMap<>();
		for (JsonNode vm : byVmId.values()) {
			Long id = deploymentId(vm);
			if (id != null) {
				toStatus(id, vm).ifPresent(s -> out.merge(id, s, (a, b) -> a.state() == DeploymentState.RUNNING ? a : b));
			}
		}
		return List.copyOf(out.values());
	}

	private Optional<ReactorStatus> toStatus(long id, JsonNode vm) {
		String state = vm.path("state").asText();
		return switch (state) {
			case "Running", "Migrating" -> Optional.of(ReactorStatus.running(id, endpoints(vm)));
			case "Destroyed", "Expunging" -> Optional.empty();
			case "Error" -> Optional.of(new ReactorStatus(id, DeploymentState.FAILED, List.of(),
					"VM " + vm.path("name").asText() + " is in state Error"));
			default -> Optional.of(new ReactorStatus(id, DeploymentState.DEPLOYING, List.of(),
					"VM " + vm.path("name").asText() + " is " + state));
		};
	}

	/** @return the deployment id a VM belongs to: its subscription tag, else its name */
	static Long deploymentId(JsonNode vm) {
		String tag = tagsOf(vm).get(TAG_SUBSCRIPTION);
		try {
			if (tag != null) {
				return Long.parseUnsignedLong(tag);
			}
			Matcher m = VM_NAME.matcher(vm.path("name").asText());
			return m.matches() ? Long.parseUnsignedLong(m.group(1)) : null;
		} catch (NumberFormatException e) {
			return null;
		}
	}

	// ---- finding --------------------------------------------------------------------------------

	/**
	 * The VMs of a deployment: tagged with its subscription id, or named {@code dinfra-<id>} (a crash
	 * between deployVirtualMachine and createTags leaves an untagged VM), and not another provider's.
	 */
	private List<JsonNode> find(long id) throws CloudStackException {
		String sid = Long.toUnsignedString(id);
		Map<String, JsonNode> found = new LinkedHashMap<>();
		for (JsonNode vm : client.list("listVirtualMachines", Map.of("tags[0].key", TAG_SUBSCRIPTION, "tags[0].value", sid),
				"virtualmachine")) {
			if (sid.equals(tagsOf(vm).get(TAG_SUBSCRIPTION)) && ours(vm)) {
				found.put(vm.path("id").asText(), vm);
			}
		}
		for (JsonNode vm : client.list("listVirtualMachines", Map.of("name", vmName(id)), "virtualmachine")) {
			String tag = tagsOf(vm).get(TAG_SUBSCRIPTION);
			if (vmName(id).equals(vm.path("name").asText()) && (tag == null || tag.equals(sid)) && ours(vm)) {
				found.putIfAbsent(vm.path("id").asText(), vm);
			}
		}
		return List.copyOf(found.values());
	}

	private boolean ours(JsonNode resource) {
		String provider = tagsOf(resource).get(TAG_PROVIDER);
		return provider == null || provider.equals(providerId);
	}

	/** @return the live VM among those found, preferring Running; null when none */
	private static JsonNode pick(List<JsonNode> vms) {
		JsonNode best = null;
		int bestRank = Integer.MAX_VALUE;
		for (JsonNode vm : vms) {
			int rank = switch (vm.path("state").asText()) {
				case "Running" -> 0;
				case "Starting", "Migrating", "Stopping", "Stopped" -> 1;
				case "Error" -> 2;
				case "Destroyed" -> 3;
				default -> 4;
			};
			if (rank < bestRank) {
				best = vm;
				bestRank = rank;
			}
		}
		return best;
	}

	private List<JsonNode> volumesOf(long id) throws CloudStackException {
		String sid = Long.toUnsignedString(id);
		Pattern diskName = Pattern.compile(Pattern.quote(vmName(id)) + "-disk\\d+");
		Map<String, JsonNode> found = new LinkedHashMap<>();
		for (JsonNode v : client.list("listVolumes", Map.of("tags[0].key", TAG_SUBSCRIPTION, "tags[0].value", sid), "volume")) {
			if (sid.equals(tagsOf(v).get(TAG_SUBSCRIPTION)) && ours(v)) {
				found.put(v.path("id").asText(), v);
			}
		}
		for (JsonNode v : client.list("listVolumes", Map.of("keyword", vmName(id) + "-disk"), "volume")) {
			if (diskName.matcher(v.path("name").asText()).matches() && ours(v)) {
				found.putIfAbsent(v.path("id").asText(), v);
			}
		}
		return List.copyOf(found.values());
	}

	static Map<String, String> tagsOf(JsonNode resource) {
		Map<String, String> tags = new HashMap<>();
		for (JsonNode t : resource.path("tags")) {
			tags.put(t.path("key").asText(), t.path("value").asText());
		}
		return tags;
	}

	/** @return the key pairs of a VM: {@code keypairs} (CloudStack 4.17+, comma-separated) or {@code keypair} */
	static Set<String> keyPairsOf(JsonNode vm) {
		Set<String> names = new LinkedHashSet<>();
		for (String field : new String[] {"keypairs", "keypair"}) {
			for (String n : vm.path(field).asText("").split(",")) {
				if (!n.isBlank()) {
					names.add(n.strip());
				}
			}
		}
		return names;
	}

	/** @return one ssh endpoint per address: every NIC's IPv4 and IPv6 address, then the public IP */
	List<Endpoint> endpoints(JsonNode vm) {
		Set<String> hosts = new LinkedHashSet<>();
		for (JsonNode nic : vm.path("nic")) {
			if (!nic.path("ipaddress").asText().isEmpty()) {
				hosts.add(nic.path("ipaddress").asText());
			}
			if (!nic.path("ip6address").asText().isEmpty()) {
				hosts.add("[" + nic.path("ip6address").asText() + "]");
			}
		}
		if (!vm.path("publicip").asText().isEmpty()) {
			hosts.add(vm.path("publicip").asText());
		}
		List<Endpoint> endpoints = new ArrayList<>();
		for (String host : hosts) {
			endpoints.add(new Endpoint("ssh", "ssh://" + host + ":" + sshPort));
		}
		return endpoints;
	}

	// ---- names to ids ---------------------------------------------------------------------------

	/**
	 * Resolves the descriptor's references with list calls (by id for a UUID, by name otherwise),
	 * and checks what it resolved against the allow-lists.
	 */
	private final class Resolver {
		private final VmDescriptor d;
		private final Map<Integer, Optional<String>> diskOfferings = new HashMap<>();

		Resolver(VmDescriptor d) {
			this.d = d;
		}

		Optional<String> zone(List<String> problems, List<String> refused) throws ReactorException {
			return resolve("/zone", "zone", "listZones", "zone", Map.of(), d.zone(), policy.zones(), problems, refused)
					.map(z -> z.path("id").asText());
		}

		Optional<String> serviceOffering(List<String> problems, List<String> refused) throws ReactorException {
			return resolve("/serviceOffering", "service offering", "listServiceOfferings", "serviceoffering", Map.of(),
					d.serviceOffering(), policy.serviceOfferings(), problems, refused).map(o -> o.path("id").asText());
		}

		Optional<String> template(String zoneId, List<String> problems, List<String> refused) throws ReactorException {
			return resolve("/template", "template", "listTemplates", "template",
					Map.of("templatefilter", "executable", "zoneid", zoneId), d.template(), policy.templates(), problems,
					refused).map(t -> t.path("id").asText());
		}

		Optional<String> network(int i, String zoneId, List<String> problems, List<String> refused) throws ReactorException {
			return resolve("/networks/" + i, "network", "listNetworks", "network", Map.of("zoneid", zoneId),
					d.networks().get(i), policy.networks(), problems, refused).map(n -> n.path("id").asText());
		}

		Optional<String> affinityGroup(List<String> problems, List<String> refused) throws ReactorException {
			return resolve("/affinityGroup", "affinity group", "listAffinityGroups", "affinitygroup", Map.of(),
					d.affinityGroup(), policy.affinityGroups(), problems, refused).map(a -> a.path("id").asText());
		}

		Optional<String> diskOffering(int i, List<String> problems, List<String> refused) throws ReactorException {
			Optional<String> known = diskOfferings.get(i);
			if (known != null) {
				return known;
			}
			VmDescriptor.DataDisk disk = d.dataDisks().get(i);
			String pointer = "/dataDisks/" + i + "/diskOffering";
			Optional<JsonNode> offering = resolve(pointer, "disk offering", "listDiskOfferings", "diskoffering", Map.of(),
					disk.diskOffering(), policy.diskOfferings(), problems, refused);
			Optional<String> id = Optional.empty();
			if (offering.isPresent()) {
				boolean custom = offering.get().path("iscustomized").asBoolean(false);
				if (custom && disk.sizeGb() == null) {
					problems.add("/dataDisks/" + i + "/sizeGb: disk offering '" + disk.diskOffering()
							+ "' has a custom size; give sizeGb");
				} else if (!custom && disk.sizeGb() != null) {
					problems.add("/dataDisks/" + i + "/sizeGb: disk offering '" + disk.diskOffering() + "' has a fixed size of "
							+ offering.get().path("disksize").asText("?") + " GB; leave sizeGb out");
				} else {
					id = Optional.of(offering.get().path("id").asText());
				}
			}
			diskOfferings.put(i, id);
			return id;
		}

		private Optional<JsonNode> resolve(String pointer, String what, String command, String itemKey,
				Map<String, String> filters, String ref, List<String> allowed, List<String> problems, List<String> refused)
				throws ReactorException {
			boolean byId = VmDescriptor.isUuid(ref);
			Map<String, String> p = new LinkedHashMap<>(filters);
			if (byId) {
				p.put("id", ref);
			} else if (command.equals("listNetworks")) {
				p.put("keyword", ref); // listNetworks has no name filter
			} else {
				p.put("name", ref);
			}
			List<JsonNode> items = step("looking up " + what + " '" + ref + "'", () -> {
				try {
					return client.list(command, p, itemKey);
				} catch (CloudStackException e) {
					// CloudStack answers an unknown UUID with PARAM_ERROR: that is "not found"
					if (byId && e.kind() == CloudStackException.Kind.API && e.errorCode() == 431) {
						return List.of();
					}
					throw e;
				}
			});
			Map<String, JsonNode> matches = new LinkedHashMap<>();
			for (JsonNode item : items) {
				String key = byId ? item.path("id").asText() : item.path("name").asText();
				if (key.equalsIgnoreCase(ref)) {
					matches.putIfAbsent(item.path("id").asText(), item);
				}
			}
			if (matches.isEmpty()) {
				problems.add(pointer + ": no " + what + " " + (byId ? "with id" : "named") + " '" + ref + "'"
						+ (filters.containsKey("zoneid") ? " in zone " + d.zone() : ""));
				return Optional.empty();
			}
			if (matches.size() > 1) {
				problems.add(pointer + ": " + matches.size() + " " + what + "s are named '" + ref + "' (ids "
						+ String.join(", ", matches.keySet()) + "); name it by its id");
				return Optional.empty();
			}
			JsonNode item = matches.values().iterator().next();
			Optional<String> violation = VmPolicy.checkResolved(pointer, what, allowed, ref, item.path("id").asText(),
					item.path("name").asText());
			if (violation.isPresent()) {
				refused.add(violation.get());
				return Optional.empty();
			}
			return Optional.of(item);
		}
	}
}
