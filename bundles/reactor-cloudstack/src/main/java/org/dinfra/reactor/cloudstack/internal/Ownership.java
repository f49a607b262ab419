package org.dinfra.reactor.cloudstack.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What belongs to deployment {@code <id>} of this provider, and how it is marked: the VM named
 * {@code dinfra-<id>} and tagged {@code dinfra:subscription=<id>}, {@code dinfra:provider=<provider id>};
 * its data volumes {@code dinfra-<id>-disk<n>}, tagged the same and {@code dinfra:disk=<n>}; the
 * key pair {@code dinfra-<consumer's SS58 address>}, shared by all VMs of one consumer. A
 * resource tagged with another provider's id is never this provider's.
 */
final class Ownership {
	static final String TAG_SUBSCRIPTION = "dinfra:subscription";
	static final String TAG_PROVIDER = "dinfra:provider";
	static final String TAG_DISK = "dinfra:disk";
	static final String PREFIX = "dinfra-";
	static final Pattern VM_NAME = Pattern.compile("dinfra-(\\d{1,20})");

	private final CloudStackClient client;
	private final String providerId;

	/**
	 * @param client     the API
	 * @param providerId the value of the tag {@value #TAG_PROVIDER} of this provider's resources
	 */
	Ownership(CloudStackClient client, String providerId) {
		this.client = client;
		this.providerId = providerId;
	}

	String providerId() {
		return providerId;
	}

	static String vmName(long id) {
		return PREFIX + Long.toUnsignedString(id);
	}

	/** @return the name of data volume {@code disk} of a deployment */
	static String volumeName(long id, int disk) {
		return vmName(id) + "-disk" + disk;
	}

	static String keyPairName(String ss58) {
		return PREFIX + ss58;
	}

	/**
	 * @param id   the deployment
	 * @param disk the data volume's number, or null for the VM
	 * @return the tags of a deployment's VM or data volume
	 */
	Map<String, String> tags(long id, Integer disk) {
		Map<String, String> t = new LinkedHashMap<>();
		t.put(TAG_SUBSCRIPTION, Long.toUnsignedString(id));
		t.put(TAG_PROVIDER, providerId);
		if (disk != null) {
			t.put(TAG_DISK, disk.toString());
		}
		return t;
	}

	/**
	 * Creates the tags of {@link #tags} that a resource lacks (createTags fails for a key that exists).
	 *
	 * @param resource the VM or volume
	 * @param type     its resource type: {@code UserVm}, {@code Volume}
	 */
	void claim(JsonNode resource, String type, long id, Integer disk) throws CloudStackException {
		Map<String, String> have = tagsOf(resource);
		Map<String, String> p = new LinkedHashMap<>();
		p.put("resourcetype", type);
		p.put("resourceids", resource.path("id").asText());
		int i = 0;
		for (Map.Entry<String, String> e : tags(id, disk).entrySet()) {
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

	/** @return whether a resource is not another provider's: tagged with this provider's id, or not at all */
	boolean ours(JsonNode resource) {
		String provider = tagsOf(resource).get(TAG_PROVIDER);
		return provider == null || provider.equals(providerId);
	}

	/** @return whether a VM carries this provider's tag */
	boolean taggedOurs(JsonNode resource) {
		return providerId.equals(tagsOf(resource).get(TAG_PROVIDER));
	}

	static Map<String, String> tagsOf(JsonNode resource) {
		Map<String, String> tags = new HashMap<>();
		for (JsonNode t : resource.path("tags")) {
			tags.put(t.path("key").asText(), t.path("value").asText());
		}
		return tags;
	}

	/** @return the deployment id a VM belongs to: its subscription tag, else its name; null when neither */
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
}
