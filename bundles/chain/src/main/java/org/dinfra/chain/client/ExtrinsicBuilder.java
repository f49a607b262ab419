package org.dinfra.chain.client;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dinfra.keys.api.AccountKey;

/**
 * Builds calls and signed v4 extrinsics (ed25519 {@code MultiSignature}, {@code MultiAddress::Id})
 * for a runtime, with the signed extensions its metadata lists.
 *
 * <p>Known extensions: {@code CheckNonZeroSender}, {@code CheckSpecVersion},
 * {@code CheckTxVersion}, {@code CheckGenesis}, {@code CheckMortality}/{@code CheckEra},
 * {@code CheckNonce}, {@code CheckWeight}, {@code ChargeTransactionPayment},
 * {@code ChargeAssetTxPayment} (native asset), {@code CheckMetadataHash} (mode disabled),
 * {@code StorageWeightReclaim}/{@code WeightReclaim}. Any other extension whose types encode to
 * nothing is accepted; one that carries data is refused with a {@link ScaleException}.
 */
public final class ExtrinsicBuilder {
	private static final int SIGNED_V4 = 0x84;
	private static final int MAX_UNHASHED_PAYLOAD = 256;

	private final Metadata metadata;

	/** @param metadata the runtime's metadata */
	public ExtrinsicBuilder(Metadata metadata) {
		this.metadata = metadata;
		if (metadata.extrinsicVersion() != 4) {
			throw new ScaleException("extrinsic version " + metadata.extrinsicVersion() + " is not supported (4 is)");
		}
	}

	/**
	 * A transaction's lifetime.
	 *
	 * @param current the number of the block whose hash is signed (the birth block)
	 * @param period  the number of blocks it stays valid, rounded up to a power of two 4..65536;
	 *                0 for immortal
	 */
	public record Era(long current, long period) {
		/** A transaction valid forever (signs the genesis hash). */
		public static final Era IMMORTAL = new Era(0, 0);

		/** @return true for {@link #IMMORTAL} */
		public boolean isImmortal() {
			return period == 0;
		}

		/** @return the SCALE encoding: one zero byte for immortal, else the two-byte mortal form */
		public byte[] encode() {
			if (isImmortal()) {
				return new byte[] {0};
			}
			long p = Long.highestOneBit(Math.max(4, Math.min(period, 65536)) - 1) << 1;
			if (p < 4) {
				p = 4;
			}
			p = Math.min(p, 65536);
			long phase = current % p;
			long quantize = Math.max(p >> 12, 1);
			long quantizedPhase = phase / quantize * quantize;
			int low = (int) Math.min(15, Math.max(1, Long.numberOfTrailingZeros(p) - 1));
			int encoded = low | (int) ((quantizedPhase / quantize) << 4);
			return new byte[] {(byte) encoded, (byte) (encoded >>> 8)};
		}
	}

	/**
	 * What a signature covers besides the call.
	 *
	 * @param nonce              the signer's account nonce
	 * @param tip                the tip (0 for none)
	 * @param era                the lifetime
	 * @param eraBlockHash       the hash of block {@code era.current()}; the genesis hash for immortal
	 * @param genesisHash        the chain's genesis hash
	 * @param specVersion        the runtime's spec version
	 * @param transactionVersion the runtime's transaction version
	 */
	public record SigningParams(long nonce, BigInteger tip, Era era, byte[] eraBlockHash, byte[] genesisHash,
			long specVersion, long transactionVersion) {
		public SigningParams {
			Objects.requireNonNull(tip, "tip");
			Objects.requireNonNull(era, "era");
			Objects.requireNonNull(genesisHash, "genesisHash");
			if (eraBlockHash == null) {
				eraBlockHash = genesisHash;
			}
		}
	}

	/**
	 * Encodes a call: pallet index, call index, then the arguments by their metadata types.
	 *
	 * @param pallet the pallet name, for example {@code DinfraSubscriptions}
	 * @param call   the call name, for example {@code subscribe}
	 * @param args   the arguments in order ({@code Value.of(bytes)} for {@code Vec<u8>} and bounded
	 *               vectors, {@code Value.of(n)} or {@link Value.Int} for numbers)
	 * @return the encoded call
	 * @throws ScaleException if the pallet or call is unknown or the arguments do not fit
	 */
	public byte[] call(String pallet, String call, Value... args) {
		Metadata.Pallet p = metadata.pallet(pallet);
		if (p.callType() < 0) {
			throw new ScaleException("pallet " + pallet + " has no calls");
		}
		TypeRegistry.VariantDef calls = (TypeRegistry.VariantDef) metadata.types().get(p.callType()).def();
		TypeRegistry.Variant v = calls.byName(call);
		if (v == null) {
			throw new ScaleException("pallet " + pallet + " has no call " + call);
		}
		if (v.fields().size() != args.length) {
			throw new ScaleException(pallet + "." + call + " takes " + v.fields().size() + " arguments, not " + args.length);
		}
		ScaleWriter w = new ScaleWriter().u8(p.index()).u8(v.index());
		for (int i = 0; i < args.length; i++) {
			metadata.codec().encode(v.fields().get(i).type(), args[i], w);
		}
		return w.toByteArray();
	}

