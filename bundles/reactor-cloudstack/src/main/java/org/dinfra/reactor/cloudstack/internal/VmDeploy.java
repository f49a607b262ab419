package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the VM of a deployment, idempotently: a VM found by tag or name is adopted (one in
 * state Error, or destroyed but not expunged, is removed and deployed anew), a missing one is
 * created with the descriptor's references resolved; then it is tagged, given its data disks,
 * and awaited (started when it stopped) until it runs.
 */
final class VmDeploy {
	private static final Logger LOG = LoggerFactory.getLogger(VmDeploy.class);

	private final CloudStackClient client;
	private final VmPolicy policy;
	private final Ownership ownership;
	private final ResourceFinder finder;
	private final KeyPairs keyPairs;
	private final DataDisks disks;
	private final SshEndpoints endpoints;
	private final boolean expunge;
	private final Duration runningTimeout;
	private final Clock clock;

	VmDeploy(CloudStackClient client, VmPolicy policy, Ownership ownership, ResourceFinder finder, KeyPairs keyPairs,
			DataDisks disks, SshEndpoints endpoints, boolean expunge, Duration runningTimeout, Clock clock) {
		this.client = client;
		this.policy = policy;
		this.ownership = ownership;
		this.finder = finder;
		this.keyPairs = keyPairs;
		this.disks = disks;
		this.endpoints = endpoints;
		this.expunge = expunge;
		this.runningTimeout = runningTimeout;
		this.clock = clock;
	}

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
		String name = Ownership.vmName(id);
		JsonNode vm = step("looking for VM " + name, () -> ResourceFinder.pick(finder.vms(id)));
		if (vm != null) {
			vm = adoptOrRemove(id, vm);
		}
		NameResolver resolver = new NameResolver(client, policy, d);
		if (vm == null) {
			vm = create(id, d, resolver, keyPair, publicKey);
		}
		JsonNode created = vm;
		step("tagging VM " + name, () -> {
			ownership.claim(created, "UserVm", id, null);
			return null;
		});
		String vmId = vm.path("id").asText();
		String zoneId = vm.path("zoneid").asText();
		if (!d.dataDisks().isEmpty()) {
			disks.ensure(id, d, vmId, zoneId, resolver);
		}
		JsonNode running = awaitRunning(id, vmId);
		return ReactorStatus.running(id, endpoints.of(running));
	}

	/** @return the VM found, to adopt; null when it was removed to deploy anew */
	private JsonNode adoptOrRemove(long id, JsonNode vm) throws ReactorException {
		String name = Ownership.vmName(id);
		String vmId = vm.path("id").asText();
		switch (VmState.of(vm)) {
			case DESTROYED -> {
				LOG.info("Deployment {}: VM {} ({}) is destroyed but not expunged; expunging it before deploying anew",
						Long.toUnsignedString(id), name, vmId);
				step("expunging destroyed VM " + name, () -> client.callAsync("expungeVirtualMachine", Map.of("id", vmId)));
				return null;
			}
			case EXPUNGING -> throw new ReactorException(Reason.of(ReasonCode.DEPLOY_FAILED,
					"an earlier VM " + name + " (" + vmId + ") is being expunged; deploying once it is gone"), true, null);
			case ERROR -> {
				LOG.warn("Deployment {}: VM {} ({}) is in state Error; destroying it and deploying anew",
						Long.toUnsignedString(id), name, vmId);
				step("destroying VM " + name + " in state Error", () -> client.callAsync("destroyVirtualMachine",
						Map.of("id", vmId, "expunge", Boolean.toString(expunge))));
				return null;
			}
			default -> {
				LOG.info("Deployment {}: adopting existing VM {} ({}, {})", Long.toUnsignedString(id), name, vmId,
						vm.path("state").asText());
				return vm;
			}
		}
	}

	private JsonNode create(long id, VmDescriptor d, NameResolver resolver, String keyPair, String publicKey)
			throws ReactorException {
		String name = Ownership.vmName(id);
		Map<String, String> p = resolve(d, resolver);
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
		return keyPairs.whileRegistered(keyPair, publicKey, () -> {
			LOG.info("Deployment {}: deploying VM {} in zone {}", Long.toUnsignedString(id), name, p.get("zoneid"));
			JsonNode result = step("deploying VM " + name, () -> client.callAsync("deployVirtualMachine", p));
			JsonNode vm = result.path("virtualmachine");
			if (!vm.isObject() || vm.path("id").asText().isEmpty()) {
				throw ReactorException.transientFailure("deploying VM " + name + ": the job's result has no virtualmachine",
						null);
			}
			return vm;
		});
	}

	/**
	 * @return the ids of deployVirtualMachine: zone, offering, template, networks, affinity group
	 * @throws ReactorException BAD_PARAMETERS listing every reference CloudStack does not know,
	 *                          else POLICY_VIOLATION listing every one the policy refuses
	 */
	private static Map<String, String> resolve(VmDescriptor d, NameResolver resolver) throws ReactorException {
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
		return p;
	}

	private JsonNode awaitRunning(long id, String vmId) throws ReactorException {
		String name = Ownership.vmName(id);
		Instant deadline = clock.instant().plus(runningTimeout);
		boolean started = false;
		while (true) {
			List<JsonNode> vms = step("reading VM " + name, () -> {
				try {
					return client.list("listVirtualMachines", Map.of("id", vmId), "virtualmachine");
				} catch (CloudStackException e) {
					if (CloudStackErrors.isParamError(e)) {
						return List.of(); // CloudStack answers an id it does not know with PARAM_ERROR
					}
					throw e;
				}
			});
			JsonNode vm = vms.isEmpty() ? null : vms.get(0);
			String stateText = vm == null ? "missing" : vm.path("state").asText();
			VmState state = vm == null ? null : VmState.of(vm);
			if (vm == null || state == VmState.DESTROYED || state == VmState.EXPUNGING) {
				throw ReactorException.transientFailure(
						"VM " + name + " (" + vmId + ") disappeared (" + stateText + ") while deploying", null);
			}
			switch (state) {
				case RUNNING -> {
					return vm;
				}
				case ERROR -> throw ReactorException.permanent(ReasonCode.DEPLOY_FAILED,
						"VM " + name + " (" + vmId + ") entered state Error");
				case STOPPED -> {
					if (!started) {
						started = true;
						LOG.info("Deployment {}: starting stopped VM {}", Long.toUnsignedString(id), name);
						step("starting VM " + name, () -> client.callAsync("startVirtualMachine", Map.of("id", vmId)));
						continue;
					}
				}
				default -> {
					// Starting, Stopping, Migrating...: wait
				}
			}
			if (!clock.instant().isBefore(deadline)) {
				throw new ReactorException(Reason.of(ReasonCode.TIMEOUT, "VM " + name + " (" + vmId
						+ ") not running after " + runningTimeout.toSeconds() + " s (state " + stateText + ")"), true, null);
			}
			step("waiting for VM " + name, () -> {
				client.pause("listVirtualMachines", client.settings().pollInterval());
				return null;
			});
		}
	}
}
