package org.dinfra.chain.client;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtime metadata V14 or V15 ({@code frame-metadata}): the type registry, the pallets with their
 * storage, calls, events, constants and errors, and the extrinsic format. V15 adds runtime APIs,
 * the outer enums and custom values; what both versions share is read into the same records.
 */
public final class Metadata {
	/** The magic number {@code "meta"} before the version byte. */
	public static final int MAGIC = 0x6174656d;

	/**
	 * @param name     entry name
	 * @param optional true for {@code Optional} (absent = none), false for {@code Default}
	 * @param hashers  the key hashers, empty for a plain value
	 * @param keyType  the key type id (a tuple for several keys), -1 for a plain value
	 * @param valueType the value type id
	 * @param defaultValue the encoded default
	 * @param docs     documentation lines
	 */
	public record StorageEntry(String name, boolean optional, List<StorageHasher> hashers, int keyType, int valueType,
			byte[] defaultValue, List<String> docs) {
	}

	/**
	 * @param name  the constant name
	 * @param type  its type id
	 * @param value its encoded value
	 * @param docs  documentation lines
	 */
	public record Constant(String name, int type, byte[] value, List<String> docs) {
	}

	/**
	 * @param name          the pallet name
	 * @param index         its index in the runtime (the first byte of its calls and events)
	 * @param storagePrefix the storage prefix, null without storage
	 * @param storage       the storage entries
	 * @param callType      the call enum type id, -1 for none
	 * @param eventType     the event enum type id, -1 for none
	 * @param errorType     the error enum type id, -1 for none
	 * @param constants     the constants
	 * @param docs          documentation (V15), empty for V14
	 */
	public record Pallet(String name, int index, String storagePrefix, List<StorageEntry> storage, int callType,
			int eventType, int errorType, List<Constant> constants, List<String> docs) {
		/**
		 * @param item the entry name
		 * @return the entry
		 * @throws ScaleException if there is none
		 */
		public StorageEntry storageEntry(String item) {
			for (StorageEntry e : storage) {
				if (e.name().equals(item)) {
					return e;
				}
			}
			throw new ScaleException("pallet " + name + " has no storage item " + item);
		}
	}

	/**
	 * @param identifier       for example {@code CheckNonce}
	 * @param type             the type of the part in the extrinsic
	 * @param additionalSigned the type of the part only signed
	 */
	public record SignedExtension(String identifier, int type, int additionalSigned) {
	}

	/**
	 * @param name   the parameter name
	 * @param type   its type id
	 */
	public record ApiParam(String name, int type) {
	}

	/**
	 * @param name   the method name
	 * @param inputs the parameters
	 * @param output the result type id
	 * @param docs   documentation lines
	 */
	public record ApiMethod(String name, List<ApiParam> inputs, int output, List<String> docs) {
	}

	/**
	 * @param name    the API name, for example {@code Metadata}
	 * @param methods its methods
	 * @param docs    documentation lines
	 */
	public record RuntimeApi(String name, List<ApiMethod> methods, List<String> docs) {
	}

	private final int version;
	private final TypeRegistry types;
	private final List<Pallet> pallets;
	private final int extrinsicVersion;
	private final int extrinsicType;
	private final int addressType;
	private final int callType;
	private final int signatureType;
	private final List<SignedExtension> signedExtensions;
	private final int runtimeType;
	private final List<RuntimeApi> apis;
	private final int eventType;
	private final int errorType;
	private final Map<String, Pallet> byName = new LinkedHashMap<>();
	private final Pallet[] byIndex = new Pallet[256];
	private final ValueCodec codec;

	private Metadata(int version, TypeRegistry types, List<Pallet> pallets, int extrinsicVersion, int extrinsicType,
			int addressType, int callType, int signatureType, List<SignedExtension> signedExtensions, int runtimeType,
			List<RuntimeApi> apis, int eventType, int errorType) {
		this.version = version;
		this.types = types;
		this.pallets = List.copyOf(pallets);
		this.extrinsicVersion = extrinsicVersion;
		this.extrinsicType = extrinsicType;
		this.addressType = addressType;
		this.callType = callType;
		this.signatureType = signatureType;
		this.signedExtensions = List.copyOf(signedExtensions);
		this.runtimeType = runtimeType;
		this.apis = List.copyOf(apis);
		this.eventType = eventType;
		this.errorType = errorType;
		for (Pallet p : pallets) {
			byName.put(p.name(), p);
			byIndex[p.index()] = p;
		}
		this.codec = new ValueCodec(types);
	}

	/**
	 * @param hex the metadata as {@code state_getMetadata} returns it ({@code 0x6d657461...})
	 * @return the metadata
	 * @throws ScaleException if it is not V14 or V15 metadata
	 */
	public static Metadata fromHex(String hex) {
		String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
		try {
			return parse(HexFormat.of().parseHex(digits));
		} catch (IllegalArgumentException e) {
			throw new ScaleException("metadata is not hex");
		}
	}

