package org.dinfra.benchmarks;

import java.util.Map;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.internal.store.Descriptors;

/** Descriptors held in memory, verified against their CID on every fetch as real stores do. */
final class InMemoryDescriptorStore implements DescriptorStore {
	private final Map<Cid, byte[]> content;

	/** @param content descriptors by CID (not copied) */
	InMemoryDescriptorStore(Map<Cid, byte[]> content) {
		this.content = content;
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public byte[] fetch(Cid cid) throws DescriptorException {
		Descriptors.requireVerifiable(cid);
		byte[] bytes = content.get(cid);
		if (bytes == null) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE, "descriptor " + cid + " is not in memory");
		}
		return Descriptors.verified(cid, bytes.clone(), name());
	}
}
