package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.ReactorException;

/**
 * Resolves the references of one descriptor to CloudStack ids with list calls (by id for a
 * UUID, by name otherwise), and checks what it resolved against the provider's allow-lists
 * ({@link VmPolicy#checkResolved}).
 *
 * <p>Each method adds what CloudStack does not know (or knows more than once) to
 * {@code problems} and what the policy refuses to {@code refused}, each starting with the JSON
 * pointer of the descriptor's field, and gives the id only when neither applies.
 */
final class NameResolver {
	private final CloudStackClient client;
	private final VmPolicy policy;
	private final VmDescriptor d;
	private final Map<Integer, Optional<String>> diskOfferings = new HashMap<>();

	NameResolver(CloudStackClient client, VmPolicy policy, VmDescriptor d) {
		this.client = client;
		this.policy = policy;
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

	/** Resolves the disk offering of data disk {@code i} once; later calls give the same answer without a call. */
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
				if (byId && CloudStackErrors.isParamError(e)) {
					return List.of(); // an unknown id: not found
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
