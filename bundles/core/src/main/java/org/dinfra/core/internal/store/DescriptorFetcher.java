package org.dinfra.core.internal.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the descriptor stores in order of service ranking until one returns verified bytes. A
 * store that does not have the descriptor, or returns bytes that fail verification, is
 * skipped; a mismatch is reported only when no store has the genuine bytes.
 */
public final class DescriptorFetcher {
	private static final Logger LOG = LoggerFactory.getLogger(DescriptorFetcher.class);

	private record Ranked(DescriptorStore store, int ranking) {
	}

	/** Replaced whole on every change, so that a fetch never sees a list half rebuilt. */
	private volatile List<Ranked> stores = List.of();

	/**
	 * @param store   a store
	 * @param ranking its service ranking
	 */
	public synchronized void add(DescriptorStore store, int ranking) {
		List<Ranked> next = new ArrayList<>(stores);
		next.add(new Ranked(store, ranking));
		next.sort(Comparator.comparingInt(Ranked::ranking).reversed());
		stores = List.copyOf(next);
	}

	/** @param store a store to forget */
	public synchronized void remove(DescriptorStore store) {
		List<Ranked> next = new ArrayList<>(stores);
		next.removeIf(r -> r.store() == store);
		stores = List.copyOf(next);
	}

	/**
	 * @param cid the descriptor's CID
	 * @return verified bytes
	 * @throws DescriptorException the most telling failure when no store has verified bytes
	 */
	public byte[] fetch(Cid cid) throws DescriptorException {
		if (!cid.isVerifiable()) {
			throw new DescriptorException(ReasonCode.UNSUPPORTED_CID, cid.unverifiableReason());
		}
		List<Ranked> stores = this.stores;
		if (stores.isEmpty()) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE, "no descriptor store is configured");
		}
		DescriptorException worst = null;
		for (Ranked r : stores) {
			try {
				// Stores promise verified bytes; checking again costs one hash and keeps a store that
				// breaks that promise from handing unverified bytes to a reactor.
				return Descriptors.verified(cid, r.store().fetch(cid), r.store().name());
			} catch (DescriptorException e) {
				if (worst == null || (worst.isTransient() && !e.isTransient())) {
					worst = e;
				}
			} catch (RuntimeException e) {
				// A broken store must not keep the others from being asked.
				LOG.warn("Descriptor store {} failed on {}", r.store().name(), cid, e);
				if (worst == null) {
					worst = new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE,
							"descriptor store " + r.store().name() + " failed: " + e, e);
				}
			}
		}
		throw worst;
	}
}
