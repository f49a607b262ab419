package org.dinfra.chain.client;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.dinfra.chain.client.TypeRegistry.ArrayDef;
import org.dinfra.chain.client.TypeRegistry.BitSequenceDef;
import org.dinfra.chain.client.TypeRegistry.CompactDef;
import org.dinfra.chain.client.TypeRegistry.CompositeDef;
import org.dinfra.chain.client.TypeRegistry.Primitive;
import org.dinfra.chain.client.TypeRegistry.PrimitiveDef;
import org.dinfra.chain.client.TypeRegistry.SequenceDef;
import org.dinfra.chain.client.TypeRegistry.TupleDef;
import org.dinfra.chain.client.TypeRegistry.TypeDef;
import org.dinfra.chain.client.TypeRegistry.VariantDef;

/**
 * Decodes and encodes any type of a {@link TypeRegistry} as a {@link Value} tree. Decoding is
 * defensive: lengths are bounded by the remaining bytes and the nesting depth is limited, so bad
 * input ends in a {@link ScaleException}.
 */
public final class ValueCodec {
	/** The deepest nesting decoded before the input is refused. */
	public static final int MAX_DEPTH = 128;

	private final TypeRegistry registry;

	/** @param registry the types */
	public ValueCodec(TypeRegistry registry) {
		this.registry = registry;
	}

	/** @return the registry */
	public TypeRegistry registry() {
		return registry;
	}

	/**
	 * @param type  the type id
	 * @param bytes exactly one encoded value
	 * @return the value
	 * @throws ScaleException on malformed input or trailing bytes
	 */
	public Value decode(int type, byte[] bytes) {
		ScaleReader r = new ScaleReader(bytes);
		Value v = decode(type, r);
		r.expectEnd();
		return v;
	}

	/**
	 * @param type the type id
	 * @param r    the reader, advanced past the value
	 * @return the value
	 * @throws ScaleException on malformed input
	 */
	public Value decode(int type, ScaleReader r) {
		return decode(type, r, 0);
	}

	private Value decode(int type, ScaleReader r, int depth) {
		if (depth > MAX_DEPTH) {
			throw new ScaleException("nesting deeper than " + MAX_DEPTH + " at offset " + r.position());
		}
		TypeDef def = registry.get(type).def();
		if (def instanceof PrimitiveDef p) {
			return primitive(p.primitive(), r);
		}
		if (def instanceof CompositeDef c) {
			return new Value.Composite(fields(c.fields(), r, depth));
		}
		if (def instanceof VariantDef v) {
			int at = r.position();
			int index = r.u8();
			TypeRegistry.Variant variant = v.byIndex(index);
			if (variant == null) {
				throw new ScaleException("variant index " + index + " unknown for type " + type + " ("
						+ registry.get(type).pathString() + ") at offset " + at);
			}
			return new Value.VariantValue(variant.name(), index, fields(variant.fields(), r, depth));
		}
		if (def instanceof SequenceDef s) {
			int len = r.length(registry.minSize(s.element()));
			return elements(s.element(), len, r, depth);
		}
		if (def instanceof ArrayDef a) {
			int min = registry.minSize(a.element());
			if (a.length() > Integer.MAX_VALUE || (min > 0 && a.length() * min > r.remaining())
					|| (min == 0 && a.length() > (1 << 20))) {
				throw new ScaleException("array of " + a.length() + " elements exceeds the " + r.remaining()
						+ " remaining bytes at offset " + r.position());
			}
			return elements(a.element(), (int) a.length(), r, depth);
		}
		if (def instanceof TupleDef t) {
			List<Value.Field> out = new ArrayList<>(t.elements().size());
			for (int e : t.elements()) {
				out.add(new Value.Field(null, decode(e, r, depth + 1)));
			}
			return new Value.Composite(out);
		}
		if (def instanceof CompactDef c) {
			checkCompactTarget(c.type(), 0);
			return new Value.Int(r.compact());
		}
		if (def instanceof BitSequenceDef b) {
			int store = storeSize(b.storeType());
			int bits = r.length(0);
			long words = ((long) bits + store * 8L - 1) / (store * 8L);
			return new Value.BitSequence(bits, r.fixed((int) Math.min(words * store, Integer.MAX_VALUE)));
		}
		throw new ScaleException("unsupported type definition " + def);
	}

