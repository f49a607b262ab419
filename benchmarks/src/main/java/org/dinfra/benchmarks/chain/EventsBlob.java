package org.dinfra.benchmarks.chain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.dinfra.chain.client.ScaleReader;
import org.dinfra.chain.client.ScaleWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds a large {@code System.Events} storage value out of the recorded ones of our runtime
 * ({@code bundles/chain/src/test/resources/vectors/events.json}): the event records of every
 * recorded block (the bytes after each block's compact count), concatenated and repeated until
 * there are at least N records, behind the compact count of the whole. Every record is a real
 * record of our runtime, so the blob decodes as a {@code Vec<EventRecord>} in any implementation.
 *
 * <p>{@code java -cp benchmarks/target/dinfra-benchmarks.jar org.dinfra.benchmarks.chain.EventsBlob
 * <events.json> <min events> <out file>} writes the blob and prints its event count, size and
 * SHA-256.
 */
public final class EventsBlob {
	private static final HexFormat HEX = HexFormat.of();

	private EventsBlob() {
	}

	/**
	 * @param eventsJson the recorded vectors
	 * @param minEvents  the fewest records the blob has
	 * @return the blob
	 * @throws IOException if the file cannot be read
	 */
	public static byte[] build(Path eventsJson, int minEvents) throws IOException {
		JsonNode blocks = new ObjectMapper().readTree(eventsJson.toFile());
		List<byte[]> bodies = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		int perRound = 0;
		for (JsonNode block : blocks) {
			String hex = block.get("hex").asText();
			byte[] raw = HEX.parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
			ScaleReader r = new ScaleReader(raw);
			int n = (int) r.compactLong();
			bodies.add(java.util.Arrays.copyOfRange(raw, r.position(), raw.length));
			counts.add(n);
			perRound += n;
		}
		if (perRound == 0) {
			throw new IllegalArgumentException("error: no event records in " + eventsJson);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int total = 0;
		while (total < minEvents) {
			for (int i = 0; i < bodies.size(); i++) {
				body.writeBytes(bodies.get(i));
				total += counts.get(i);
			}
		}
		ScaleWriter w = new ScaleWriter();
		w.compact(total);
		w.raw(body.toByteArray());
		return w.toByteArray();
	}

	/**
	 * @param blob a {@code System.Events} value
	 * @return its compact count of records
	 */
	public static int count(byte[] blob) {
		return (int) new ScaleReader(blob).compactLong();
	}

	/**
	 * @param bytes any bytes
	 * @return their SHA-256 in hex
	 */
	public static String sha256(byte[] bytes) {
		try {
			return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * @param args events.json, the minimum number of events, the output file
	 * @throws IOException if a file cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("usage: EventsBlob <events.json> <min events> <out file>");
			System.exit(2);
		}
		byte[] blob = build(Path.of(args[0]), Integer.parseInt(args[1]));
		Files.write(Path.of(args[2]), blob);
		System.out.println("events " + count(blob) + " bytes " + blob.length + " sha256 " + sha256(blob));
	}
}