	/**
	 * @param call   the encoded call
	 * @param params what the signature covers
	 * @return the bytes that are signed (hashed with blake2-256 when longer than 256 bytes)
	 */
	public byte[] signingPayload(byte[] call, SigningParams params) {
		ScaleWriter w = new ScaleWriter().raw(call);
		for (Metadata.SignedExtension e : metadata.signedExtensions()) {
			extra(e, params, w);
		}
		for (Metadata.SignedExtension e : metadata.signedExtensions()) {
			additional(e, params, w);
		}
		byte[] payload = w.toByteArray();
		return payload.length > MAX_UNHASHED_PAYLOAD ? Hashing.blake2(payload, 256) : payload;
	}

	/**
	 * @param call   the encoded call
	 * @param signer the signing key (not closed)
	 * @param params what the signature covers
	 * @return the signed extrinsic with its compact length prefix, ready for
	 *         {@code author_submitExtrinsic}
	 */
	public byte[] signed(byte[] call, AccountKey signer, SigningParams params) {
		byte[] signature = signer.sign(signingPayload(call, params));
		ScaleWriter body = new ScaleWriter().u8(SIGNED_V4);
		body.u8(0).raw(signer.publicKey().bytes()); // MultiAddress::Id
		body.u8(0).raw(signature); // MultiSignature::Ed25519
		for (Metadata.SignedExtension e : metadata.signedExtensions()) {
			extra(e, params, body);
		}
		body.raw(call);
		byte[] b = body.toByteArray();
		return new ScaleWriter().bytes(b).toByteArray();
	}

	/** @return the signed extension identifiers this builder will write, in order */
	public List<String> extensions() {
		List<String> out = new ArrayList<>();
		metadata.signedExtensions().forEach(e -> out.add(e.identifier()));
		return out;
	}

	private void extra(Metadata.SignedExtension e, SigningParams p, ScaleWriter w) {
		switch (e.identifier()) {
			case "CheckMortality", "CheckEra" -> w.raw(p.era().encode());
			case "CheckNonce" -> w.compact(p.nonce());
			case "ChargeTransactionPayment" -> w.compact(p.tip());
			case "ChargeAssetTxPayment" -> w.compact(p.tip()).u8(0);
			case "CheckMetadataHash" -> w.u8(0);
			default -> empty(e, e.type());
		}
	}

	private void additional(Metadata.SignedExtension e, SigningParams p, ScaleWriter w) {
		switch (e.identifier()) {
			case "CheckSpecVersion" -> w.u32(p.specVersion());
			case "CheckTxVersion" -> w.u32(p.transactionVersion());
			case "CheckGenesis" -> w.raw(p.genesisHash());
			case "CheckMortality", "CheckEra" -> w.raw(p.era().isImmortal() ? p.genesisHash() : p.eraBlockHash());
			case "CheckMetadataHash" -> w.u8(0);
			default -> empty(e, e.additionalSigned());
		}
	}

	private void empty(Metadata.SignedExtension e, int type) {
		if (metadata.types().minSize(type) != 0 || !encodesToNothing(type, 0)) {
			throw new ScaleException("signed extension " + e.identifier() + " carries data this client does not know how to fill");
		}
	}

	private boolean encodesToNothing(int type, int depth) {
		if (depth > 16) {
			return false;
		}
		TypeRegistry.TypeDef def = metadata.types().get(type).def();
		if (def instanceof TypeRegistry.CompositeDef c) {
			return c.fields().stream().allMatch(f -> encodesToNothing(f.type(), depth + 1));
		}
		if (def instanceof TypeRegistry.TupleDef t) {
			return t.elements().stream().allMatch(x -> encodesToNothing(x, depth + 1));
		}
		if (def instanceof TypeRegistry.ArrayDef a) {
			return a.length() == 0 || encodesToNothing(a.element(), depth + 1);
		}
		return false;
	}
}