	/**
	 * Parses metadata bytes, with or without the {@code Option<OpaqueMetadata>} wrapping that
	 * {@code Metadata_metadata_at_version} returns.
	 *
	 * @param bytes {@code "meta"}, the version byte and the metadata
	 * @return the metadata
	 * @throws ScaleException if it is not V14 or V15 metadata
	 */
	public static Metadata parse(byte[] bytes) {
		ScaleReader r = new ScaleReader(bytes);
		if (r.remaining() >= 4 && r.u32() != MAGIC) {
			r = unwrap(bytes);
		} else if (bytes.length < 4) {
			throw new ScaleException("metadata shorter than its magic number");
		}
		int version = r.u8();
		if (version != 14 && version != 15) {
			throw new ScaleException("metadata version " + version + " is not supported (V14 and V15 are)");
		}
		TypeRegistry types = TypeRegistry.read(r);
		int np = r.length(8);
		List<Pallet> pallets = new ArrayList<>(np);
		for (int i = 0; i < np; i++) {
			pallets.add(readPallet(r, version));
		}
		int extrinsicType = -1;
		int extrinsicVersion;
		int addressType = -1;
		int callType = -1;
		int signatureType = -1;
		if (version == 14) {
			extrinsicType = TypeRegistry.typeId(r);
			extrinsicVersion = r.u8();
		} else {
			extrinsicVersion = r.u8();
			addressType = TypeRegistry.typeId(r);
			callType = TypeRegistry.typeId(r);
			signatureType = TypeRegistry.typeId(r);
			TypeRegistry.typeId(r); // extra type
		}
		int ns = r.length(3);
		List<SignedExtension> exts = new ArrayList<>(ns);
		for (int i = 0; i < ns; i++) {
			exts.add(new SignedExtension(r.string(), TypeRegistry.typeId(r), TypeRegistry.typeId(r)));
		}
		int runtimeType = TypeRegistry.typeId(r);
		List<RuntimeApi> apis = new ArrayList<>();
		int eventType = -1;
		int errorType = -1;
		if (version == 15) {
			int na = r.length(3);
			for (int i = 0; i < na; i++) {
				String name = r.string();
				int nm = r.length(4);
				List<ApiMethod> methods = new ArrayList<>(nm);
				for (int j = 0; j < nm; j++) {
					String mname = r.string();
					int ni = r.length(2);
					List<ApiParam> inputs = new ArrayList<>(ni);
					for (int k = 0; k < ni; k++) {
						inputs.add(new ApiParam(r.string(), TypeRegistry.typeId(r)));
					}
					methods.add(new ApiMethod(mname, inputs, TypeRegistry.typeId(r), TypeRegistry.strings(r)));
				}
				apis.add(new RuntimeApi(name, methods, TypeRegistry.strings(r)));
			}
			callType = TypeRegistry.typeId(r);
			eventType = TypeRegistry.typeId(r);
			errorType = TypeRegistry.typeId(r);
			int nc = r.length(3);
			for (int i = 0; i < nc; i++) {
				r.string();
				TypeRegistry.typeId(r);
				r.bytes();
			}
		}
		r.expectEnd();
		Metadata m = new Metadata(version, types, pallets, extrinsicVersion, extrinsicType, addressType, callType,
				signatureType, exts, runtimeType, apis, eventType, errorType);
		m.check();
		return m;
	}

	private static ScaleReader unwrap(byte[] bytes) {
		ScaleReader r = new ScaleReader(bytes);
		if (r.u8() != 1) {
			throw new ScaleException("metadata does not start with the magic number 'meta'");
		}
		int len = r.length(1);
		int start = r.position();
		if (len != r.remaining()) {
			throw new ScaleException("wrapped metadata length " + len + " but " + r.remaining() + " bytes follow");
		}
		ScaleReader inner = new ScaleReader(bytes, start, len);
		if (inner.remaining() < 4 || inner.u32() != MAGIC) {
			throw new ScaleException("metadata does not start with the magic number 'meta'");
		}
		return inner;
	}

