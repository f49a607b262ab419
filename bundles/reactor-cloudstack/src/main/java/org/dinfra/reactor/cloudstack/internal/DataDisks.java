package org.dinfra.reactor.cloudstack.internal;

import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.ignoringGone;
import static org.dinfra.reactor.cloudstack.internal.CloudStackCall.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data volumes of a deployment's VM ({@code dinfra-<id>-disk<n>}): created, tagged and
 * attached once each on deploy; detached and deleted on teardown.
 */
final class DataDisks {
	private static final Logger LOG = LoggerFactory.getLogger(DataDisks.class);

	private final CloudStackClient client;
	private final Ownership ownership;
	private final ResourceFinder finder;

	DataDisks(CloudStackClient client, Ownership ownership, ResourceFinder finder) {
		this.client = client;
		this.ownership = ownership;
		this.finder = finder;
	}

	/**
	 * Gives the VM the descriptor's data disks: finds each one by its tag or name, creates the ones
	 * missing, tags them and attaches them to the VM.
	 */
	void ensure(long id, VmDescriptor d, String vmId, String zoneId, NameResolver resolver) throws ReactorException {
		List<JsonNode> volumes = step("listing the data volumes of " + Ownership.vmName(id), () -> finder.volumes(id));
		for (int i = 0; i < d.dataDisks().size(); i++) {
			int n = i;
			String volumeName = Ownership.volumeName(id, i);
			JsonNode volume = volumes.stream().filter(v -> Integer.toString(n).equals(Ownership.tagsOf(v).get(Ownership.TAG_DISK))
					|| volumeName.equals(v.path("name").asText())).findFirst().orElse(null);
			if (volume == null) {
				volume = create(id, d, i, zoneId, resolver);
			}
			JsonNode v = volume;
			step("tagging data volume " + volumeName, () -> {
				ownership.claim(v, "Volume", id, n);
				return null;
			});
			if (!vmId.equals(v.path("virtualmachineid").asText())) {
				step("attaching data volume " + volumeName,
						() -> client.callAsync("attachVolume", Map.of("id", v.path("id").asText(), "virtualmachineid", vmId)));
			}
		}
	}

	private JsonNode create(long id, VmDescriptor d, int i, String zoneId, NameResolver resolver) throws ReactorException {
		String volumeName = Ownership.volumeName(id, i);
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
		return step("creating data volume " + volumeName, () -> client.callAsync("createVolume", p)).path("volume");
	}

	/** Detaches the volumes attached to a VM (the first step of a teardown: a VM is destroyed without them). */
	void detach(List<JsonNode> volumes) throws ReactorException {
		for (JsonNode volume : volumes) {
			String volumeId = volume.path("id").asText();
			if (!volume.path("virtualmachineid").asText().isEmpty()) {
				step("detaching data volume " + volume.path("name").asText(),
						() -> ignoringGone(() -> client.callAsync("detachVolume", Map.of("id", volumeId))));
			}
		}
	}

	/** Deletes the volumes; one that is gone already is fine. */
	void delete(List<JsonNode> volumes) throws ReactorException {
		for (JsonNode volume : volumes) {
			String volumeId = volume.path("id").asText();
			step("deleting data volume " + volume.path("name").asText(),
					() -> ignoringGone(() -> client.call("deleteVolume", Map.of("id", volumeId))));
		}
	}
}
