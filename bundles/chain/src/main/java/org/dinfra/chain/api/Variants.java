package org.dinfra.chain.api;

import org.dinfra.chain.client.ScaleException;
import org.dinfra.chain.client.Value;

/** Reading the status enums out of decoded values. */
final class Variants {
	private Variants() {
	}

	static Value field(Value struct, String name) {
		if (struct instanceof Value.Composite c) {
			return c.get(name);
		}
		throw new ScaleException("not a struct: " + struct);
	}

	static String name(Value variant, String type) {
		if (variant instanceof Value.VariantValue v) {
			return v.name();
		}
		throw new ScaleException("not a " + type + ": " + variant);
	}
}