	private void checkCompactTarget(int type, int depth) {
		TypeDef def = registry.get(type).def();
		if (def instanceof PrimitiveDef p && !p.primitive().isSigned() && p.primitive() != Primitive.BOOL
				&& p.primitive() != Primitive.STR && p.primitive() != Primitive.CHAR) {
			return;
		}
		if (def instanceof CompositeDef c && depth < 8) {
			if (c.fields().isEmpty()) {
				return;
			}
			if (c.fields().size() == 1) {
				checkCompactTarget(c.fields().get(0).type(), depth + 1);
				return;
			}
		}
		if (def instanceof TupleDef t && t.elements().isEmpty()) {
			return;
		}
		throw new ScaleException("compact of type " + type + " that is not an unsigned integer");
	}

	private int storeSize(int storeType) {
		if (registry.get(storeType).def() instanceof PrimitiveDef p) {
			switch (p.primitive()) {
				case U8: return 1;
				case U16: return 2;
				case U32: return 4;
				case U64: return 8;
				default: break;
			}
		}
		throw new ScaleException("bit sequence store type " + storeType + " is not u8..u64");
	}

	private boolean isU8(int type) {
		return registry.get(type).def() instanceof PrimitiveDef p && p.primitive() == Primitive.U8;
	}

	private Value elements(int element, int len, ScaleReader r, int depth) {
		if (isU8(element)) {
			return new Value.Bytes(r.fixed(len));
		}
		List<Value> out = new ArrayList<>(Math.min(len, 1024));
		for (int i = 0; i < len; i++) {
			out.add(decode(element, r, depth + 1));
		}
		return new Value.Sequence(out);
	}

	private List<Value.Field> fields(List<TypeRegistry.Field> fields, ScaleReader r, int depth) {
		if (fields.isEmpty()) {
			return List.of();
		}
		List<Value.Field> out = new ArrayList<>(fields.size());
		for (TypeRegistry.Field f : fields) {
			out.add(new Value.Field(f.name(), decode(f.type(), r, depth + 1)));
		}
		return out;
	}

	private static Value primitive(Primitive p, ScaleReader r) {
		switch (p) {
			case BOOL: return new Value.Bool(r.bool());
			case CHAR: {
				long c = r.u32();
				if (c > Character.MAX_CODE_POINT || (c >= 0xD800 && c <= 0xDFFF)) {
					throw new ScaleException("invalid char " + c);
				}
				return new Value.Char((int) c);
			}
			case STR: return new Value.Str(r.string());
			case U8: return Value.of(r.u8());
			case U16: return Value.of(r.u16());
			case U32: return Value.of(r.u32());
			case U64: {
				long v = r.u64();
				return new Value.Int(v >= 0 ? BigInteger.valueOf(v) : new BigInteger(Long.toUnsignedString(v)));
			}
			default:
				return new Value.Int(p.isSigned() ? r.signed(p.size()) : r.unsigned(p.size()));
		}
	}

	/**
	 * @param type  the type id
	 * @param value a value of that type
	 * @return its encoding
	 * @throws ScaleException if the value does not fit the type
	 */
	public byte[] encode(int type, Value value) {
		ScaleWriter w = new ScaleWriter();
		encode(type, value, w);
		return w.toByteArray();
	}

	/**
	 * Encodes a value. Variants are found by name (the index in the value is ignored); fields by
	 * position.
	 *
	 * @param type  the type id
	 * @param value a value of that type
	 * @param w     where to write
	 * @throws ScaleException if the value does not fit the type
	 */
	public void encode(int type, Value value, ScaleWriter w) {
		encode(type, value, w, 0);
	}

