package org.dinfra.chain.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The portable type registry of scale-info (metadata V14 and later): every type the runtime
 * uses, by id.
 */
public final class TypeRegistry {
	/** The primitive types, in the order of their SCALE index. */
	public enum Primitive {
		/** bool */ BOOL(1),
		/** char (u32 code point) */ CHAR(4),
		/** str */ STR(1),
		/** u8 */ U8(1),
		/** u16 */ U16(2),
		/** u32 */ U32(4),
		/** u64 */ U64(8),
		/** u128 */ U128(16),
		/** u256 */ U256(32),
		/** i8 */ I8(1),
		/** i16 */ I16(2),
		/** i32 */ I32(4),
		/** i64 */ I64(8),
		/** i128 */ I128(16),
		/** i256 */ I256(32);

		private final int size;

		Primitive(int size) {
			this.size = size;
		}

		/** @return the encoded size in bytes (the minimum for {@code str}) */
		public int size() {
			return size;
		}

		/** @return true for i8..i256 */
		public boolean isSigned() {
			return ordinal() >= I8.ordinal();
		}
	}

	/**
	 * A field of a composite or variant.
	 *
	 * @param name     the field name, null in tuple structs
	 * @param type     the type id
	 * @param typeName the Rust type name as written, or null
	 * @param docs     documentation lines
	 */
	public record Field(String name, int type, String typeName, List<String> docs) {
	}

	/**
	 * A variant of an enum.
	 *
	 * @param name   the variant name
	 * @param fields its fields
	 * @param index  its encoded index
	 * @param docs   documentation lines
	 */
	public record Variant(String name, List<Field> fields, int index, List<String> docs) {
	}

	/** The definition of a type. */
	public sealed interface TypeDef {
	}

	/** @param fields the fields, named or not */
	public record CompositeDef(List<Field> fields) implements TypeDef {
	}

	/** @param variants the variants (indexes need not be contiguous) */
	public record VariantDef(List<Variant> variants) implements TypeDef {
		/**
		 * @param index an encoded index
		 * @return the variant, or null
		 */
		public Variant byIndex(int index) {
			for (Variant v : variants) {
				if (v.index() == index) {
					return v;
				}
			}
			return null;
		}

		/**
		 * @param name a variant name
		 * @return the variant, or null
		 */
		public Variant byName(String name) {
			for (Variant v : variants) {
				if (v.name().equals(name)) {
					return v;
				}
			}
			return null;
		}
	}

	/** @param element element type id */
	public record SequenceDef(int element) implements TypeDef {
	}

	/**
	 * @param length  number of elements
	 * @param element element type id
	 */
	public record ArrayDef(long length, int element) implements TypeDef {
	}

	/** @param elements the element type ids */
	public record TupleDef(List<Integer> elements) implements TypeDef {
	}

	/** @param primitive the primitive */
	public record PrimitiveDef(Primitive primitive) implements TypeDef {
	}

	/** @param type the compact-encoded type id */
	public record CompactDef(int type) implements TypeDef {
	}

	/**
	 * @param storeType the store type id (u8..u64)
	 * @param orderType the order type id (Lsb0 / Msb0)
	 */
	public record BitSequenceDef(int storeType, int orderType) implements TypeDef {
	}

	/**
	 * @param name the parameter name
	 * @param type its type id, or -1 when absent
	 */
	public record TypeParam(String name, int type) {
	}

	/**
	 * A type of the registry.
	 *
	 * @param id     its id
	 * @param path   the Rust path segments, empty for anonymous types
	 * @param params the generic parameters
	 * @param def    the definition
	 * @param docs   documentation lines
	 */
	public record Type(int id, List<String> path, List<TypeParam> params, TypeDef def, List<String> docs) {
		/** @return the path joined with {@code ::} */
		public String pathString() {
			return String.join("::", path);
		}
	}

	private static final int IN_PROGRESS = -2;
	private final Type[] types;
	private final int[] minSize;

	private TypeRegistry(Type[] types) {
		this.types = types;
		this.minSize = new int[types.length];
		Arrays.fill(minSize, -1);
	}

	/**
	 * Reads a {@code PortableRegistry}.
	 *
	 * @param r the reader
	 * @return the registry
	 * @throws ScaleException on malformed input (including ids out of order or dangling references)
	 */
	public static TypeRegistry read(ScaleReader r) {
		int n = r.length(2);
		Type[] types = new Type[n];
		for (int i = 0; i < n; i++) {
			long id = r.compactLong();
			if (id != i) {
				throw new ScaleException("type id " + id + " at position " + i + ": ids must be 0..n-1 in order");
			}
			List<String> path = strings(r);
			int np = r.length(2);
			List<TypeParam> params = new ArrayList<>(np);
			for (int j = 0; j < np; j++) {
				String name = r.string();
				int t = r.bool() ? typeId(r) : -1;
				params.add(new TypeParam(name, t));
			}
			TypeDef def = readDef(r);
			List<String> docs = strings(r);
			types[i] = new Type(i, path, params, def, docs);
		}
		TypeRegistry reg = new TypeRegistry(types);
		reg.checkReferences();
		return reg;
	}

	static int typeId(ScaleReader r) {
		long v = r.compactLong();
		if (v > Integer.MAX_VALUE) {
			throw new ScaleException("type id " + v + " out of range");
		}
		return (int) v;
	}

