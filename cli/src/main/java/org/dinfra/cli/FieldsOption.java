package org.dinfra.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Option;

/**
 * {@code --field PATH}: prints chosen values of a command's JSON output as plain text for shell
 * scripts, so that they need no JSON parser: one line per record, the fields in the order given,
 * separated by a tab. A path is member names separated by dots; {@code *} stands for every member
 * of an object or element of an array; a string that holds JSON (a subscription's
 * {@code endpoint}) is read as JSON when the path goes on into it. Several values of one field are
 * separated by a space; a missing value is empty.
 */
public final class FieldsOption {
	private static final ObjectMapper JSON = new ObjectMapper();

	@Option(names = "--field", paramLabel = "PATH",
			description = "Print only these values, tab separated, one line per record (repeatable; a.b for a member, "
					+ "* for every member, e.g. --field id --field endpoint.*). Paths are those of --json.")
	List<String> paths = new ArrayList<>();

	/** @return whether {@code --field} was given */
	public boolean given() {
		return !paths.isEmpty();
	}

	/**
	 * @param record a JSON object as the command's {@code --json} prints it
	 * @return the values of the fields, tab separated
	 */
	public String line(JsonNode record) {
		return paths.stream().map(p -> values(record, p)).collect(Collectors.joining("\t"));
	}

	/** @return the values at a path, space separated */
	static String values(JsonNode record, String path) {
		List<JsonNode> at = List.of(record);
		for (String step : path.split("\\.")) {
			List<JsonNode> next = new ArrayList<>();
			for (JsonNode n : at) {
				JsonNode node = n.isTextual() ? parsed(n.asText()) : n;
				if (node == null) {
					continue;
				}
				if (step.equals("*")) {
					node.forEach(next::add);
				} else if (node.has(step)) {
					next.add(node.get(step));
				}
			}
			at = next;
		}
		return at.stream().map(n -> n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString()).collect(Collectors.joining(" "));
	}

	private static JsonNode parsed(String text) {
		String t = text.strip();
		if (!t.startsWith("{") && !t.startsWith("[")) {
			return null;
		}
		try {
			return JSON.readTree(t);
		} catch (JsonProcessingException e) {
			return null;
		}
	}
}
