package org.dinfra.chain.client;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.dinfra.keys.api.AccountKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signs and submits extrinsics of one account and finds them in blocks: mortal era born at the
 * finalized head, nonce from {@code system_accountNextIndex} and a local counter for transactions
 * still in flight; inclusion found by reading each new block's extrinsics and its
 * {@code System.Events} (polling, not the watch subscription), with the dispatch error decoded.
 */
public final class Transactions {
	/**
	 * @param mortalPeriod the lifetime of a transaction in blocks
	 * @param pollInterval how often the best block is read while waiting
	 */
	public record Options(int mortalPeriod, Duration pollInterval) {
		/** @return 64 blocks, 250 ms */
		public static Options defaults() {
			return new Options(64, Duration.ofMillis(250));
		}
	}

	/**
	 * A submitted transaction.
	 *
	 * @param hash       its blake2-256 hash
	 * @param nonce      its nonce
	 * @param bornAt     the block number its era starts at (the finalized head when signed)
	 * @param validUntil the last block number it can be included in
	 */
	public record Submitted(byte[] hash, long nonce, long bornAt, long validUntil) {
		/** @return the hash as 0x-prefixed hex */
		public String hashHex() {
			return Hex.encode(hash);
		}
	}

	/**
	 * A transaction found in a block.
	 *
	 * @param blockNumber    the block's number
	 * @param blockHash      the block's hash
	 * @param extrinsicIndex its index in the block
	 * @param events         the events it emitted, in order
	 * @param error          the dispatch error when it failed
	 */
	public record Included(long blockNumber, String blockHash, int extrinsicIndex, List<Events.EventRecord> events,
			Optional<Events.DispatchErrorInfo> error) {
		/** @return true when the call was dispatched without error */
		public boolean success() {
			return error.isEmpty();
		}

		/**
		 * @param pallet a pallet name
		 * @param name   an event name
		 * @return the first such event it emitted
		 */
		public Optional<Events.EventRecord> event(String pallet, String name) {
			return events.stream().filter(e -> e.is(pallet, name)).findFirst();
		}
	}

	private final RpcClient rpc;
	private final AccountKey signer;
	private final String signerAddress;
	private final Options options;
	private long nextNonce = -1;
	/** The last block in which a transaction signed from {@link #nextNonce} may still be included. */
	private long localValidUntil = -1;

	/**
	 * @param rpc           the node (not closed here)
	 * @param signer        the signing key (not closed here)
	 * @param signerAddress its SS58 address
	 * @param options       lifetime and polling
	 */
	public Transactions(RpcClient rpc, AccountKey signer, String signerAddress, Options options) {
		this.rpc = Objects.requireNonNull(rpc, "rpc");
		this.signer = Objects.requireNonNull(signer, "signer");
		this.signerAddress = Objects.requireNonNull(signerAddress, "signerAddress");
		this.options = Objects.requireNonNull(options, "options");
	}

	/**
	 * Signs and submits a call.
	 *
	 * @param runtime the node's current runtime
	 * @param call    the encoded call
	 * @return the submitted transaction
	 * @throws RpcException         if the node refuses it or cannot be reached
	 * @throws InterruptedException if interrupted
	 */
	public synchronized Submitted submit(ChainRuntime runtime, byte[] call) throws RpcException, InterruptedException {
		String finalized = rpc.request("chain_getFinalizedHead").asText();
		long number = Long.decode(rpc.request("chain_getHeader", finalized).path("number").asText());
		long chainNonce = rpc.request("system_accountNextIndex", signerAddress).asLong();
		// The local counter runs ahead of the chain for transactions still in flight; once the last
		// of them can no longer be included (its era ended), a gap it left would hold every later
		// one back for ever: the chain's nonce is the truth again.
		long nonce = number > localValidUntil ? chainNonce : Math.max(chainNonce, nextNonce);
		ExtrinsicBuilder.Era era = new ExtrinsicBuilder.Era(number, options.mortalPeriod());
		byte[] tx = new ExtrinsicBuilder(runtime.metadata()).signed(call, signer, new ExtrinsicBuilder.SigningParams(nonce,
				BigInteger.ZERO, era, Hex.decode(finalized), runtime.genesisHash(), runtime.specVersion(), runtime.transactionVersion()));
		try {
			rpc.request("author_submitExtrinsic", Hex.encode(tx));
		} catch (RpcException e) {
			nextNonce = -1;
			throw e;
		}
		nextNonce = nonce + 1;
		localValidUntil = number + options.mortalPeriod();
		return new Submitted(Hashing.blake2(tx, 256), nonce, number, number + options.mortalPeriod());
	}

