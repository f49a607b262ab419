package org.dinfra.keys.api;

import java.util.Arrays;

/** A BIP39 mnemonic (English words separated by single spaces); {@link #close()} clears it. */
public final class Mnemonic implements AutoCloseable {
	private final char[] phrase;
	private final int words;

	/**
	 * @param phrase the words separated by single spaces; the array is taken over, not copied
	 * @param words  the number of words
	 */
	public Mnemonic(char[] phrase, int words) {
		this.phrase = phrase;
		this.words = words;
	}

	/** @return a copy of the phrase; clear it when done */
	public char[] phrase() {
		return phrase.clone();
	}

	/** @return the number of words: 12, 15, 18, 21 or 24 */
	public int wordCount() {
		return words;
	}

	/** Overwrites the phrase with zeros. */
	@Override
	public void close() {
		Arrays.fill(phrase, '\0');
	}

	/** @return the word count, never the words */
	@Override
	public String toString() {
		return "Mnemonic[" + words + " words]";
	}
}
