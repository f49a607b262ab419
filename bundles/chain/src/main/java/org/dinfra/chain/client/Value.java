package org.dinfra.chain.client;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A decoded value of any registry type: the tree {@link ValueCodec} produces and consumes.
 * Sequences and arrays of {@code u8} are {@link Bytes}; every integer (fixed or compact) is an
 * {@link Int}.
 */
public sealed interface Value {

	/**
	 * A named or positional field of a {@link Composite} or {@link VariantValue}.
	 *
	 * @param name  the field name, null for positional fields
	 * @param value the value
	 */
	record Field(String name, Value value) {
	}

	/** @param fields the fields of a struct or tuple, in order */
	record Composite(List<Field> fields) implements Value {
		/**
		 * @param name a field name
		 * @return the field's value
		 * @throws ScaleException if there is no such field
		 */
		public Value get(String name) {
			return Value.field(fields, name);
		}
	}

	/**
	 * @param name   the variant name
	 * @param index  its encoded index
	 * @param fields its fields
	 */
	record VariantValue(String name, int index, List<Field> fields) implements Value {
		/**
		 * @param name a field name
		 * @return the field's value
		 * @throws ScaleException if there is no such field
		 */
		public Value get(String name) {
			return Value.field(fields, name);
		}
	}

	/** @param elements the elements of a sequence or array */
	record Sequence(List<Value> elements) implements Value {
	}

	/** @param bytes a {@code Vec<u8>} or {@code [u8; N]} */
	record Bytes(byte[] bytes) implements Value {
		@Override
		public boolean equals(Object o) {
			return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(bytes);
		}

		@Override
		public String toString() {
			return "0x" + HexFormat.of().formatHex(bytes);
		}
	}

	/** @param value an integer of any width, signed or not, fixed or compact */
	record Int(BigInteger value) implements Value {
		@Override
		public String toString() {
			return value.toString();
		}
	}

	/** @param value a boolean */
	record Bool(boolean value) implements Value {
	}

	/** @param value a string */
	record Str(String value) implements Value {
	}

	/** @param codePoint a char */
	record Char(int codePoint) implements Value {
	}

	/**
	 * @param bits  the number of bits
	 * @param store the stored bytes as encoded (after the length)
	 */
	record BitSequence(int bits, byte[] store) implements Value {
		@Override
		public boolean equals(Object o) {
			return o instanceof BitSequence b && bits == b.bits && Arrays.equals(store, b.store);
		}

		@Override
		public int hashCode() {
			return 31 * bits + Arrays.hashCode(store);
		}
	}

	/** @param value an integer @return it as a value */
	static Value of(long value) {
		return new Int(BigInteger.valueOf(value));
	}

	/** @param value bytes @return them as a value */
	static Value of(byte[] value) {
		return new Bytes(value.clone());
	}

	/** @param name a variant name without fields @return it as a value (index resolved on encoding) */
	static Value variant(String name) {
		return new VariantValue(name, -1, List.of());
	}

	/** @return this integer as a long @throws ScaleException if it is not an integer that fits */
	default long asLong() {
		if (this instanceof Int i && i.value().bitLength() <= 64) {
			return i.value().longValue();
		}
		throw new ScaleException("not a 64-bit integer: " + this);
	}

	/** @return this integer @throws ScaleException if it is not an integer */
	default BigInteger asBigInteger() {
		if (this instanceof Int i) {
			return i.value();
		}
		throw new ScaleException("not an integer: " + this);
	}

	/**
	 * @return the bytes of a byte sequence, or of a composite wrapping one (such as
	 *         {@code AccountId32([u8; 32])} or {@code BoundedVec<u8>})
	 * @throws ScaleException if it is neither
	 */
	default byte[] asBytes() {
		Value v = this;
		while (v instanceof Composite c && c.fields().size() == 1) {
			v = c.fields().get(0).value();
		}
		if (v instanceof Bytes b) {
			return b.bytes().clone();
		}
		throw new ScaleException("not bytes: " + this);
	}

	/**
	 * @return the elements of a sequence, or of a composite wrapping one (such as {@code BoundedVec<T>})
	 * @throws ScaleException if it is neither
	 */
	default List<Value> asSequence() {
		Value v = this;
		while (v instanceof Composite c && c.fields().size() == 1) {
			v = c.fields().get(0).value();
		}
		if (v instanceof Sequence s) {
			return s.elements();
		}
		throw new ScaleException("not a sequence: " + this);
	}

	private static Value field(List<Field> fields, String name) {
		for (Field f : fields) {
			if (name.equals(f.name())) {
				return f.value();
			}
		}
		throw new ScaleException("no field " + name);
	}
}
