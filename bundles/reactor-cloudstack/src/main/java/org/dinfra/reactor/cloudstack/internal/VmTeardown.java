package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.ignoringGone;
import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.ReactorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tears a deployment down: detaches its data volumes, destroys its VMs (expunged when the
 * provider may), deletes the volumes, and removes the key pairs the VMs used when no other VM
 * uses them. What is gone already is fine; nothing found, nothing done.
 */
final class VmTeardown {
	private static final Logger LOG = LoggerFactory.getLogger(VmTeardown.class);

	private final CloudStackClient client;
	private final ResourceFinder finder;
	private final DataDisks disks;
	private final KeyPairs keyPairs;
	private final boolean expunge;

	VmTeardown(CloudStackClient client, ResourceFinder finder, DataDisks disks, KeyPairs keyPairs, boolean expunge) {
		this.client = client;
		this.finder = finder;
		this.disks = disks;
		this.keyPairs = keyPairs;
		this.expunge = expunge;
	}

	void teardown(long id) throws ReactorException {
		String name = Ownership.vmName(id);
		List<JsonNode> vms = step("looking for VM " + name, () -> finder.vms(id));
		List<JsonNode> volumes = step("listing the data volumes of " + name, () -> finder.volumes(id));
		if (vms.isEmpty() && volumes.isEmpty()) {
			LOG.debug("Teardown of {}: nothing to remove", Long.toUnsignedString(id));
			return;
		}
		disks.detach(volumes);
		Set<String> usedKeyPairs = new LinkedHashSet<>();
		for (JsonNode vm : vms) {
			usedKeyPairs.addAll(KeyPairs.of(vm));
			destroy(id, vm);
		}
		disks.delete(volumes);
		for (String keyPair : usedKeyPairs) {
			keyPairs.removeIfUnused(id, keyPair);
		}
	}

	private void destroy(long id, JsonNode vm) throws ReactorException {
		String name = Ownership.vmName(id);
		String vmId = vm.path("id").asText();
		VmState state = VmState.of(vm);
		if (state == VmState.EXPUNGING || state == VmState.DESTROYED && !expunge) {
			return; // on its way out; without the right to expunge, CloudStack expunges it later
		}
		LOG.info("Teardown of {}: destroying VM {} ({}, {})", Long.toUnsignedString(id), name, vmId,
				vm.path("state").asText());
		if (state == VmState.DESTROYED) {
			step("expunging VM " + name, () -> ignoringGone(() -> client.callAsync("expungeVirtualMachine", Map.of("id", vmId))));
		} else {
			step("destroying VM " + name, () -> ignoringGone(() -> client.callAsync("destroyVirtualMachine",
					Map.of("id", vmId, "expunge", Boolean.toString(expunge)))));
		}
	}
}