	static List<String> strings(ScaleReader r) {
		int n = r.length(1);
		List<String> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			out.add(r.string());
		}
		return out;
	}

	private static String optionalString(ScaleReader r) {
		return r.bool() ? r.string() : null;
	}

	private static List<Field> fields(ScaleReader r) {
		int n = r.length(3);
		List<Field> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			String name = optionalString(r);
			int ty = typeId(r);
			String typeName = optionalString(r);
			out.add(new Field(name, ty, typeName, strings(r)));
		}
		return out;
	}

	private static TypeDef readDef(ScaleReader r) {
		int at = r.position();
		int tag = r.u8();
		switch (tag) {
			case 0:
				return new CompositeDef(fields(r));
			case 1: {
				int n = r.length(4);
				List<Variant> vs = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					String name = r.string();
					List<Field> fs = fields(r);
					int index = r.u8();
					vs.add(new Variant(name, fs, index, strings(r)));
				}
				return new VariantDef(vs);
			}
			case 2:
				return new SequenceDef(typeId(r));
			case 3: {
				long len = r.u32();
				return new ArrayDef(len, typeId(r));
			}
			case 4: {
				int n = r.length(1);
				List<Integer> es = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					es.add(typeId(r));
				}
				return new TupleDef(es);
			}
			case 5: {
				int p = r.u8();
				if (p >= Primitive.values().length) {
					throw new ScaleException("unknown primitive " + p + " at offset " + (at + 1));
				}
				return new PrimitiveDef(Primitive.values()[p]);
			}
			case 6:
				return new CompactDef(typeId(r));
			case 7: {
				int store = typeId(r);
				return new BitSequenceDef(store, typeId(r));
			}
			default:
				throw new ScaleException("unknown type definition " + tag + " at offset " + at);
		}
	}

	private void checkReferences() {
		for (Type t : types) {
			for (int ref : references(t.def())) {
				if (ref < 0 || ref >= types.length) {
					throw new ScaleException("type " + t.id() + " refers to unknown type " + ref);
				}
			}
			for (TypeParam p : t.params()) {
				if (p.type() >= types.length) {
					throw new ScaleException("type " + t.id() + " has a parameter of unknown type " + p.type());
				}
			}
		}
	}

	private static List<Integer> references(TypeDef def) {
		List<Integer> out = new ArrayList<>();
		if (def instanceof CompositeDef c) {
			c.fields().forEach(f -> out.add(f.type()));
		} else if (def instanceof VariantDef v) {
			v.variants().forEach(x -> x.fields().forEach(f -> out.add(f.type())));
		} else if (def instanceof SequenceDef s) {
			out.add(s.element());
		} else if (def instanceof ArrayDef a) {
			out.add(a.element());
		} else if (def instanceof TupleDef t) {
			out.addAll(t.elements());
		} else if (def instanceof CompactDef c) {
			out.add(c.type());
		} else if (def instanceof BitSequenceDef b) {
			out.add(b.storeType());
			out.add(b.orderType());
		}
		return out;
	}

	/** @return the number of types */
	public int size() {
		return types.length;
	}

	/**
	 * @param id a type id
	 * @return the type
	 * @throws ScaleException if there is no such type
	 */
	public Type get(int id) {
		if (id < 0 || id >= types.length) {
			throw new ScaleException("unknown type id " + id);
		}
		return types[id];
	}

	/**
	 * @param path a Rust path such as {@code sp_runtime::DispatchError}
	 * @return the first type with that path, or null
	 */
	public Type byPath(String path) {
		for (Type t : types) {
			if (t.pathString().equals(path)) {
				return t;
			}
		}
		return null;
	}

	/**
	 * @param id a type id
	 * @return the fewest bytes a value of the type encodes to (recursive types count 0 for the
	 *         recursion), used to bound length prefixes
	 */
	public int minSize(int id) {
		return minSize(id, 0);
	}

	private int minSize(int id, int depth) {
		Type t = get(id);
		int cached = minSize[id];
		if (cached >= 0) {
			return cached;
		}
		if (cached == IN_PROGRESS || depth > 256) {
			return 0; // recursion, or too deep: 0 under-estimates, which only loosens the bound
		}
		minSize[id] = IN_PROGRESS;
		long m;
		TypeDef def = t.def();
		if (def instanceof CompositeDef c) {
			m = 0;
			for (Field f : c.fields()) {
				m += minSize(f.type(), depth + 1);
			}
		} else if (def instanceof VariantDef v) {
			long best = Long.MAX_VALUE;
			for (Variant x : v.variants()) {
				long s = 0;
				for (Field f : x.fields()) {
					s += minSize(f.type(), depth + 1);
				}
				best = Math.min(best, s);
			}
			m = v.variants().isEmpty() ? 1 : 1 + best;
		} else if (def instanceof SequenceDef) {
			m = 1;
		} else if (def instanceof ArrayDef a) {
			m = a.length() * minSize(a.element(), depth + 1);
		} else if (def instanceof TupleDef tu) {
			m = 0;
			for (int e : tu.elements()) {
				m += minSize(e, depth + 1);
			}
		} else if (def instanceof PrimitiveDef p) {
			m = p.primitive().size();
		} else {
			m = 1;
		}
		int result = (int) Math.min(m, Integer.MAX_VALUE);
		minSize[id] = result;
		return result;
	}
}
