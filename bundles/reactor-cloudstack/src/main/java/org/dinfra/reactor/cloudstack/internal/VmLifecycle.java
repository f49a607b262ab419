package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;

/**
 * The life of a deployment's VM on CloudStack: deploy ({@link VmDeploy}), teardown
 * ({@link VmTeardown}), and the status and inventory read from the VMs this provider owns
 * ({@link Ownership}, {@link ResourceFinder}).
 */
final class VmLifecycle {
	private final String providerId;
	private final ResourceFinder finder;
	private final KeyPairs keyPairs;
	private final SshEndpoints endpoints;
	private final VmDeploy deploy;
	private final VmTeardown teardown;

	VmLifecycle(CloudStackClient client, String providerId, VmPolicy policy, boolean expunge, Duration runningTimeout,
			int sshPort, Clock clock) {
		this.providerId = providerId;
		Ownership ownership = new Ownership(client, providerId);
		this.finder = new ResourceFinder(client, ownership);
		this.keyPairs = new KeyPairs(client);
		this.endpoints = new SshEndpoints(sshPort);
		DataDisks disks = new DataDisks(client, ownership, finder);
		this.deploy = new VmDeploy(client, policy, ownership, finder, keyPairs, disks, endpoints, expunge, runningTimeout,
				clock);
		this.teardown = new VmTeardown(client, finder, disks, keyPairs, expunge);
	}

	/** See {@link VmDeploy#deploy}. */
	ReactorStatus deploy(long id, VmDescriptor d, String keyPair, String publicKey) throws ReactorException {
		return deploy.deploy(id, d, keyPair, publicKey);
	}

	/** See {@link VmTeardown#teardown}. */
	void teardown(long id) throws ReactorException {
		teardown.teardown(id);
	}

	Optional<ReactorStatus> status(long id) throws ReactorException {
		JsonNode vm = step("looking for VM " + Ownership.vmName(id), () -> ResourceFinder.pick(finder.vms(id)));
		return vm == null ? Optional.empty() : toStatus(id, vm);
	}

	/** @return every deployment's VM that this provider owns: tagged with its provider id, or named dinfra-<id> and untagged */
	List<ReactorStatus> inventory() throws ReactorException {
		Collection<JsonNode> vms = step("listing the VMs of provider " + providerId, finder::providerVms);
		Map<Long, ReactorStatus> out = new LinkedHashMap<>();
		for (JsonNode vm : vms) {
			Long id = Ownership.deploymentId(vm);
			if (id != null) {
				toStatus(id, vm).ifPresent(s -> out.merge(id, s, (a, b) -> a.state() == DeploymentState.RUNNING ? a : b));
			}
		}
		return List.copyOf(out.values());
	}

	private Optional<ReactorStatus> toStatus(long id, JsonNode vm) {
		return switch (VmState.of(vm)) {
			case RUNNING, MIGRATING -> Optional.of(ReactorStatus.running(id, endpoints.of(vm)));
			case DESTROYED, EXPUNGING -> Optional.empty();
			case ERROR -> Optional.of(new ReactorStatus(id, DeploymentState.FAILED, List.of(),
					"VM " + vm.path("name").asText() + " is in state Error"));
			default -> Optional.of(new ReactorStatus(id, DeploymentState.DEPLOYING, List.of(),
					"VM " + vm.path("name").asText() + " is " + vm.path("state").asText()));
		};
	}

	/** @return how many key pairs have a lock in use */
	int keyPairLocksInUse() {
		return keyPairs.locksInUse();
	}
}
