package org.dinfra.keys.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dinfra.keys.api.KeyException;

/**
 * A parsed Substrate secret URI, {@code <phrase>[/soft|//hard]*[///password]}, following
 * Substrate's {@code SecretUri} grammar:
 * {@code ^(?<phrase>[\d\w ]+)?(?<path>(//?[^/]+)*)(///(?<password>.*))?$}, an absent phrase
 * meaning the dev phrase. Positions point into the caller's array; nothing secret is copied
 * into a {@code String}.
 *
 * @param phraseStart   start of the phrase in the URI
 * @param phraseEnd     end (exclusive) of the phrase; equal to the start when the dev phrase is meant
 * @param junctions     the derivation path
 * @param passwordStart start of the password, or -1 when there is none; it runs to the end
 */
record SecretUri(int phraseStart, int phraseEnd, List<Junction> junctions, int passwordStart) {
	static final String FORMAT = "<mnemonic or 0x seed>[//hard][///password]";

	/**
	 * One derivation step.
	 *
	 * @param hard      {@code //name} (true) or {@code /name} (false)
	 * @param chainCode the 32-byte chain code of the name
	 */
	record Junction(boolean hard, byte[] chainCode) {
	}

	static SecretUri parse(char[] suri) throws KeyException {
		int end = suri.length;
		int passwordStart = -1;
		for (int i = 0; i + 2 < suri.length; i++) {
			if (suri[i] == '/' && suri[i + 1] == '/' && suri[i + 2] == '/') {
				passwordStart = i + 3;
				end = i;
				break;
			}
		}
		int phraseEnd = 0;
		while (phraseEnd < end && suri[phraseEnd] != '/') {
			if (!isPhraseChar(suri[phraseEnd])) {
				throw new KeyException("not a secret URI: the phrase may hold only letters, digits and spaces; expected " + FORMAT);
			}
			phraseEnd++;
		}
		List<Junction> junctions = new ArrayList<>();
		int i = phraseEnd;
		while (i < end) {
			// suri[i] == '/'
			boolean hard = i + 1 < end && suri[i + 1] == '/';
			int start = i + (hard ? 2 : 1);
			int stop = start;
			while (stop < end && suri[stop] != '/') {
				stop++;
			}
			if (stop == start) {
				throw new KeyException("not a secret URI: empty junction in the derivation path; expected " + FORMAT);
			}
			junctions.add(new Junction(hard, chainCode(suri, start, stop)));
			i = stop;
		}
		return new SecretUri(0, phraseEnd, List.copyOf(junctions), passwordStart);
	}

	boolean devPhrase() {
		return phraseStart == phraseEnd;
	}

	/** @return the password as UTF-8, empty when there is none; clear it when done */
	byte[] password(char[] suri) {
		if (passwordStart < 0) {
			return new byte[0];
		}
		return utf8(suri, passwordStart, suri.length);
	}

	private static boolean isPhraseChar(char c) {
		// Rust's \w and \d: letters, marks, digits, connector punctuation
		if (c == ' ' || Character.isLetterOrDigit(c)) {
			return true;
		}
		int type = Character.getType(c);
		return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
				|| type == Character.ENCLOSING_MARK || type == Character.CONNECTOR_PUNCTUATION;
	}

	/**
	 * Substrate's {@code DeriveJunction::from}: a decimal that fits a u64 is its 8 little-endian
	 * bytes; anything else is the SCALE encoding of the string (compact length + UTF-8), hashed
	 * with blake2b-256 when longer than 32 bytes; the result is zero-padded to 32 bytes.
	 */
	static byte[] chainCode(char[] chars, int start, int stop) throws KeyException {
		byte[] code = new byte[32];
		if (isDecimal(chars, start, stop)) {
			try {
				long value = Long.parseUnsignedLong(CharBuffer.wrap(chars, start, stop - start), 0, stop - start, 10);
				for (int b = 0; b < 8; b++) {
					code[b] = (byte) (value >>> (8 * b));
				}
				return code;
			} catch (NumberFormatException e) {
				// larger than a u64: a string junction, as in Substrate
			}
		}
		byte[] text = utf8(chars, start, stop);
		byte[] encoded = Scale.withCompactLength(text);
		Arrays.fill(text, (byte) 0);
		if (encoded.length > 32) {
			byte[] hash = Hashes.blake2b256(encoded);
			System.arraycopy(hash, 0, code, 0, 32);
		} else {
			System.arraycopy(encoded, 0, code, 0, encoded.length);
		}
		Arrays.fill(encoded, (byte) 0);
		return code;
	}

	private static boolean isDecimal(char[] chars, int start, int stop) {
		for (int i = start; i < stop; i++) {
			if (chars[i] < '0' || chars[i] > '9') {
				return false;
			}
		}
		return stop > start;
	}

	static byte[] utf8(char[] chars, int start, int stop) {
		ByteBuffer buffer;
		try {
			buffer = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(chars, start, stop - start));
		} catch (CharacterCodingException e) {
			throw new IllegalArgumentException("unpaired surrogate in a secret URI", e);
		}
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		if (buffer.hasArray()) {
			Arrays.fill(buffer.array(), (byte) 0);
		}
		return bytes;
	}
}
