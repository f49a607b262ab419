package org.dinfra.reactor.cloudstack.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@code cloudstack-vm} descriptor (see {@code schema/cloudstack-vm.schema.json}). Every
 * CloudStack object is named by its name or its UUID.
 *
 * @param zone            the zone
 * @param serviceOffering the compute offering (CPU, memory)
 * @param template        the template (the VM's image)
 * @param networks        the networks, first the default one; empty for the zone's default
 * @param rootDiskSizeGb  the root disk size in GB, or null for the template's
 * @param dataDisks       extra data disks
 * @param userData        cloud-init user data as text, or null
 * @param affinityGroup   an affinity group, or null
 */
record VmDescriptor(String zone, String serviceOffering, String template, List<String> networks, Integer rootDiskSizeGb,
		List<DataDisk> dataDisks, String userData, String affinityGroup) {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * @param diskOffering the disk offering
	 * @param sizeGb       the size in GB for an offering of custom size, or null for the offering's
	 */
	record DataDisk(String diskOffering, Integer sizeGb) {
	}

	VmDescriptor {
		networks = List.copyOf(networks);
		dataDisks = List.copyOf(dataDisks);
	}

	/**
	 * @param json a descriptor valid against the schema
	 * @return the descriptor
	 * @throws IllegalArgumentException when it is not JSON or lacks a required field
	 */
	static VmDescriptor parse(String json) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		} catch (IOException e) {
			throw new IllegalArgumentException("descriptor is not JSON: " + e.getMessage(), e);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("descriptor is not a JSON object");
		}
		List<String> networks = new ArrayList<>();
		root.path("networks").forEach(n -> networks.add(n.asText()));
		List<DataDisk> disks = new ArrayList<>();
		root.path("dataDisks").forEach(d -> disks.add(new DataDisk(d.path("diskOffering").asText(),
				d.hasNonNull("sizeGb") ? d.get("sizeGb").asInt() : null)));
		return new VmDescriptor(required(root, "zone"), required(root, "serviceOffering"), required(root, "template"),
				networks, root.hasNonNull("rootDiskSizeGb") ? root.get("rootDiskSizeGb").asInt() : null, disks,
				root.hasNonNull("userData") ? root.get("userData").asText() : null,
				root.hasNonNull("affinityGroup") ? root.get("affinityGroup").asText() : null);
	}

	private static String required(JsonNode root, String field) {
		JsonNode n = root.get(field);
		if (n == null || !n.isTextual() || n.asText().isBlank()) {
			throw new IllegalArgumentException("/" + field + ": required");
		}
		return n.asText();
	}

	/** @return whether a reference is a UUID (an id) rather than a name */
	static boolean isUuid(String reference) {
		return UUID.matcher(reference).matches();
	}
}
