package org.dinfra.reactor.cloudstack.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a provider lets consumers ask for. Allow-lists hold names or UUIDs (either matches; an
 * empty list allows everything); limits of 0 mean no limit.
 *
 * <p>{@link #check} runs before any API call and refuses what it can decide from the descriptor
 * alone: a reference that is not listed, when the list holds only references of the same form
 * (names only for a name, UUIDs only for a UUID). A name given where the list holds UUIDs (or
 * the other way round) can only be decided once CloudStack has resolved it:
 * {@link #checkResolved} does that at deploy time.
 *
 * @param zones            allowed zones
 * @param serviceOfferings allowed service (compute) offerings
 * @param templates        allowed templates
 * @param diskOfferings    allowed disk offerings of data disks
 * @param networks         allowed networks
 * @param affinityGroups   allowed affinity groups
 * @param maxRootDiskGb    largest root disk size, 0 for no limit
 * @param maxDataDisks     most data disks per VM
 * @param maxDataDiskGb    largest data disk size, 0 for no limit
 * @param maxUserDataBytes largest user data, counted Base64-encoded as CloudStack receives it
 */
record VmPolicy(List<String> zones, List<String> serviceOfferings, List<String> templates, List<String> diskOfferings,
		List<String> networks, List<String> affinityGroups, int maxRootDiskGb, int maxDataDisks, int maxDataDiskGb,
		int maxUserDataBytes) {

	/** Default largest root disk, in GB. */
	static final int DEFAULT_MAX_ROOT_DISK_GB = 1024;
	/** Default most data disks per VM. */
	static final int DEFAULT_MAX_DATA_DISKS = 4;
	/** Default largest data disk, in GB. */
	static final int DEFAULT_MAX_DATA_DISK_GB = 2048;
	/** Default largest user data (Base64): what CloudStack accepts by POST in every version (32 KB). */
	static final int DEFAULT_MAX_USER_DATA = 32768;

	VmPolicy {
		zones = clean(zones);
		serviceOfferings = clean(serviceOfferings);
		templates = clean(templates);
		diskOfferings = clean(diskOfferings);
		networks = clean(networks);
		affinityGroups = clean(affinityGroups);
	}

	/** @return the default policy of {@code ./dinfra descriptor check}: no allow-lists, the default limits */
	static VmPolicy defaults() {
		return new VmPolicy(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), DEFAULT_MAX_ROOT_DISK_GB,
				DEFAULT_MAX_DATA_DISKS, DEFAULT_MAX_DATA_DISK_GB, DEFAULT_MAX_USER_DATA);
	}

	private static List<String> clean(List<String> values) {
		List<String> out = new ArrayList<>();
		if (values != null) {
			for (String v : values) {
				if (v != null && !v.isBlank()) {
					out.add(v.strip());
				}
			}
		}
		return List.copyOf(out);
	}

	/** @return the allow-list of a config value: entries separated by commas */
	static List<String> split(String[] values) {
		List<String> out = new ArrayList<>();
		if (values != null) {
			for (String v : values) {
				if (v != null) {
					out.addAll(Arrays.asList(v.split(",")));
				}
			}
		}
		return clean(out);
	}

	/**
	 * @param d a schema-valid descriptor
	 * @return every violation, each starting with the JSON pointer of its field
	 */
	List<String> check(VmDescriptor d) {
		List<String> v = new ArrayList<>();
		offline("/zone", "zone", zones, d.zone()).ifPresent(v::add);
		offline("/serviceOffering", "service offering", serviceOfferings, d.serviceOffering()).ifPresent(v::add);
		offline("/template", "template", templates, d.template()).ifPresent(v::add);
		for (int i = 0; i < d.networks().size(); i++) {
			offline("/networks/" + i, "network", networks, d.networks().get(i)).ifPresent(v::add);
		}
		if (d.affinityGroup() != null) {
			offline("/affinityGroup", "affinity group", affinityGroups, d.affinityGroup()).ifPresent(v::add);
		}
		if (d.rootDiskSizeGb() != null && maxRootDiskGb > 0 && d.rootDiskSizeGb() > maxRootDiskGb) {
			v.add("/rootDiskSizeGb: " + d.rootDiskSizeGb() + " GB is larger than this provider's limit of " + maxRootDiskGb
					+ " GB");
		}
		if (d.dataDisks().size() > maxDataDisks) {
			v.add("/dataDisks: " + d.dataDisks().size() + " data disks; this provider allows at most " + maxDataDisks);
		}
		for (int i = 0; i < d.dataDisks().size(); i++) {
			VmDescriptor.DataDisk disk = d.dataDisks().get(i);
			offline("/dataDisks/" + i + "/diskOffering", "disk offering", diskOfferings, disk.diskOffering())
					.ifPresent(v::add);
			if (disk.sizeGb() != null && maxDataDiskGb > 0 && disk.sizeGb() > maxDataDiskGb) {
				v.add("/dataDisks/" + i + "/sizeGb: " + disk.sizeGb() + " GB is larger than this provider's limit of "
						+ maxDataDiskGb + " GB");
			}
		}
		if (d.userData() != null) {
			int encoded = base64Length(d.userData().getBytes(StandardCharsets.UTF_8).length);
			if (encoded > maxUserDataBytes) {
				v.add("/userData: " + encoded + " bytes Base64-encoded; this provider accepts at most " + maxUserDataBytes);
			}
		}
		return v;
	}

	/**
	 * The check of a reference CloudStack has resolved: allowed when its id or its name is listed.
	 *
	 * @return the violation, if any
	 */
	static Optional<String> checkResolved(String pointer, String what, List<String> allowed, String given, String id,
			String name) {
		if (allowed.isEmpty() || contains(allowed, id) || contains(allowed, name)) {
			return Optional.empty();
		}
		return Optional.of(pointer + ": " + what + " '" + given + "' (" + name + ", " + id
				+ ") is not offered by this provider; allowed: " + String.join(", ", allowed));
	}

	private static Optional<String> offline(String pointer, String what, List<String> allowed, String given) {
		if (allowed.isEmpty() || contains(allowed, given)) {
			return Optional.empty();
		}
		boolean uuid = VmDescriptor.isUuid(given);
		boolean otherForm = allowed.stream().anyMatch(a -> VmDescriptor.isUuid(a) != uuid);
		if (otherForm) {
			return Optional.empty(); // decided once resolved
		}
		return Optional.of(pointer + ": " + what + " '" + given + "' is not offered by this provider; allowed: "
				+ String.join(", ", allowed));
	}

	static boolean contains(List<String> allowed, String value) {
		if (value == null) {
			return false;
		}
		String v = value.toLowerCase(Locale.ROOT);
		return allowed.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(v));
	}

	static int base64Length(int bytes) {
		return 4 * ((bytes + 2) / 3);
	}
}
