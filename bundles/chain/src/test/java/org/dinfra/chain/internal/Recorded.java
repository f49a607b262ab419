package org.dinfra.chain.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Recorded data of our runtime (scripts/vectors/chain/generate.mjs): System.Events of the dev
 * chain after //Bob registered a type, //Charlie registered as provider, //Dave subscribed (id 0),
 * //Charlie reported it deployed, //Dave topped it up and cancelled it.
 */
final class Recorded {
	static final Metadata METADATA = Metadata.parse(bytes("metadata-dinfra-v15.scale"));
	static final String CHARLIE = "0x439660b36c6c03afafca027b910b4fecf99801834c62a5e6006f27d978de234f";
	static final String BOB = "0xd17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69";
	static final String DAVE_ADDRESS = "5ECTwv6cZ5nJQPk6tWfaTrEk8YH2L7X1VT4EL5Tx2ikfFwb7";

	private Recorded() {
	}

	/** @param label a block label of events.json @return its decoded events */
	static List<Events.EventRecord> events(String label) {
		for (JsonNode block : json("events.json")) {
			if (block.get("label").asText().equals(label)) {
				return Events.decode(METADATA, hex(block.get("hex").asText()));
			}
		}
		throw new AssertionError("no block " + label + " in events.json");
	}

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
	}

	static JsonNode json(String name) {
		try {
			return new ObjectMapper().readTree(bytes(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static byte[] bytes(String name) {
		try (InputStream in = Recorded.class.getResourceAsStream("/vectors/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing vector file " + name);
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
