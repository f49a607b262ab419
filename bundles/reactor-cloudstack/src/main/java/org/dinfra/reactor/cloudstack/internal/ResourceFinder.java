package org.dinfra.reactor.cloudstack.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds what belongs to a deployment, or to this provider ({@link Ownership}), by tag and by
 * name: a crash between deployVirtualMachine (or createVolume) and createTags leaves an untagged
 * resource, which is found by its name.
 */
final class ResourceFinder {
	private final CloudStackClient client;
	private final Ownership ownership;

	ResourceFinder(CloudStackClient client, Ownership ownership) {
		this.client = client;
		this.ownership = ownership;
	}

	/**
	 * @return the VMs of a deployment: tagged with its subscription id, or named {@code dinfra-<id>}
	 *         and not tagged with another; never another provider's
	 */
	List<JsonNode> vms(long id) throws CloudStackException {
		String sid = Long.toUnsignedString(id);
		String name = Ownership.vmName(id);
		Map<String, JsonNode> found = new LinkedHashMap<>();
		for (JsonNode vm : client.list("listVirtualMachines",
				Map.of("tags[0].key", Ownership.TAG_SUBSCRIPTION, "tags[0].value", sid), "virtualmachine")) {
			if (sid.equals(Ownership.tagsOf(vm).get(Ownership.TAG_SUBSCRIPTION)) && ownership.ours(vm)) {
				found.put(vm.path("id").asText(), vm);
			}
		}
		for (JsonNode vm : client.list("listVirtualMachines", Map.of("name", name), "virtualmachine")) {
			String tag = Ownership.tagsOf(vm).get(Ownership.TAG_SUBSCRIPTION);
			if (name.equals(vm.path("name").asText()) && (tag == null || tag.equals(sid)) && ownership.ours(vm)) {
				found.putIfAbsent(vm.path("id").asText(), vm);
			}
		}
		return List.copyOf(found.values());
	}

	/** @return the live VM among those found, preferring Running; null when none */
	static JsonNode pick(List<JsonNode> vms) {
		JsonNode best = null;
		int bestRank = Integer.MAX_VALUE;
		for (JsonNode vm : vms) {
			int rank = switch (VmState.of(vm)) {
				case RUNNING -> 0;
				case STARTING, MIGRATING, STOPPING, STOPPED -> 1;
				case ERROR -> 2;
				case DESTROYED -> 3;
				default -> 4;
			};
			if (rank < bestRank) {
				best = vm;
				bestRank = rank;
			}
		}
		return best;
	}

	/** @return the data volumes of a deployment: tagged with its subscription id, or named {@code dinfra-<id>-disk<n>} */
	List<JsonNode> volumes(long id) throws CloudStackException {
		String sid = Long.toUnsignedString(id);
		Pattern diskName = Pattern.compile(Pattern.quote(Ownership.vmName(id)) + "-disk\\d+");
		Map<String, JsonNode> found = new LinkedHashMap<>();
		for (JsonNode v : client.list("listVolumes",
				Map.of("tags[0].key", Ownership.TAG_SUBSCRIPTION, "tags[0].value", sid), "volume")) {
			if (sid.equals(Ownership.tagsOf(v).get(Ownership.TAG_SUBSCRIPTION)) && ownership.ours(v)) {
				found.put(v.path("id").asText(), v);
			}
		}
		for (JsonNode v : client.list("listVolumes", Map.of("keyword", Ownership.vmName(id) + "-disk"), "volume")) {
			if (diskName.matcher(v.path("name").asText()).matches() && ownership.ours(v)) {
				found.putIfAbsent(v.path("id").asText(), v);
			}
		}
		return List.copyOf(found.values());
	}

	/**
	 * @return every deployment VM of this provider: tagged with its provider id, or named
	 *         {@code dinfra-<id>} and without a provider tag
	 */
	Collection<JsonNode> providerVms() throws CloudStackException {
		Map<String, JsonNode> byVmId = new LinkedHashMap<>();
		for (JsonNode vm : client.list("listVirtualMachines",
				Map.of("tags[0].key", Ownership.TAG_PROVIDER, "tags[0].value", ownership.providerId()), "virtualmachine")) {
			if (ownership.taggedOurs(vm)) {
				byVmId.put(vm.path("id").asText(), vm);
			}
		}
		for (JsonNode vm : client.list("listVirtualMachines", Map.of("keyword", Ownership.PREFIX), "virtualmachine")) {
			if (Ownership.VM_NAME.matcher(vm.path("name").asText()).matches()
					&& !Ownership.tagsOf(vm).containsKey(Ownership.TAG_PROVIDER)) {
				byVmId.putIfAbsent(vm.path("id").asText(), vm);
			}
		}
		return byVmId.values();
	}
}