	private static Pallet readPallet(ScaleReader r, int version) {
		String name = r.string();
		String prefix = null;
		List<StorageEntry> storage = new ArrayList<>();
		if (r.bool()) {
			prefix = r.string();
			int n = r.length(5);
			for (int i = 0; i < n; i++) {
				String ename = r.string();
				int modifier = r.u8();
				if (modifier > 1) {
					throw new ScaleException("storage modifier " + modifier + " at offset " + (r.position() - 1));
				}
				int kind = r.u8();
				List<StorageHasher> hashers = new ArrayList<>();
				int key = -1;
				int value;
				if (kind == 0) {
					value = TypeRegistry.typeId(r);
				} else if (kind == 1) {
					int nh = r.length(1);
					for (int j = 0; j < nh; j++) {
						hashers.add(StorageHasher.ofIndex(r.u8()));
					}
					key = TypeRegistry.typeId(r);
					value = TypeRegistry.typeId(r);
				} else {
					throw new ScaleException("storage entry type " + kind + " at offset " + (r.position() - 1));
				}
				storage.add(new StorageEntry(ename, modifier == 0, hashers, key, value, r.bytes(), TypeRegistry.strings(r)));
			}
		}
		int calls = r.bool() ? TypeRegistry.typeId(r) : -1;
		int event = r.bool() ? TypeRegistry.typeId(r) : -1;
		int nc = r.length(3);
		List<Constant> constants = new ArrayList<>(nc);
		for (int i = 0; i < nc; i++) {
			constants.add(new Constant(r.string(), TypeRegistry.typeId(r), r.bytes(), TypeRegistry.strings(r)));
		}
		int error = r.bool() ? TypeRegistry.typeId(r) : -1;
		int index = r.u8();
		List<String> docs = version >= 15 ? TypeRegistry.strings(r) : List.of();
		return new Pallet(name, index, prefix, storage, calls, event, error, constants, docs);
	}

	private void check() {
		for (Pallet p : pallets) {
			for (int t : new int[] {p.callType(), p.eventType(), p.errorType()}) {
				if (t >= 0) {
					types.get(t);
				}
			}
			for (StorageEntry e : p.storage()) {
				types.get(e.valueType());
				if (e.keyType() >= 0) {
					types.get(e.keyType());
				}
			}
		}
		for (SignedExtension e : signedExtensions) {
			types.get(e.type());
			types.get(e.additionalSigned());
		}
	}

	/** @return 14 or 15 */
	public int version() {
		return version;
	}

	/** @return the type registry */
	public TypeRegistry types() {
		return types;
	}

	/** @return a codec over the registry */
	public ValueCodec codec() {
		return codec;
	}

	/** @return the pallets in metadata order */
	public List<Pallet> pallets() {
		return pallets;
	}

	/**
	 * @param name a pallet name
	 * @return the pallet
	 * @throws ScaleException if there is none
	 */
	public Pallet pallet(String name) {
		Pallet p = byName.get(name);
		if (p == null) {
			throw new ScaleException("no pallet " + name);
		}
		return p;
	}

	/**
	 * @param index a pallet index
	 * @return the pallet, or null
	 */
	public Pallet palletByIndex(int index) {
		return index >= 0 && index < 256 ? byIndex[index] : null;
	}

	/** @return the extrinsic format version (4) */
	public int extrinsicVersion() {
		return extrinsicVersion;
	}

	/** @return the extrinsic type id (V14), -1 for V15 */
	public int extrinsicType() {
		return extrinsicType;
	}

	/** @return the signed extensions in order */
	public List<SignedExtension> signedExtensions() {
		return signedExtensions;
	}

	/** @return the runtime type id */
	public int runtimeType() {
		return runtimeType;
	}

	/** @return the runtime APIs (V15; empty for V14) */
	public List<RuntimeApi> apis() {
		return apis;
	}

	/** @return the address type of signed extrinsics (V15), or the extrinsic type's {@code Address} parameter (V14) */
	public int addressType() {
		return addressType >= 0 ? addressType : extrinsicParam("Address");
	}

	/** @return the {@code RuntimeCall} type id */
	public int callType() {
		return callType >= 0 ? callType : extrinsicParam("Call");
	}

	/** @return the signature type of signed extrinsics */
	public int signatureType() {
		return signatureType >= 0 ? signatureType : extrinsicParam("Signature");
	}

	/** @return the {@code RuntimeEvent} type id */
	public int eventType() {
		if (eventType >= 0) {
			return eventType;
		}
		return eventRecordParam("E");
	}

	/** @return the {@code RuntimeError} type id (V15), or -1 */
	public int errorType() {
		return errorType;
	}

	private int extrinsicParam(String name) {
		for (TypeRegistry.TypeParam p : types.get(extrinsicType).params()) {
			if (p.name().equals(name) && p.type() >= 0) {
				return p.type();
			}
		}
		throw new ScaleException("the extrinsic type has no " + name + " parameter");
	}

	private int eventRecordParam(String name) {
		StorageEntry events = pallet("System").storageEntry("Events");
		TypeRegistry.TypeDef def = types.get(events.valueType()).def();
		if (def instanceof TypeRegistry.SequenceDef s) {
			for (TypeRegistry.TypeParam p : types.get(s.element()).params()) {
				if (p.name().equals(name) && p.type() >= 0) {
					return p.type();
				}
			}
		}
		throw new ScaleException("System.Events is not a Vec<EventRecord<E, T>>");
	}
}
