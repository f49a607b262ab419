package org.dinfra.benchmarks;

import java.util.Map;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.ReasonCode;

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
		if (!cid.isVerifiable()) {
			throw new DescriptorException(ReasonCode.UNSUPPORTED_CID, cid.unverifiableReason());
		}
		byte[] bytes = content.get(cid);
		if (bytes == null) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE, "descriptor " + cid + " is not in memory");
		}
		byte[] copy = bytes.clone();
		if (!cid.matches(copy)) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_CID_MISMATCH, "the bytes in memory do not hash to " + cid);
		}
		return copy;
	}
}
