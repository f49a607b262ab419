package org.dinfra.keys.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Mnemonic;

/**
 * English BIP39 mnemonics: entropy to words and back, with the checksum. The word list is the
 * one of the BIP39 specification (SHA-256 2f5eed53...dbda), as {@code @polkadot/util-crypto}
 * ships it. Words are compared in place, so a phrase never becomes a {@code String}.
 */
final class Bip39 {
	private static final String[] WORDS = loadWords();

	private Bip39() {
	}

	/**
	 * @param words  12, 15, 18, 21 or 24
	 * @param random the entropy source
	 */
	static Mnemonic generate(int words, SecureRandom random) throws KeyException {
		checkWordCount(words);
		byte[] entropy = new byte[words / 3 * 4];
		random.nextBytes(entropy);
		try {
			return fromEntropy(entropy);
		} finally {
			Arrays.fill(entropy, (byte) 0);
		}
	}

	/** @param entropy 16, 20, 24, 28 or 32 bytes */
	static Mnemonic fromEntropy(byte[] entropy) {
		int entropyBits = entropy.length * 8;
		int words = (entropyBits + entropyBits / 32) / 11;
		byte[] hash = sha256(entropy);
		int length = words - 1;
		int[] indices = new int[words];
		for (int w = 0; w < words; w++) {
			int index = 0;
			for (int b = 0; b < 11; b++) {
				int bit = w * 11 + b;
				index = index << 1 | bit(bit < entropyBits ? entropy : hash, bit < entropyBits ? bit : bit - entropyBits);
			}
			indices[w] = index;
			length += WORDS[index].length();
		}
		char[] phrase = new char[length];
		int at = 0;
		for (int w = 0; w < words; w++) {
			if (w > 0) {
				phrase[at++] = ' ';
			}
			String word = WORDS[indices[w]];
			word.getChars(0, word.length(), phrase, at);
			at += word.length();
		}
		Arrays.fill(indices, 0);
		Arrays.fill(hash, (byte) 0);
		return new Mnemonic(phrase, words);
	}

	/**
	 * @param chars the characters holding the phrase (words separated by whitespace)
	 * @param from  start of the phrase
	 * @param to    end (exclusive) of the phrase
	 * @return the entropy; clear it when done
	 * @throws KeyException on a wrong word count, an unknown word or a bad checksum
	 */
	static byte[] toEntropy(char[] chars, int from, int to) throws KeyException {
		List<int[]> spans = words(chars, from, to);
		checkWordCount(spans.size());
		int words = spans.size();
		int totalBits = words * 11;
		int checksumBits = totalBits / 33;
		int entropyBits = totalBits - checksumBits;
		byte[] bits = new byte[(totalBits + 7) / 8];
		try {
			for (int w = 0; w < words; w++) {
				int[] span = spans.get(w);
				int index = indexOf(chars, span[0], span[1]);
				if (index < 0) {
					throw new KeyException("word " + (w + 1) + " of the mnemonic is not in the BIP39 English word list");
				}
				for (int b = 0; b < 11; b++) {
					if ((index >> (10 - b) & 1) != 0) {
						int bit = w * 11 + b;
						bits[bit / 8] |= (byte) (0x80 >>> (bit % 8));
					}
				}
			}
			byte[] entropy = Arrays.copyOf(bits, entropyBits / 8);
			byte[] hash = sha256(entropy);
			for (int c = 0; c < checksumBits; c++) {
				if (bit(hash, c) != bit(bits, entropyBits + c)) {
					Arrays.fill(entropy, (byte) 0);
					throw new KeyException("the mnemonic's checksum does not match: a word is wrong or out of place");
				}
			}
			return entropy;
		} finally {
			Arrays.fill(bits, (byte) 0);
		}
	}

	private static void checkWordCount(int words) throws KeyException {
		if (!Keys.MNEMONIC_WORD_COUNTS.contains(words)) {
			throw new KeyException("a mnemonic has 12, 15, 18, 21 or 24 words, not " + words);
		}
	}

	/** Spans {@code [start, end)} of the words, separated by runs of whitespace. */
	private static List<int[]> words(char[] chars, int from, int to) {
		List<int[]> spans = new ArrayList<>();
		int i = from;
		while (i < to) {
			while (i < to && Character.isWhitespace(chars[i])) {
				i++;
			}
			int start = i;
			while (i < to && !Character.isWhitespace(chars[i])) {
				i++;
			}
			if (i > start) {
				spans.add(new int[] { start, i });
			}
		}
		return spans;
	}

	/** Binary search of the sorted word list without making a String of the word. */
	private static int indexOf(char[] chars, int start, int end) {
		int low = 0;
		int high = WORDS.length - 1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			int cmp = compare(WORDS[mid], chars, start, end);
			if (cmp < 0) {
				low = mid + 1;
			} else if (cmp > 0) {
				high = mid - 1;
			} else {
				return mid;
			}
		}
		return -1;
	}

	private static int compare(String word, char[] chars, int start, int end) {
		int n = Math.min(word.length(), end - start);
		for (int i = 0; i < n; i++) {
			int d = word.charAt(i) - chars[start + i];
			if (d != 0) {
				return d;
			}
		}
		return word.length() - (end - start);
	}

	private static int bit(byte[] bytes, int bit) {
		return bytes[bit / 8] >> (7 - bit % 8) & 1;
	}

	private static byte[] sha256(byte[] data) {
		SHA256Digest digest = new SHA256Digest();
		digest.update(data, 0, data.length);
		byte[] out = new byte[32];
		digest.doFinal(out, 0);
		return out;
	}

	private static String[] loadWords() {
		try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
			if (in == null) {
				throw new IllegalStateException("bip39-english.txt is missing from the bundle");
			}
			List<String> words = new ArrayList<>(2048);
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line; (line = reader.readLine()) != null;) {
				if (!line.isEmpty()) {
					words.add(line);
				}
			}
			String[] array = words.toArray(new String[0]);
			if (array.length != 2048) {
				throw new IllegalStateException("bip39-english.txt has " + array.length + " words, not 2048");
			}
			for (int i = 1; i < array.length; i++) {
				if (array[i - 1].compareTo(array[i]) >= 0) {
					throw new IllegalStateException("bip39-english.txt is not sorted at " + array[i]);
				}
			}
			return array;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