	private void encode(int type, Value value, ScaleWriter w, int depth) {
		if (depth > MAX_DEPTH) {
			throw new ScaleException("nesting deeper than " + MAX_DEPTH);
		}
		TypeDef def = registry.get(type).def();
		if (def instanceof PrimitiveDef p) {
			encodePrimitive(p.primitive(), value, w);
		} else if (def instanceof CompositeDef c) {
			List<Value.Field> fs = fieldsOf(value, c.fields().size(), type);
			for (int i = 0; i < fs.size(); i++) {
				encode(c.fields().get(i).type(), fs.get(i).value(), w, depth + 1);
			}
		} else if (def instanceof VariantDef v) {
			if (!(value instanceof Value.VariantValue vv)) {
				throw new ScaleException("type " + type + " (" + registry.get(type).pathString() + ") needs a variant, not " + value);
			}
			TypeRegistry.Variant variant = v.byName(vv.name());
			if (variant == null) {
				throw new ScaleException("type " + type + " has no variant " + vv.name());
			}
			w.u8(variant.index());
			if (vv.fields().size() != variant.fields().size()) {
				throw new ScaleException("variant " + vv.name() + " has " + variant.fields().size() + " fields, not " + vv.fields().size());
			}
			for (int i = 0; i < vv.fields().size(); i++) {
				encode(variant.fields().get(i).type(), vv.fields().get(i).value(), w, depth + 1);
			}
		} else if (def instanceof SequenceDef s) {
			if (isU8(s.element()) && value instanceof Value.Bytes b) {
				w.bytes(b.bytes());
			} else {
				List<Value> es = elementsOf(value);
				w.compact(es.size());
				for (Value e : es) {
					encode(s.element(), e, w, depth + 1);
				}
			}
		} else if (def instanceof ArrayDef a) {
			if (isU8(a.element()) && value instanceof Value.Bytes b) {
				if (b.bytes().length != a.length()) {
					throw new ScaleException("array of " + a.length() + " bytes given " + b.bytes().length);
				}
				w.raw(b.bytes());
			} else {
				List<Value> es = elementsOf(value);
				if (es.size() != a.length()) {
					throw new ScaleException("array of " + a.length() + " given " + es.size());
				}
				for (Value e : es) {
					encode(a.element(), e, w, depth + 1);
				}
			}
		} else if (def instanceof TupleDef t) {
			List<Value.Field> fs = fieldsOf(value, t.elements().size(), type);
			for (int i = 0; i < fs.size(); i++) {
				encode(t.elements().get(i), fs.get(i).value(), w, depth + 1);
			}
		} else if (def instanceof CompactDef c) {
			Value v = value;
			while (v instanceof Value.Composite comp && comp.fields().size() == 1) {
				v = comp.fields().get(0).value();
			}
			if (v instanceof Value.Composite comp && comp.fields().isEmpty()) {
				w.compact(0);
			} else {
				w.compact(v.asBigInteger());
			}
		} else if (def instanceof BitSequenceDef b) {
			if (!(value instanceof Value.BitSequence bs)) {
				throw new ScaleException("type " + type + " needs a bit sequence");
			}
			w.compact(bs.bits()).raw(bs.store());
		}
	}

	private static List<Value.Field> fieldsOf(Value value, int expected, int type) {
		List<Value.Field> fs;
		if (value instanceof Value.Composite c) {
			fs = c.fields();
		} else if (expected == 1) {
			fs = List.of(new Value.Field(null, value));
		} else {
			throw new ScaleException("type " + type + " needs a composite of " + expected + " fields, not " + value);
		}
		if (fs.size() != expected) {
			throw new ScaleException("type " + type + " has " + expected + " fields, given " + fs.size());
		}
		return fs;
	}

	private static List<Value> elementsOf(Value value) {
		if (value instanceof Value.Sequence s) {
			return s.elements();
		}
		if (value instanceof Value.Bytes b) {
			List<Value> out = new ArrayList<>(b.bytes().length);
			for (byte x : b.bytes()) {
				out.add(Value.of(x & 0xff));
			}
			return out;
		}
		throw new ScaleException("needs a sequence, not " + value);
	}

	private static void encodePrimitive(Primitive p, Value value, ScaleWriter w) {
		switch (p) {
			case BOOL -> {
				if (!(value instanceof Value.Bool b)) {
					throw new ScaleException("needs a bool, not " + value);
				}
				w.bool(b.value());
			}
			case CHAR -> {
				if (!(value instanceof Value.Char c)) {
					throw new ScaleException("needs a char, not " + value);
				}
				w.u32(c.codePoint());
			}
			case STR -> {
				if (!(value instanceof Value.Str s)) {
					throw new ScaleException("needs a string, not " + value);
				}
				w.string(s.value());
			}
			default -> {
				BigInteger v = value.asBigInteger();
				if (!p.isSigned() && v.signum() < 0) {
					throw new ScaleException(p + " cannot hold " + v);
				}
				try {
					w.integer(v, p.size());
				} catch (IllegalArgumentException e) {
					throw new ScaleException(p + " cannot hold " + v);
				}
			}
		}
	}
}