	/**
	 * Waits until a submitted transaction is in a block of the best chain.
	 *
	 * @param runtime   the node's current runtime
	 * @param submitted the transaction
	 * @param timeout   how long to wait at most
	 * @return where it was included and what it did
	 * @throws RpcException         if it was not included before its era ended
	 *                              ({@link RpcException#EXPIRED}: the next {@link #submit} takes
	 *                              the chain's nonce again) or within the timeout, or the node
	 *                              cannot be reached
	 * @throws InterruptedException if interrupted
	 */
	public Included await(ChainRuntime runtime, Submitted submitted, Duration timeout) throws RpcException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long next = submitted.bornAt() + 1;
		while (true) {
			long best = Long.decode(rpc.request("chain_getHeader").path("number").asText());
			for (; next <= best; next++) {
				String hash = rpc.request("chain_getBlockHash", next).asText(null);
				if (hash == null) {
					break;
				}
				Included found = find(runtime, submitted.hash(), next, hash);
				if (found != null) {
					return found;
				}
			}
			if (best > submitted.validUntil()) {
				expired(submitted);
				throw new RpcException(RpcException.EXPIRED,
						"transaction " + submitted.hashHex() + " was not included before its era ended at block " + submitted.validUntil());
			}
			if (System.nanoTime() > deadline) {
				throw new RpcException(RpcException.NOT_CONNECTED,
						"transaction " + submitted.hashHex() + " not in a block within " + timeout.toSeconds() + " s");
			}
			Thread.sleep(options.pollInterval().toMillis());
		}
	}

	/**
	 * A transaction that can no longer be included leaves a gap in this account's nonces: every
	 * later one signed from the local counter would wait behind it for ever. The next
	 * {@link #submit} takes the chain's nonce again, which fills the gap.
	 */
	private synchronized void expired(Submitted submitted) {
		if (nextNonce > submitted.nonce()) {
			nextNonce = -1;
		}
	}

	/**
	 * {@link #submit} then {@link #await}.
	 *
	 * @param runtime the node's current runtime
	 * @param call    the encoded call
	 * @param timeout how long to wait at most
	 * @return where it was included and what it did
	 * @throws RpcException         see {@link #submit} and {@link #await}
	 * @throws InterruptedException if interrupted
	 */
	public Included submitAndWait(ChainRuntime runtime, byte[] call, Duration timeout) throws RpcException, InterruptedException {
		return await(runtime, submit(runtime, call), timeout);
	}

	private Included find(ChainRuntime runtime, byte[] txHash, long number, String blockHash) throws RpcException, InterruptedException {
		JsonNode extrinsics = rpc.request("chain_getBlock", blockHash).path("block").path("extrinsics");
		for (int i = 0; i < extrinsics.size(); i++) {
			if (Arrays.equals(txHash, Hashing.blake2(Hex.decode(extrinsics.get(i).asText()), 256))) {
				Metadata m = runtime.metadata();
				JsonNode raw = rpc.request("state_getStorage", Hex.encode(StorageKeys.key(m, "System", "Events")), blockHash);
				List<Events.EventRecord> mine = new ArrayList<>();
				Optional<Events.DispatchErrorInfo> error = Optional.empty();
				if (raw != null && !raw.isNull()) {
					for (Events.EventRecord e : Events.decode(m, Hex.decode(raw.asText()))) {
						if (e.extrinsicIndex() == i) {
							mine.add(e);
							if (e.is("System", "ExtrinsicFailed")) {
								error = Optional.of(Events.describe(m, e.get("dispatch_error")));
							}
						}
					}
				}
				return new Included(number, blockHash, i, List.copyOf(mine), error);
			}
		}
		return null;
	}
}
